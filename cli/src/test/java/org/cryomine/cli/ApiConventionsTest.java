package org.cryomine.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.lang.reflect.Constructor;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.jar.JarFile;
import java.util.stream.Stream;
import org.cryomine.cluster.KMeansClusterer;
import org.cryomine.core.Volume;
import org.cryomine.demo.Demo;
import org.cryomine.io.Volumes;
import org.cryomine.nn.Autoencoder3D;
import org.cryomine.pipeline.MiningPipeline;
import org.cryomine.segmentation.Selection;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The configuration and persistence conventions of the public API (docs/api.md), checked by reflection over every
 * public class of the library modules, so that a new class cannot bring back a second style.
 */
class ApiConventionsTest {

    /** Operations that return a new object of their own type but are not settings copiers. */
    private static final Set<String> OPERATIONS = Set.of("Vec3.plus", "Vec3.minus", "Vec3.times", "Volume.crop",
            "ClusterModel.alignedTo", "Selection.requireClustersBelow");

    private static final List<Class<?>> API = new ArrayList<>();

    @BeforeAll
    static void loadPublicClasses() throws Exception {
        for (Class<?> anchor : List.of(Volume.class, Volumes.class, Autoencoder3D.class, KMeansClusterer.class,
                Selection.class, MiningPipeline.class, Demo.class)) {
            for (String name : classNames(Path.of(anchor.getProtectionDomain().getCodeSource().getLocation().toURI()))) {
                Class<?> c = Class.forName(name, false, ApiConventionsTest.class.getClassLoader());
                if (Modifier.isPublic(c.getModifiers()) && !c.isSynthetic()) {
                    API.add(c);
                }
            }
        }
        assertThat(API).as("public classes found").hasSizeGreaterThan(100);
    }

    @Test
    void settingsAreChangedByWithCopiesOrInBuilders() {
        List<String> bareCopiers = new ArrayList<>();
        for (Class<?> c : API) {
            if (c.getSimpleName().endsWith("Builder")) {
                continue;
            }
            for (Method m : c.getDeclaredMethods()) {
                boolean copier = Modifier.isPublic(m.getModifiers()) && !Modifier.isStatic(m.getModifiers())
                        && m.getReturnType() == c && m.getParameterCount() > 0;
                String name = c.getSimpleName() + "." + m.getName();
                if (copier && !m.getName().startsWith("with") && !OPERATIONS.contains(name)) {
                    bareCopiers.add(name);
                }
            }
        }
        assertThat(bareCopiers).as("copiers not named with*: rename them (docs/api.md)").isEmpty();
    }

    @Test
    void noStaticMethodIsNamedLikeACopier() {
        List<String> traps = new ArrayList<>();
        for (Class<?> c : API) {
            for (Method m : c.getDeclaredMethods()) {
                if (Modifier.isPublic(m.getModifiers()) && Modifier.isStatic(m.getModifiers())
                        && m.getName().startsWith("with") && !m.getName().equals("withDefaults")) {
                    traps.add(c.getSimpleName() + "." + m.getName());
                }
            }
        }
        assertThat(traps).as("static with* methods read like copiers on an instance; name them of(...)").isEmpty();
    }

    @Test
    void noLongPositionalConstructorsBesidesRecordComponents() {
        List<String> longOnes = new ArrayList<>();
        for (Class<?> c : API) {
            for (Constructor<?> k : c.getConstructors()) {
                boolean canonical = c.isRecord() && Arrays.equals(k.getParameterTypes(),
                        Arrays.stream(c.getRecordComponents()).map(r -> r.getType()).toArray(Class<?>[]::new));
                if (k.getParameterCount() > 5 && !canonical) {
                    longOnes.add(c.getSimpleName() + k.getParameterCount());
                }
            }
        }
        assertThat(longOnes).as("public constructors of more than 5 arguments: use of(...) and with* copies").isEmpty();
    }

    @Test
    void whatCanBeSavedIsSavedAndLoadedOneWay() throws Exception {
        int saveable = 0;
        for (Class<?> c : API) {
            boolean saves = Arrays.stream(c.getMethods()).anyMatch(m -> m.getName().equals("save"));
            boolean writes = Arrays.stream(c.getMethods()).anyMatch(m -> m.getName().equals("write"));
            assertThat(saves && writes).as(c.getSimpleName() + " has both save and write: models and selections"
                    + " save/load, file formats and reports write/read").isFalse();
            if (!saves || c.isInterface()) {
                continue;
            }
            saveable++;
            assertThat(c.getMethod("save", Path.class)).as(c.getSimpleName() + ".save(Path)").isNotNull();
            assertThat(c.getMethod("save", Path.class, boolean.class)).as(c.getSimpleName() + ".save(Path, boolean)")
                    .isNotNull();
            Method load = c.getMethod("load", Path.class);
            assertThat(Modifier.isStatic(load.getModifiers()) && load.getReturnType() == c)
                    .as(c.getSimpleName() + ".load(Path) is static and returns " + c.getSimpleName()).isTrue();
        }
        assertThat(saveable).as("saveable classes: autoencoder, Edss3d, cluster model, selection").isGreaterThanOrEqualTo(4);
    }

    private static List<String> classNames(Path location) throws IOException, URISyntaxException {
        List<String> names = new ArrayList<>();
        if (Files.isDirectory(location)) {
            try (Stream<Path> files = Files.walk(location)) {
                files.map(p -> location.relativize(p).toString().replace('\\', '/'))
                        .filter(ApiConventionsTest::isTopLevelClass).forEach(n -> names.add(toClassName(n)));
            }
        } else {
            try (JarFile jar = new JarFile(location.toFile())) {
                jar.stream().map(e -> e.getName()).filter(ApiConventionsTest::isTopLevelClass)
                        .forEach(n -> names.add(toClassName(n)));
            }
        }
        return names;
    }

    private static boolean isTopLevelClass(String entry) {
        return entry.startsWith("org/cryomine/") && entry.endsWith(".class") && !entry.endsWith("package-info.class")
                && !entry.endsWith("module-info.class");
    }

    private static String toClassName(String entry) {
        return entry.substring(0, entry.length() - ".class".length()).replace('/', '.');
    }
}
