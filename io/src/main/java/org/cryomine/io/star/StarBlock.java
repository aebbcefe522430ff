package org.cryomine.io.star;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A STAR data block ({@code data_name}): key-value pairs (keys without the underscore) and loops.
 * Immutable; keys keep their file order.
 */
public record StarBlock(String name, Map<String, String> values, List<StarLoop> loops) {

    public StarBlock {
        if (name == null || name.chars().anyMatch(Character::isWhitespace)) {
            throw new IllegalArgumentException("bad STAR block name '" + name + "'");
        }
        values = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(values));
        loops = List.copyOf(loops);
    }

    /** A block holding one loop. */
    public static StarBlock ofLoop(String name, StarLoop loop) {
        return new StarBlock(name, Map.of(), List.of(loop));
    }

    /** The first loop that has the given column. */
    public Optional<StarLoop> loopWith(String column) {
        return loops.stream().filter(l -> l.has(column)).findFirst();
    }
}
