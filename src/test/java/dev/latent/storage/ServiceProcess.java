package dev.latent.storage;

import static org.assertj.core.api.Assertions.assertThat;

import dev.latent.TestHttp;
import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * The service as a child JVM on the test's class path, so a test can kill it with SIGKILL (no shutdown hook,
 * no database close) and start it again on the same data directory and port.
 */
final class ServiceProcess implements AutoCloseable {

    final int port;
    final Path log;
    private final List<String> command;
    private Process process;
    private int starts;
    private long launchedAt;

    ServiceProcess(Path dataDir, String heap, String... args) throws IOException {
        this(dataDir, dataDir, heap, args);
    }

    /** With its logs in logDir (a test that makes the data directory read-only needs them elsewhere). */
    ServiceProcess(Path dataDir, Path logDir, String heap, String... args) throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            this.port = socket.getLocalPort();
        }
        this.log = logDir.resolve("service.log");
        command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx" + heap, "-XX:+ExitOnOutOfMemoryError"));
        command.addAll(List.of(dev.latent.ChildJvm.JVM_OPTIONS));
        command.addAll(List.of("-cp", classPath(), "dev.latent.LatentApplication",
                "--server.port=" + port, "--latent.data-dir=" + dataDir, "--logging.level.root=WARN",
                "--logging.level.dev.latent=INFO"));
        command.addAll(List.of(args));
    }

    /**
     * The packaged service's class path (main classes and runtime dependencies, as Maven passes it: pom.xml,
     * latent.test.runtime-class-path), not the test JVM's: 121 entries instead of 192 (no JUnit, Mockito, Selenium,
     * JMH...), each of which a class or resource lookup tried in turn; about 1 s of CPU less a start to liveness, of
     * 10-11 s. The test JVM's class path where the property is missing or does not parse (a test run from an IDE).
     */
    static String classPath() {
        String passed = System.getProperty("latent.test.runtime-class-path", "");
        String prefix = "runtime:[";
        if (passed.startsWith(prefix) && passed.endsWith("]")) {
            List<String> entries = List.of(passed.substring(prefix.length(), passed.length() - 1).split(", "));
            if (!entries.isEmpty() && entries.stream().allMatch(e -> Files.exists(Path.of(e)))) {
                return String.join(java.io.File.pathSeparator, entries);
            }
        }
        return System.getProperty("java.class.path");
    }

    /**
     * The serial collector instead of the JVM's default (G1 on this machine), for a test that proves nothing about
     * memory (SmallHeapTest keeps the default under its heap proofs): about 1 s of CPU less a start to liveness,
     * of 10-11 s (4 interleaved starts each, loaded machine: 10.1 s median against 11.2 s).
     */
    ServiceProcess onTheSerialCollector() {
        command.add(1, "-XX:+UseSerialGC");
        return this;
    }

    /** Starts it and waits until liveness answers; returns a client. */
    TestHttp start() throws Exception {
        return start(java.util.Map.of());
    }

    /** Starts it with these environment variables (which {@code ${NAME:default}} in the arguments can read). */
    TestHttp start(java.util.Map<String, String> environment) throws Exception {
        launch(environment);
        return awaitLive();
    }

    /** Starts it without waiting (several can start side by side); then {@link #awaitLive()}. */
    void launch(java.util.Map<String, String> environment) throws IOException {
        Path out = log.resolveSibling("service-" + (++starts) + ".log");
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(out.toFile());
        builder.environment().putAll(environment);
        launchedAt = System.nanoTime();
        process = builder.start();
    }

    /** Waits until the process {@link #launch}ed answers liveness; returns a client. */
    TestHttp awaitLive() throws Exception {
        Path out = log.resolveSibling("service-" + starts + ".log");
        TestHttp http = new TestHttp(port);
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(300);
        while (!isLive(http)) {
            assertThat(process.isAlive()).as("the service started; log: " + tail(out)).isTrue();
            assertThat(System.nanoTime()).as("the service started in time").isLessThan(deadline);
            Thread.sleep(50);
        }
        System.out.printf("service start %d: live after %.1f s, %.1f s of CPU%n", starts,
                (System.nanoTime() - launchedAt) / 1e9, cpuSeconds());
        return http;
    }

    boolean isAlive() {
        return process != null && process.isAlive();
    }

    /** CPU time (user + system) of the running process so far, 0 if the platform does not say. */
    double cpuSeconds() {
        return process.info().totalCpuDuration().map(d -> d.toMillis() / 1e3).orElse(0.0);
    }

    private void reportEnd() {
        System.out.printf("service start %d: ended after %.1f s, %.1f s of CPU%n", starts,
                (System.nanoTime() - launchedAt) / 1e9, cpuSeconds());
    }

    /** SIGTERM, and a bounded wait for the graceful shutdown (SIGKILL after it). */
    void stop() throws InterruptedException {
        reportEnd();
        process.destroy();
        if (!process.waitFor(120, TimeUnit.SECONDS)) {
            kill();
        }
    }

    /** SIGKILL. */
    void kill() throws InterruptedException {
        if (process.isAlive()) {
            reportEnd();
        }
        process.destroyForcibly();
        process.waitFor(60, TimeUnit.SECONDS);
    }

    /** Everything the service printed, over all its starts. */
    String output() throws IOException {
        StringBuilder all = new StringBuilder();
        for (int i = 1; i <= starts; i++) {
            all.append(Files.readString(log.resolveSibling("service-" + i + ".log")));
        }
        return all.toString();
    }

    /** What the service printed in its n-th start (from 1). */
    String output(int start) throws IOException {
        return Files.readString(log.resolveSibling("service-" + start + ".log"));
    }

    static boolean isLive(TestHttp http) {
        try {
            return http.get("/actuator/health/liveness").status() == 200;
        } catch (RuntimeException e) {
            return false;
        }
    }

    private static String tail(Path file) {
        try {
            String s = Files.readString(file);
            return s.substring(Math.max(0, s.length() - 3000));
        } catch (IOException e) {
            return e.toString();
        }
    }

    @Override
    public void close() throws InterruptedException {
        if (process != null && process.isAlive()) {
            kill();
        }
    }
}
