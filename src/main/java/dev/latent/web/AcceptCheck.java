package dev.latent.web;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.util.List;
import org.springframework.core.annotation.AnnotatedElementUtils;
import org.springframework.http.InvalidMediaTypeException;
import org.springframework.http.MediaType;
import org.springframework.web.HttpMediaTypeNotAcceptableException;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.method.HandlerMethod;
import org.springframework.web.servlet.HandlerInterceptor;

/**
 * Every API handler answers JSON. An {@code Accept} header that rules JSON out is refused with 406 before the
 * handler runs, so a request that cannot be answered has no side effect (Spring would otherwise run
 * {@code POST /model/training}, start the run, and only then fail to write the answer).
 */
final class AcceptCheck implements HandlerInterceptor {

    private static final List<MediaType> PRODUCED = List.of(MediaType.APPLICATION_JSON, MediaType.APPLICATION_PROBLEM_JSON);

    @Override
    public boolean preHandle(HttpServletRequest request, HttpServletResponse response, Object handler)
            throws HttpMediaTypeNotAcceptableException {
        if (!(handler instanceof HandlerMethod method) || declaresProduces(method)) {
            return true; // Spring matched the declared types already
        }
        String accept = request.getHeader("Accept");
        if (accept == null || accept.isBlank()) {
            return true;
        }
        List<MediaType> acceptable;
        try {
            acceptable = MediaType.parseMediaTypes(accept);
        } catch (InvalidMediaTypeException e) {
            throw new HttpMediaTypeNotAcceptableException("the Accept header is malformed: " + e.getMessage());
        }
        for (MediaType wanted : acceptable) {
            for (MediaType produced : PRODUCED) {
                if (wanted.isCompatibleWith(produced) && wanted.getQualityValue() > 0) {
                    return true;
                }
            }
        }
        throw new HttpMediaTypeNotAcceptableException(PRODUCED);
    }

    /** Whether a handler declares produces, per handler method and bean type (annotations are read once). */
    private final java.util.Map<Handler, Boolean> declared = new java.util.concurrent.ConcurrentHashMap<>();

    private record Handler(java.lang.reflect.Method method, Class<?> type) {
    }

    private boolean declaresProduces(HandlerMethod method) {
        return declared.computeIfAbsent(new Handler(method.getMethod(), method.getBeanType()),
                h -> declaresProduces(h.method(), h.type()));
    }

    private static boolean declaresProduces(java.lang.reflect.Method method, Class<?> type) {
        RequestMapping onMethod = AnnotatedElementUtils.findMergedAnnotation(method, RequestMapping.class);
        RequestMapping onType = AnnotatedElementUtils.findMergedAnnotation(type, RequestMapping.class);
        return (onMethod != null && onMethod.produces().length > 0) || (onType != null && onType.produces().length > 0);
    }
}
