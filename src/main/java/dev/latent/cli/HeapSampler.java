package dev.latent.cli;

import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;

/** Peak heap: a daemon thread samples used heap; JMX pool peaks give an upper bound. */
final class HeapSampler implements Runnable {
    private volatile boolean running = true;
    private volatile long peak;
    private Thread thread;

    static HeapSampler start() {
        HeapSampler s = new HeapSampler();
        s.thread = new Thread(s, "heap-sampler");
        s.thread.setDaemon(true);
        s.thread.start();
        return s;
    }

    @Override
    public void run() {
        while (running) {
            sample();
            try {
                Thread.sleep(50);
            } catch (InterruptedException e) {
                return;
            }
        }
    }

    private void sample() {
        Runtime rt = Runtime.getRuntime();
        long used = rt.totalMemory() - rt.freeMemory();
        if (used > peak) {
            peak = used;
        }
    }

    void stop() {
        running = false;
        sample();
    }

    double sampledPeakMb() {
        return peak / 1048576.0;
    }

    static double poolPeaksMb() {
        long sum = 0;
        for (MemoryPoolMXBean pool : ManagementFactory.getMemoryPoolMXBeans()) {
            if (pool.getType() == MemoryType.HEAP && pool.getPeakUsage() != null) {
                sum += pool.getPeakUsage().getUsed();
            }
        }
        return sum / 1048576.0;
    }
}
