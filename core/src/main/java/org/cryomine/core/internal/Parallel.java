package org.cryomine.core.internal;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.cryomine.core.CryomineException;

/**
 * Splits a range of independent work items over a few threads. Internal to cryomine: not part of the
 * public API and may change without notice.
 */
public final class Parallel {

    private Parallel() {
    }

    /** Work on the half-open range [from, to). */
    @FunctionalInterface
    public interface RangeTask {
        void run(int from, int to);
    }

    /** The default thread count: the number of available processors. */
    public static int defaultThreads() {
        return Runtime.getRuntime().availableProcessors();
    }

    /**
     * Runs {@code task} over [0, n) in at most {@code threads} contiguous chunks, each on its own thread,
     * and waits for all. With one thread (or a small n) it runs on the caller's thread. An exception in
     * a task is rethrown (unchecked exceptions as they are).
     */
    public static void forRange(int n, int threads, RangeTask task) {
        if (n <= 0) {
            return;
        }
        int t = Math.max(1, Math.min(threads, n));
        if (t == 1) {
            task.run(0, n);
            return;
        }
        ExecutorService pool = Executors.newFixedThreadPool(t, r -> {
            Thread thread = new Thread(r, "cryomine-worker");
            thread.setDaemon(true);
            return thread;
        });
        try {
            List<Future<?>> futures = new ArrayList<>();
            for (int i = 0; i < t; i++) {
                int from = (int) ((long) n * i / t);
                int to = (int) ((long) n * (i + 1) / t);
                futures.add(pool.submit(() -> task.run(from, to)));
            }
            for (Future<?> f : futures) {
                f.get();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new CryomineException("interrupted while waiting for worker threads", e);
        } catch (ExecutionException e) {
            Throwable cause = e.getCause();
            if (cause instanceof RuntimeException re) {
                throw re;
            }
            if (cause instanceof Error err) {
                throw err;
            }
            throw new CryomineException("a worker thread failed: " + cause, cause);
        } finally {
            pool.shutdownNow();
        }
    }
}
