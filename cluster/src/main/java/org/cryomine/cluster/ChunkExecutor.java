package org.cryomine.cluster;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.IntConsumer;
import org.cryomine.core.CryomineException;

/**
 * Runs numbered units of work on a fixed number of threads. The split of the work into units never depends
 * on the number of threads, so results combined in unit order are identical for any thread count.
 * Not thread-safe itself: one caller at a time. {@link #close()} stops the threads and may be called twice.
 */
final class ChunkExecutor implements AutoCloseable {

    private final int threads;
    private final ExecutorService pool;

    ChunkExecutor(int threads) {
        this.threads = threads;
        this.pool = threads > 1 ? Executors.newFixedThreadPool(threads - 1, r -> {
            Thread t = new Thread(r, "cryomine-kmeans");
            t.setDaemon(true);
            return t;
        }) : null;
    }

    /** Runs {@code body.accept(u)} for every u in [0, units) and returns when all are done. */
    void forEach(int units, IntConsumer body) {
        int workers = Math.min(threads, units);
        if (workers <= 1) {
            for (int u = 0; u < units; u++) {
                body.accept(u);
            }
            return;
        }
        AtomicInteger next = new AtomicInteger();
        Runnable worker = () -> {
            for (int u = next.getAndIncrement(); u < units; u = next.getAndIncrement()) {
                body.accept(u);
            }
        };
        List<Future<?>> futures = new ArrayList<>(workers - 1);
        for (int w = 1; w < workers; w++) {
            futures.add(pool.submit(worker));
        }
        RuntimeException failure = null;
        try {
            worker.run();
        } catch (RuntimeException e) {
            failure = e;
            next.set(units);
        }
        for (Future<?> f : futures) {
            try {
                f.get();
            } catch (ExecutionException e) {
                if (failure == null) {
                    failure = e.getCause() instanceof RuntimeException re ? re
                            : new CryomineException("k-means worker failed: " + e.getCause(), e.getCause());
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                if (failure == null) {
                    failure = new CryomineException("interrupted while clustering", e);
                }
            }
        }
        if (failure != null) {
            throw failure;
        }
    }

    @Override
    public void close() {
        if (pool != null) {
            pool.shutdownNow();
        }
    }
}
