package dev.latent.web;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.HttpStatus;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * When {@code latent.security.api-key} is set, every request other than GET, HEAD and OPTIONS (CORS preflight)
 * must carry it in {@code X-API-Key}; the comparison takes the same time wherever the first difference is.
 */
class ApiKeyFilter extends OncePerRequestFilter {

    static final String HEADER = "X-API-Key";
    private static final Logger log = LoggerFactory.getLogger(ApiKeyFilter.class);

    private final byte[] key;

    ApiKeyFilter(WebProperties.Security security) {
        this.key = security.enabled() ? security.apiKey().getBytes(StandardCharsets.UTF_8) : null;
        if (key == null) {
            log.warn("latent.security.api-key is not set (env LATENT_SECURITY_APIKEY): anyone who can reach this "
                    + "service can write and delete ratings");
        }
    }

    @Override
    protected boolean shouldNotFilter(HttpServletRequest request) {
        String method = request.getMethod();
        return key == null || "GET".equals(method) || "HEAD".equals(method) || "OPTIONS".equals(method);
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        String sent = request.getHeader(HEADER);
        // MessageDigest.isEqual is constant-time for equal lengths; digests make the lengths equal too
        if (sent == null || !MessageDigest.isEqual(sha256(sent.getBytes(StandardCharsets.UTF_8)), sha256(key))) {
            response.setHeader("WWW-Authenticate", "ApiKey header=\"" + HEADER + "\"");
            Problems.write(request, response, HttpStatus.UNAUTHORIZED,
                    sent == null ? "this request needs the header " + HEADER : "the " + HEADER + " header is wrong");
            return;
        }
        chain.doFilter(request, response);
    }

    private static byte[] sha256(byte[] bytes) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(bytes);
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
