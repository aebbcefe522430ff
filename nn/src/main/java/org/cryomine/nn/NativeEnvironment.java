package org.cryomine.nn;

import java.lang.reflect.Field;
import java.lang.reflect.Method;
import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * Adds a variable to the C library's environment of this process ({@code environ}), which native libraries
 * read with {@code getenv} and Java cannot change ({@link System#getenv()} is a copy taken at start-up). Used
 * once, before TensorFlow's libraries load, so that TensorFlow reads {@code TF_CPP_MIN_LOG_LEVEL} for the lines
 * it prints while loading.
 *
 * <p>How: {@code environ}'s address comes from the C library's dynamic symbol table ({@link ElfSymbols}); a new
 * array with the old entries plus the new one is allocated (never freed: the old array stays valid for any
 * thread reading it) and stored into {@code environ} with {@code sun.misc.Unsafe}. Linux only, and only on
 * Java 17 to 23: from Java 24 on, {@code Unsafe}'s memory access prints a deprecation warning, the opposite of
 * the aim, so nothing is done there. Not for general use: the JVM's own {@code System.getenv} does not see the
 * variable, and child processes started with {@code ProcessBuilder} do not inherit it.
 */
final class NativeEnvironment {

    private NativeEnvironment() {
    }

    /**
     * Adds {@code name=value} when {@code name} is not set; returns whether it was added. Does nothing (false)
     * where not possible (not Linux, Java 24 or later, no {@code sun.misc.Unsafe}, symbol not found).
     */
    static synchronized boolean putIfAbsent(String name, String value) {
        if (System.getenv(name) != null || Runtime.version().feature() >= 24) {
            return false;
        }
        try {
            ElfSymbols.Mapped libc = ElfSymbols.find("libc.so.6");
            if (libc == null) {
                return false;
            }
            long environ = ElfSymbols.objects(libc, ElfSymbols.DYNSYM, List.of(ElfSymbols.Wanted.exactly("environ")))[0];
            if (environ == 0) {
                return false;
            }
            Class<?> unsafeClass = Class.forName("sun.misc.Unsafe");
            Field f = unsafeClass.getDeclaredField("theUnsafe");
            f.setAccessible(true);
            Object u = f.get(null);
            Method getAddress = unsafeClass.getMethod("getAddress", long.class);
            Method putAddress = unsafeClass.getMethod("putAddress", long.class, long.class);
            Method allocate = unsafeClass.getMethod("allocateMemory", long.class);
            Method putByte = unsafeClass.getMethod("putByte", long.class, byte.class);

            byte[] entry = (name + "=" + value).getBytes(StandardCharsets.UTF_8);
            long text = (long) allocate.invoke(u, (long) entry.length + 1);
            for (int i = 0; i < entry.length; i++) {
                putByte.invoke(u, text + i, entry[i]);
            }
            putByte.invoke(u, text + entry.length, (byte) 0);

            long old = (long) getAddress.invoke(u, environ);
            int n = 0;
            while (old != 0 && (long) getAddress.invoke(u, old + 8L * n) != 0) {
                n++;
            }
            long fresh = (long) allocate.invoke(u, 8L * (n + 2));
            for (int i = 0; i < n; i++) {
                putAddress.invoke(u, fresh + 8L * i, getAddress.invoke(u, old + 8L * i));
            }
            putAddress.invoke(u, fresh + 8L * n, text);
            putAddress.invoke(u, fresh + 8L * (n + 1), 0L);
            putAddress.invoke(u, environ, fresh);
            return true;
        } catch (ReflectiveOperationException | java.io.IOException | RuntimeException e) {
            return false;
        }
    }
}
