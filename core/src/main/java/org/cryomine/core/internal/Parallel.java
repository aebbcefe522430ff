package org.cryomine.core.internal;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;
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

    /** Work on the half-open range [from, to) with the calling worker's own scratch state. */
    @FunctionalInterface
    public interface WorkerTask<S> {
        void run(S scratch, int from, int to);
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

    /**
     * Runs {@code task} over [0, n) in chunks of {@code grain} items that at most {@code threads} workers take
     * in turn, so a worker slowed by other load on the machine takes fewer chunks (chunks are processed in
     * increasing order by each worker, but the workers interleave). Each worker creates its scratch state once
     * with {@code scratch}. Waits for all; exceptions as in {@link #forRange}.
     */
    public static <S> void forChunks(int n, int threads, int grain, Supplier<S> scratch, WorkerTask<S> task) {
        if (n <= 0) {
            return;
        }
        if (grain < 1) {
            throw new IllegalArgumentException("grain must be at least 1, got " + grain);
        }
        int chunks = (n + grain - 1) / grain;
        AtomicInteger next = new AtomicInteger();
        forRange(Math.min(threads, chunks), Math.min(threads, chunks), (w0, w1) -> {
            for (int w = w0; w < w1; w++) {
                S s = scratch.get();
                for (int c = next.getAndIncrement(); c < chunks; c = next.getAndIncrement()) {
                    task.run(s, c * grain, Math.min(n, (c + 1) * grain));
                }
            }
        });
    }
}
