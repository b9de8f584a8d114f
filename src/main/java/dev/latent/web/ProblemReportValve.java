package dev.latent.web;

import java.io.IOException;
import java.io.Writer;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import org.apache.catalina.connector.Request;
import org.apache.catalina.connector.Response;
import org.apache.catalina.valves.ErrorReportValve;
import org.apache.coyote.ActionCode;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;

/**
 * Tomcat's error report, as problem+json instead of an HTML page: it answers what Tomcat refuses before
 * Spring sees the request (an encoded {@code /} or NUL in the path, TRACE, a malformed request line) and
 * any error status that reached Tomcat without a body. Installed as the host's error report valve.
 */
public class ProblemReportValve extends ErrorReportValve {

    public ProblemReportValve() {
        setShowReport(false);
        setShowServerInfo(false);
    }

    @Override
    protected void report(Request request, Response response, Throwable throwable) {
        int status = response.getStatus();
        if (status < 400 || response.getContentWritten() > 0 || !response.setErrorReported()) {
            return;
        }
        AtomicBoolean ioAllowed = new AtomicBoolean(true);
        response.getCoyoteResponse().action(ActionCode.IS_IO_ALLOWED, ioAllowed);
        if (!ioAllowed.get()) {
            return;
        }
        HttpStatus known = HttpStatus.resolve(status);
        String title = known == null ? "Error " + status : known.getReasonPhrase();
        String message = response.getMessage();
        String detail = message == null || message.isBlank() ? describe(status) : message;
        String uri = request.getDecodedRequestURI() == null ? null : request.getRequestURI();
        try {
            response.setContentType(MediaType.APPLICATION_PROBLEM_JSON_VALUE);
            response.setCharacterEncoding("utf-8");
            Writer writer = response.getReporter();
            if (writer != null) {
                List<java.util.Map<String, Object>> errors = status == 400
                        ? List.of(Problems.error(detail.contains("URI") ? "path" : "request", detail)) : List.of();
                writer.write(new String(Problems.body(status, title, detail, uri, errors),
                        java.nio.charset.StandardCharsets.UTF_8));
                response.finishResponse();
            }
        } catch (IOException | IllegalStateException e) {
            // the client is gone or the response is unusable: nothing more to say
        }
    }

    private static String describe(int status) {
        return switch (status) {
            case 400 -> "the request is malformed (for example an encoded '/' or a NUL in the path, or a bad header)";
            case 405 -> "the method is not allowed";
            case 413 -> "the request is too large";
            case 431 -> "the request headers are too large";
            default -> "the request failed with status " + status;
        };
    }
}
