package dev.latent.factorization;

import java.util.concurrent.CancellationException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Runs independent row solves in fixed blocks of {@link #BLOCK} rows on a fixed pool of threads, each thread
 * with its own workspace index. Blocks are handed out dynamically (load balance), but each block's result is
 * stored by block index, so sums taken in block order are identical for any number of threads.
 */
final class RowPasses implements AutoCloseable {

    static final int BLOCK = 64;

    /** Solves rows {@code [from, to)} with workspace {@code worker}; returns a per-block value (e.g. SSE). */
    @FunctionalInterface
    interface Block {
        double run(int worker, int from, int to);
    }

    private final int threads;
    private final ExecutorService pool;

    RowPasses(int threads, String name) {
        this.threads = threads;
        this.pool = threads == 1 ? null : Executors.newFixedThreadPool(threads, r -> {
            Thread t = new Thread(r, name);
            t.setDaemon(true);
            return t;
        });
    }

    /** Runs every block of rows {@code 0..rows-1}; returns the per-block values in block order. */
    double[] run(int rows, Block block) {
        int blocks = (rows + BLOCK - 1) / BLOCK;
        double[] out = new double[blocks];
        AtomicInteger next = new AtomicInteger();
        if (pool == null) {
            work(0, next, blocks, rows, block, out);
            return out;
        }
        Future<?>[] futures = new Future<?>[threads];
        for (int t = 0; t < threads; t++) {
            int worker = t;
            futures[t] = pool.submit(() -> work(worker, next, blocks, rows, block, out));
        }
        try {
            for (Future<?> f : futures) {
                f.get();
            }
        } catch (InterruptedException e) {
            next.set(blocks);
            Thread.currentThread().interrupt();
            throw new CancellationException("training interrupted");
        } catch (ExecutionException e) {
            next.set(blocks);
            if (e.getCause() instanceof RuntimeException re) {
                throw re;
            }
            throw new IllegalStateException(e.getCause());
        }
        return out;
    }

    private static void work(int worker, AtomicInteger next, int blocks, int rows, Block block, double[] out) {
        int b;
        while ((b = next.getAndIncrement()) < blocks) {
            if (Thread.currentThread().isInterrupted()) {
                throw new CancellationException("training interrupted");
            }
            out[b] = block.run(worker, b * BLOCK, Math.min(rows, (b + 1) * BLOCK));
        }
    }

    @Override
    public void close() {
        if (pool != null) {
            pool.shutdownNow();
        }
    }
}
