package dev.latent.web;

import dev.latent.storage.FreeSpace;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.util.List;
import org.springframework.http.server.PathContainer;
import org.springframework.web.servlet.HandlerInterceptor;
import org.springframework.web.util.pattern.PathPattern;
import org.springframework.web.util.pattern.PathPatternParser;

/**
 * Writes (PUT, PATCH, DELETE and the POSTs that store something) are refused with 503 before the handler runs
 * while the H2 store's disk is below {@code latent.storage.min-free-space} ({@link FreeSpace}). The POSTs that
 * only compute an answer (predictions, anonymous, group and context recommendations) are let through.
 */
final class FreeSpaceCheck implements HandlerInterceptor {

    private static final List<PathPattern> READ_POSTS = java.util.stream.Stream.of("/api/v1/users/{u}/predictions",
                    "/api/v1/recommendations/**", "/api/v1/users/{u}/recommendations/**")
            .map(PathPatternParser.defaultInstance::parse).toList();

    private final FreeSpace freeSpace;

    FreeSpaceCheck(FreeSpace freeSpace) {
        this.freeSpace = freeSpace;
    }

    @Override
    public boolean preHandle(HttpServletRequest request, HttpServletResponse response, Object handler) {
        String method = request.getMethod();
        boolean write = switch (method) {
            case "PUT", "PATCH", "DELETE" -> true;
            case "POST" -> {
                PathContainer path = PathContainer.parsePath(request.getRequestURI().substring(
                        request.getContextPath().length()));
                yield READ_POSTS.stream().noneMatch(p -> p.matches(path));
            }
            default -> false;
        };
        if (write) {
            freeSpace.check();
        }
        return true;
    }
}
