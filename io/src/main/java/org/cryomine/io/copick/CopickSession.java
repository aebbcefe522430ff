package org.cryomine.io.copick;

/**
 * Who wrote a copick pick file or segmentation: copick's {@code user_id} (a person or a tool's name) and {@code
 * session_id} ("0" marks what a tool generated; copick/copick {@code src/copick/models.py}, {@code
 * CopickPicks.from_tool}). Both are valid by {@link CopickNames}. Immutable.
 *
 * @param userId    the user or tool
 * @param sessionId the session
 */
public record CopickSession(String userId, String sessionId) {

    /** cryomine's default: user "cryomine", session "0" (tool-generated, as copick counts it). */
    public static final CopickSession TOOL = new CopickSession("cryomine", "0");

    public CopickSession {
        CopickNames.requireValid("copick user id", userId);
        CopickNames.requireValid("copick session id", sessionId);
    }
}
