package dev.latent.web;

import java.util.ArrayList;
import dev.latent.storage.StorageFailures;
import dev.latent.storage.StorageProperties;
import java.util.List;
import java.util.zip.ZipException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.dao.ConcurrencyFailureException;
import org.springframework.dao.DataIntegrityViolationException;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.http.converter.HttpMessageNotReadableException;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;
import org.springframework.web.context.request.WebRequest;
import org.springframework.beans.TypeMismatchException;
import org.springframework.web.bind.MethodArgumentNotValidException;
import org.springframework.web.method.annotation.HandlerMethodValidationException;
import org.springframework.web.method.annotation.MethodArgumentTypeMismatchException;
import org.springframework.web.servlet.mvc.method.annotation.ResponseEntityExceptionHandler;
import tools.jackson.core.JacksonException;

/**
 * Maps every exception to an RFC 9457 problem ({@code application/problem+json}). Validation problems carry
 * an {@code errors} list of {@link Violation}s naming the field, batch index or CSV line. The MVC exceptions
 * (405, 406, 415, 404 for unknown paths, ...) come from the base class, which already answers with problems.
 */
@RestControllerAdvice
class ProblemHandler extends ResponseEntityExceptionHandler {

    private static final Logger log = LoggerFactory.getLogger(ProblemHandler.class);

    private final String retryAfterSeconds;

    ProblemHandler(StorageProperties storage) {
        this.retryAfterSeconds = Long.toString(Math.max(1, storage.retryAfter().toSeconds()));
    }

    @ExceptionHandler(InvalidInputException.class)
    ResponseEntity<ProblemDetail> invalid(InvalidInputException e) {
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.BAD_REQUEST, e.getMessage());
        problem.setTitle("Invalid request");
        problem.setProperty("errors", e.violations());
        if (e.total() > e.violations().size()) {
            problem.setProperty("errorCount", e.total());
        }
        return ResponseEntity.badRequest().body(problem);
    }

    @ExceptionHandler(ConflictException.class)
    ResponseEntity<ProblemDetail> conflictingState(ConflictException e) {
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.CONFLICT, e.getMessage());
        e.properties().forEach(problem::setProperty);
        return ResponseEntity.status(HttpStatus.CONFLICT).body(problem);
    }

    @ExceptionHandler(NotFoundException.class)
    ResponseEntity<ProblemDetail> notFound(NotFoundException e) {
        return ResponseEntity.status(HttpStatus.NOT_FOUND)
                .body(ProblemDetail.forStatusAndDetail(HttpStatus.NOT_FOUND, e.getMessage()));
    }

    @ExceptionHandler(PayloadTooLargeException.class)
    ResponseEntity<ProblemDetail> tooLarge(PayloadTooLargeException e) {
        return ResponseEntity.status(HttpStatus.CONTENT_TOO_LARGE)
                .body(ProblemDetail.forStatusAndDetail(HttpStatus.CONTENT_TOO_LARGE, e.getMessage()));
    }

    @ExceptionHandler(InputTooLargeException.class)
    ResponseEntity<ProblemDetail> importTooLarge(InputTooLargeException e) {
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.CONTENT_TOO_LARGE, e.getMessage());
        problem.setProperty("errors", e.violations());
        return ResponseEntity.status(HttpStatus.CONTENT_TOO_LARGE).body(problem);
    }

    @ExceptionHandler({DataIntegrityViolationException.class, ConcurrencyFailureException.class})
    ResponseEntity<ProblemDetail> conflict(RuntimeException e) {
        if (StorageFailures.isLockTimeout(e) || StorageFailures.isStorageFailure(e)) {
            return unavailable(e);
        }
        log.warn("write lost against concurrent writers three times: {}", e.getMessage());
        return ResponseEntity.status(HttpStatus.CONFLICT).body(ProblemDetail.forStatusAndDetail(HttpStatus.CONFLICT,
                "the write conflicted with concurrent writes; nothing was stored, send it again"));
    }

    @ExceptionHandler(Exception.class)
    ResponseEntity<ProblemDetail> unexpected(Exception e) {
        PayloadTooLargeException tooLarge = find(e, PayloadTooLargeException.class);
        if (tooLarge != null) {
            return tooLarge(tooLarge);
        }
        if (StorageFailures.isLockTimeout(e) || StorageFailures.isStorageFailure(e)) {
            return unavailable(e);
        }
        if (find(e, ZipException.class) != null) {
            return badGzip(find(e, ZipException.class));
        }
        log.error("request failed", e);
        return ResponseEntity.status(HttpStatus.INTERNAL_SERVER_ERROR).body(ProblemDetail.forStatusAndDetail(
                HttpStatus.INTERNAL_SERVER_ERROR, "internal error; see the server log"));
    }

    /** 503 with Retry-After: the store is busy (a lock held by an import) or cannot take writes right now. */
    private ResponseEntity<ProblemDetail> unavailable(Exception e) {
        boolean busy = StorageFailures.isLockTimeout(e);
        String detail = busy
                ? "the store is busy (a long write such as an import holds what this request needs); nothing was "
                        + "stored, retry after " + retryAfterSeconds + " s"
                : "the store cannot take writes right now (disk full, read-only or unreachable); nothing was "
                        + "stored, retry after " + retryAfterSeconds + " s";
        if (busy) {
            log.warn("request waited too long for a lock: {}", e.getMessage());
        } else {
            log.error("storage failure: {}", e.getMessage());
        }
        return ResponseEntity.status(HttpStatus.SERVICE_UNAVAILABLE).header(HttpHeaders.RETRY_AFTER, retryAfterSeconds)
                .body(ProblemDetail.forStatusAndDetail(HttpStatus.SERVICE_UNAVAILABLE, detail));
    }

    private static ResponseEntity<ProblemDetail> badGzip(ZipException e) {
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.BAD_REQUEST, "the body is not valid gzip");
        problem.setTitle("Invalid request");
        problem.setProperty("errors", List.of(Violation.field("body",
                "Content-Encoding is gzip but the body is not valid gzip: " + e.getMessage())));
        return ResponseEntity.badRequest().body(problem);
    }

    @Override
    protected ResponseEntity<Object> handleHttpMessageNotReadable(HttpMessageNotReadableException e,
            HttpHeaders headers, HttpStatusCode status, WebRequest request) {
        PayloadTooLargeException tooLarge = find(e, PayloadTooLargeException.class);
        if (tooLarge != null) {
            return ResponseEntity.status(HttpStatus.CONTENT_TOO_LARGE).body(
                    ProblemDetail.forStatusAndDetail(HttpStatus.CONTENT_TOO_LARGE, tooLarge.getMessage()));
        }
        ZipException zip = find(e, ZipException.class);
        if (zip != null) {
            return ResponseEntity.badRequest().body(badGzip(zip).getBody());
        }
        java.io.EOFException truncated = find(e, java.io.EOFException.class);
        if (truncated != null) { // the stream ended inside a gzip member: a cut-off upload
            ProblemDetail cut = ProblemDetail.forStatusAndDetail(HttpStatus.BAD_REQUEST, "the body is truncated");
            cut.setTitle("Invalid request");
            cut.setProperty("errors", List.of(Violation.field("body", "ended early: " + truncated.getMessage())));
            return ResponseEntity.badRequest().body(cut);
        }
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.BAD_REQUEST, "the body is not readable");
        problem.setTitle("Invalid request");
        JacksonException json = find(e, JacksonException.class);
        Violation violation;
        if (json == null) {
            violation = Violation.field("body", e.getMessage() != null && e.getMessage().startsWith("Required request body")
                    ? "is required" : "is not readable");
        } else {
            violation = locate(json);
        }
        problem.setProperty("errors", List.of(violation));
        return ResponseEntity.badRequest().headers(headers).body(problem);
    }

    /** Bean-validation failures of parameters and bodies ({@code @Min}, {@code @Size}, ...), each field named. */
    @Override
    protected ResponseEntity<Object> handleHandlerMethodValidationException(HandlerMethodValidationException e,
            HttpHeaders headers, HttpStatusCode status, WebRequest request) {
        List<Violation> violations = new ArrayList<>();
        e.getParameterValidationResults().forEach(result -> result.getResolvableErrors().forEach(error -> {
            String name = result.getMethodParameter().getParameterName();
            if (error instanceof org.springframework.validation.FieldError field) {
                name = field.getField();
            }
            String idError = Ids.MESSAGE.equals(error.getDefaultMessage()) && result.getArgument() instanceof String id
                    ? Ids.check(id) : null; // a bad id reads as Ids words it on every endpoint
            violations.add(Violation.field(name, idError != null ? idError
                    : error.getDefaultMessage() + (result.getArgument() == null
                    || result.getArgument() instanceof java.util.Collection<?> || result.getArgument() instanceof Record
                    ? "" : ", was " + result.getArgument())));
        }));
        return validationProblem(violations, headers);
    }

    @Override
    protected ResponseEntity<Object> handleMethodArgumentNotValid(MethodArgumentNotValidException e,
            HttpHeaders headers, HttpStatusCode status, WebRequest request) {
        List<Violation> violations = new ArrayList<>();
        e.getBindingResult().getFieldErrors().forEach(f -> violations.add(Violation.field(f.getField(),
                f.getDefaultMessage())));
        e.getBindingResult().getGlobalErrors().forEach(g -> violations.add(Violation.field("body", g.getDefaultMessage())));
        return validationProblem(violations, headers);
    }

    private static ResponseEntity<Object> validationProblem(List<Violation> violations, HttpHeaders headers) {
        if (violations.isEmpty()) {
            violations.add(Violation.field("body", "is invalid"));
        }
        // One bad value is named as InvalidInputException.field names it (Ids.require, Paging.check): the same
        // bad id or size reads the same whether bean validation or code checked it.
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.BAD_REQUEST, violations.size() == 1
                ? InvalidInputException.detail(violations.get(0).field()) : violations.size() + " invalid values");
        problem.setTitle("Invalid request");
        problem.setProperty("errors", violations);
        return ResponseEntity.badRequest().headers(headers).body(problem);
    }

    @Override
    protected ResponseEntity<Object> handleTypeMismatch(TypeMismatchException e, HttpHeaders headers,
            HttpStatusCode status, WebRequest request) {
        String name = e instanceof MethodArgumentTypeMismatchException m ? m.getName() : e.getPropertyName();
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.BAD_REQUEST, "invalid parameter " + name);
        problem.setTitle("Invalid request");
        problem.setProperty("errors", List.of(Violation.field(name, "must be a "
                + (e.getRequiredType() == null ? "valid value" : e.getRequiredType().getSimpleName())
                + ", was '" + e.getValue() + "'")));
        return ResponseEntity.badRequest().headers(headers).body(problem);
    }

    /** Names where in the JSON the error is: {@code [3].rating} becomes index 3, field rating. */
    private static Violation locate(JacksonException e) {
        Integer index = null;
        List<String> names = new ArrayList<>();
        List<JacksonException.Reference> path = e.getPath();
        for (int i = 0; i < path.size(); i++) {
            JacksonException.Reference ref = path.get(i);
            if (ref.getPropertyName() != null) {
                names.add(ref.getPropertyName());
            } else if (i == 0 && ref.getIndex() >= 0) {
                index = ref.getIndex();
            } else if (ref.getIndex() >= 0) {
                names.add("[" + ref.getIndex() + "]");
            }
        }
        String field = names.isEmpty() ? (index == null ? "body" : null) : String.join(".", names);
        String message = e.getOriginalMessage();
        if (message != null && message.length() > 200) {
            message = message.substring(0, 200) + "...";
        }
        String what = index != null && names.isEmpty() ? "must be a JSON object with userId, itemId, rating"
                : "malformed or of the wrong type";
        return new Violation(field, index, null, what + " (" + message + ")");
    }

    private static <T extends Throwable> T find(Throwable e, Class<T> type) {
        for (Throwable t = e; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (type.isInstance(t)) {
                return type.cast(t);
            }
        }
        return null;
    }
}
