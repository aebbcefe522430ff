package org.cryomine.core.accel;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.ServiceConfigurationError;
import java.util.ServiceLoader;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Finds the DoG accelerator to use, once per JVM: the first {@link DogAccelerator} on the class path (in
 * {@link ServiceLoader} order) whose {@link DogAccelerator#status()} says available, unless the system
 * property {@value #PROPERTY} says otherwise ({@code auto}, the default; {@code cpu} to never use one; or a
 * provider's {@link DogAccelerator#name() name} to use only that one). The choice is logged in one INFO
 * line, e.g. {@code "DoG picking on the GPU: cuda, NVIDIA H100 ..."} or {@code "DoG picking on the CPU:
 * cuda: no CUDA driver ..."}. Providers are only probed here, so nothing native is loaded before a DoG pick
 * needs it.
 */
public final class Accelerators {

    /** System property choosing the accelerator: {@code auto} (default), {@code cpu}, or a provider name. */
    public static final String PROPERTY = "cryomine.accelerator";

    private static final Logger LOG = LoggerFactory.getLogger(Accelerators.class);

    private Accelerators() {
    }

    private static final class Dog {
        static final Optional<DogAccelerator> CHOSEN = choose(load(), System.getProperty(PROPERTY, "auto"));
    }

    /** The DoG accelerator to use, or empty for the CPU; probed and logged on the first call only. */
    public static Optional<DogAccelerator> dog() {
        return Dog.CHOSEN;
    }

    /**
     * Every DoG provider on the class path, instantiated but not probed; a provider whose class cannot be
     * loaded is left out (and logged at DEBUG).
     */
    public static List<DogAccelerator> dogProviders() {
        return load();
    }

    private static List<DogAccelerator> load() {
        List<DogAccelerator> out = new ArrayList<>();
        Iterator<DogAccelerator> it = ServiceLoader.load(DogAccelerator.class, Accelerators.class.getClassLoader())
                .iterator();
        while (true) {
            try {
                if (!it.hasNext()) {
                    break;
                }
                out.add(it.next());
            } catch (ServiceConfigurationError | LinkageError e) {
                LOG.debug("skipping a DoG accelerator that cannot be loaded: {}", e.toString());
            }
        }
        return out;
    }

    /**
     * The accelerator {@code choice} selects among {@code providers} (see {@link #PROPERTY}), logging the
     * one line that says which path DoG picking takes. A provider whose status check throws counts as
     * unavailable.
     */
    static Optional<DogAccelerator> choose(List<DogAccelerator> providers, String choice) {
        String c = choice == null ? "auto" : choice.trim().toLowerCase(Locale.ROOT);
        if (c.equals("cpu") || c.equals("none")) {
            LOG.info("DoG picking on the CPU: -D{}={}", PROPERTY, choice);
            return Optional.empty();
        }
        List<String> reasons = new ArrayList<>();
        boolean named = false;
        for (DogAccelerator a : providers) {
            String name = safeName(a);
            if (!c.equals("auto") && !c.equals(name.toLowerCase(Locale.ROOT))) {
                continue;
            }
            named = true;
            AcceleratorStatus s = status(a);
            if (s.available()) {
                LOG.info("DoG picking on the GPU: {}, {}", name, s.description());
                return Optional.of(a);
            }
            reasons.add(name + ": " + s.description());
        }
        if (!c.equals("auto") && !named) {
            reasons.add("no accelerator named '" + choice + "' on the class path (-D" + PROPERTY + "; found "
                    + providers.stream().map(Accelerators::safeName).toList() + ")");
        }
        String why = reasons.isEmpty() ? "no accelerator on the class path" : String.join("; ", reasons);
        if (c.equals("auto")) {
            // the usual case on a machine without a GPU: one short line, at debug level
            LOG.debug("DoG picking on the CPU: {}", why);
        } else {
            LOG.warn("DoG picking on the CPU, although -D{}={} asked for an accelerator: {}", PROPERTY, choice, why);
        }
        return Optional.empty();
    }

    private static AcceleratorStatus status(DogAccelerator a) {
        try {
            AcceleratorStatus s = a.status();
            return s == null ? AcceleratorStatus.unavailable("its status check returned nothing") : s;
        } catch (RuntimeException | LinkageError e) {
            return AcceleratorStatus.unavailable("its status check failed: " + e);
        }
    }

    private static String safeName(DogAccelerator a) {
        try {
            return a.name();
        } catch (RuntimeException | LinkageError e) {
            return a.getClass().getName();
        }
    }
}
