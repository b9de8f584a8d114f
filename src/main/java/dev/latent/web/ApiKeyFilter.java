package dev.latent.web;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.HttpStatus;
import org.springframework.http.server.PathContainer;
import org.springframework.web.filter.OncePerRequestFilter;
import org.springframework.web.util.pattern.PathPattern;
import org.springframework.web.util.pattern.PathPatternParser;

/**
 * When {@code latent.security.api-key} is set, every request to {@code /api/**} and {@code /actuator/**} must
 * carry it in {@code X-API-Key}, reads included: rating histories, users, runs, model details and metrics are
 * personal or operational data. Open without it: CORS preflights (OPTIONS), the health probes, the API
 * documentation and static content, and, while {@code latent.security.public-recommendations} is true (the
 * default), the recommendation reads a storefront calls from the browser. The comparison takes the same time
 * wherever the first difference is; two {@code X-API-Key} headers are 400 (which one would count is a guess).
 */
class ApiKeyFilter extends OncePerRequestFilter {

    static final String HEADER = "X-API-Key";
    private static final Logger log = LoggerFactory.getLogger(ApiKeyFilter.class);
    private static final List<PathPattern> RECOMMENDATION_GETS = patterns("/api/v1/users/{u}/recommendations",
            "/api/v1/users/{u}/predictions/{i}", "/api/v1/items/{i}/similar", "/api/v1/items/popular",
            "/api/v1/items", "/api/v1/items/latest", "/api/v1/items/{i}"); // the catalogue a storefront shows beside them
    private static final List<PathPattern> RECOMMENDATION_POSTS = patterns("/api/v1/users/{u}/predictions",
            "/api/v1/recommendations/anonymous");

    /**
     * Whether this JVM has warned that no key is set: a service runs one application context, so it warns at its
     * start as before; a test JVM that starts many contexts without a key warns once instead of once per context.
     */
    private static final AtomicBoolean WARNED_NO_KEY = new AtomicBoolean();

    private final byte[] keyDigest;
    private final boolean publicRecommendations;

    ApiKeyFilter(WebProperties.Security security) {
        this.keyDigest = security.enabled() ? sha256(security.apiKey().getBytes(StandardCharsets.UTF_8)) : null;
        this.publicRecommendations = security.publicRecommendations();
        if (keyDigest == null && WARNED_NO_KEY.compareAndSet(false, true)) {
            log.warn("latent.security.api-key is not set (env LATENT_SECURITY_APIKEY): anyone who can reach this "
                    + "service can read rating histories and write and delete ratings");
        }
    }

    @Override
    protected boolean shouldNotFilter(HttpServletRequest request) {
        return keyDigest == null || "OPTIONS".equals(request.getMethod());
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        List<String> sent = Collections.list(request.getHeaders(HEADER));
        if (sent.size() > 1) {
            Problems.write(request, response, HttpStatus.BAD_REQUEST, "send the " + HEADER + " header once, not "
                    + sent.size() + " times", List.of(Problems.error(HEADER, "must be sent once")));
            return;
        }
        if (isOpen(request)) {
            chain.doFilter(request, response);
            return;
        }
        String key = sent.isEmpty() ? null : sent.get(0);
        // MessageDigest.isEqual is constant-time for equal lengths; digests make the lengths equal too
        if (key == null || !MessageDigest.isEqual(sha256(key.getBytes(StandardCharsets.UTF_8)), keyDigest)) {
            response.setHeader("WWW-Authenticate", "ApiKey header=\"" + HEADER + "\"");
            Problems.write(request, response, HttpStatus.UNAUTHORIZED,
                    key == null ? "this request needs the header " + HEADER : "the " + HEADER + " header is wrong");
            return;
        }
        chain.doFilter(request, response);
    }

    /** Whether the request may go without the key (paths as Tomcat decoded and normalised them). */
    private boolean isOpen(HttpServletRequest request) {
        String path = request.getServletPath() + (request.getPathInfo() == null ? "" : request.getPathInfo());
        return isOpen(request.getMethod(), path, publicRecommendations);
    }

    /**
     * Whether a request of this method to this path needs the key when one is set: what the OpenAPI document
     * marks with the apiKey scheme ({@link OpenApiConfig}).
     */
    static boolean needsKey(String method, String path, boolean publicRecommendations) {
        return !isOpen(method, path, publicRecommendations);
    }

    private static boolean isOpen(String method, String path, boolean publicRecommendations) {
        boolean read = "GET".equals(method) || "HEAD".equals(method);
        if (path.equals("/actuator/health") || path.startsWith("/actuator/health/")) {
            return read;
        }
        if (path.startsWith("/api/") || path.equals("/api") || path.startsWith("/actuator")) {
            if (!publicRecommendations) {
                return false;
            }
            PathContainer container = PathContainer.parsePath(path);
            List<PathPattern> open = read ? RECOMMENDATION_GETS : "POST".equals(method) ? RECOMMENDATION_POSTS : List.of();
            return open.stream().anyMatch(p -> p.matches(container));
        }
        return read; // API documentation and static content
    }

    private static List<PathPattern> patterns(String... paths) {
        PathPatternParser parser = new PathPatternParser();
        return java.util.Arrays.stream(paths).map(parser::parse).toList();
    }

    private static byte[] sha256(byte[] bytes) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(bytes);
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
