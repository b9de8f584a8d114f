import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Cross-instance visibility under a write load, run as a single-file program (no dependencies):
 * {@code java bench/ClusterBench.java visibility URL,URL,URL RATE PROBES TAG}.
 *
 * <p>A load thread sends {@code RATE} single-rating PUTs a second, round-robin over the instances (at most 256
 * in flight; a send that would exceed it is counted as skipped). Meanwhile probe k asks instance k+1 for the
 * recommendations of a new user (answered "popular", and held so in that instance's fold-in cache), writes
 * the user's first rating on instance k, and from the moment the PUT answered asks instance k+1 again every
 * 5 ms until it answers "folded-in": the delay until another instance serves the write. Prints one line,
 * with how long one of those reads took (p50/p99): the delay cannot be measured finer than that.
 */
public class ClusterBench {

    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    public static void main(String[] args) throws Exception {
        if (!args[0].equals("visibility")) {
            throw new IllegalArgumentException(args[0]);
        }
        String[] urls = args[1].split(",");
        int rate = Integer.parseInt(args[2]);
        int probes = Integer.parseInt(args[3]);
        String tag = args[4];
        AtomicLong ok = new AtomicLong();
        AtomicLong failed = new AtomicLong();
        AtomicLong skipped = new AtomicLong();
        AtomicInteger inFlight = new AtomicInteger();
        Random random = new Random(tag.hashCode());
        ScheduledExecutorService load = Executors.newSingleThreadScheduledExecutor();
        long periodNanos = 1_000_000_000L / Math.max(1, rate);
        AtomicLong sent = new AtomicLong();
        long loadStart = System.nanoTime();
        if (rate > 0) {
            load.scheduleAtFixedRate(() -> {
                if (inFlight.get() >= 256) {
                    skipped.incrementAndGet();
                    return;
                }
                long n = sent.getAndIncrement();
                String url = urls[(int) (n % urls.length)] + "/api/v1/users/load" + random.nextInt(5000)
                        + "/ratings/i" + random.nextInt(500);
                inFlight.incrementAndGet();
                HTTP.sendAsync(put(url, "{\"rating\":" + (1 + random.nextInt(5)) + "}"),
                        HttpResponse.BodyHandlers.discarding()).whenComplete((r, e) -> {
                            inFlight.decrementAndGet();
                            if (e == null && r.statusCode() < 300) {
                                ok.incrementAndGet();
                            } else {
                                failed.incrementAndGet();
                            }
                        });
            }, 0, periodNanos, TimeUnit.NANOSECONDS);
        }
        Thread.sleep(3000); // the load settles
        long okAtStart = ok.get();
        long probeStart = System.nanoTime();
        List<Double> delays = new ArrayList<>();
        List<Double> gets = new ArrayList<>(); // how long one read takes: the resolution of the delay
        int timeouts = 0;
        for (int k = 0; k < probes; k++) {
            String writer = urls[k % urls.length];
            String reader = urls[(k + 1) % urls.length];
            String user = "probe-" + tag + "-" + k;
            String recs = reader + "/api/v1/users/" + user + "/recommendations?limit=5";
            if (!get(recs).contains("\"popular\"")) {
                throw new IllegalStateException("a new user is not answered as popular: " + get(recs));
            }
            HttpResponse<String> w = HTTP.send(put(writer + "/api/v1/users/" + user + "/ratings/i" + (k % 200),
                    "{\"rating\":4}"), HttpResponse.BodyHandlers.ofString());
            long t0 = System.nanoTime();
            if (w.statusCode() >= 300) {
                throw new IllegalStateException("probe write failed: " + w.statusCode() + " " + w.body());
            }
            boolean seen = false;
            while (System.nanoTime() - t0 < TimeUnit.SECONDS.toNanos(10)) {
                long g = System.nanoTime();
                String answer = get(recs);
                gets.add((System.nanoTime() - g) / 1e6);
                if (answer.contains("\"folded-in\"")) {
                    seen = true;
                    break;
                }
                Thread.sleep(5);
            }
            if (seen) {
                delays.add((System.nanoTime() - t0) / 1e6);
            } else {
                timeouts++;
            }
            Thread.sleep(100);
        }
        double seconds = (System.nanoTime() - probeStart) / 1e9;
        long okDuring = ok.get() - okAtStart;
        load.shutdownNow();
        Collections.sort(delays);
        Collections.sort(gets);
        System.out.printf("visibility run=%s instances=%d target_rate=%d achieved_rate=%.0f failed_writes=%d "
                        + "skipped_writes=%d probes=%d timeouts=%d p50_ms=%.1f p99_ms=%.1f max_ms=%.1f read_p50_ms=%.1f read_p99_ms=%.1f%n",
                tag, urls.length, rate, okDuring / seconds, failed.get(), skipped.get(), delays.size(), timeouts,
                pct(delays, 0.50), pct(delays, 0.99), delays.isEmpty() ? Double.NaN : delays.get(delays.size() - 1),
                pct(gets, 0.50), pct(gets, 0.99));
        System.exit(0);
    }

    private static double pct(List<Double> sorted, double p) {
        if (sorted.isEmpty()) {
            return Double.NaN;
        }
        int i = (int) Math.ceil(p * sorted.size()) - 1;
        return sorted.get(Math.max(0, Math.min(sorted.size() - 1, i)));
    }

    private static HttpRequest put(String url, String json) {
        return HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(30))
                .header("Content-Type", "application/json").PUT(HttpRequest.BodyPublishers.ofString(json)).build();
    }

    private static String get(String url) throws Exception {
        return HTTP.send(HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(30)).GET().build(),
                HttpResponse.BodyHandlers.ofString()).body();
    }
}
