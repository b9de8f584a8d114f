package dev.latent.ratings;

import dev.latent.web.InvalidInputException;
import dev.latent.web.Violation;
import jakarta.servlet.http.HttpServletRequest;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.util.List;
import java.util.zip.GZIPInputStream;
import java.util.zip.ZipException;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.web.ErrorResponseException;

/** The body of a streamed import, decompressed when it says {@code Content-Encoding: gzip}; shared by every import. */
public final class RequestBodies {

    private RequestBodies() {
    }

    /** 415 for an encoding other than gzip or identity; 400 when a gzip body does not start as gzip. */
    public static InputStream decoded(HttpServletRequest request) throws IOException {
        String encoding = request.getHeader("Content-Encoding");
        InputStream in = request.getInputStream();
        if (encoding == null || encoding.isBlank() || encoding.equalsIgnoreCase("identity")) {
            return in;
        }
        if (!encoding.equalsIgnoreCase("gzip") && !encoding.equalsIgnoreCase("x-gzip")) {
            throw new ErrorResponseException(HttpStatus.UNSUPPORTED_MEDIA_TYPE, ProblemDetail.forStatusAndDetail(
                    HttpStatus.UNSUPPORTED_MEDIA_TYPE, "Content-Encoding '" + encoding
                            + "' is not supported; send gzip or no encoding"), null);
        }
        try {
            return new GZIPInputStream(in, 1 << 16);
        } catch (ZipException | EOFException e) {
            throw notGzip(e);
        }
    }

    /** The 400 for a body that says gzip but is not (also when the damage shows up mid-stream). */
    public static InvalidInputException notGzip(IOException e) {
        return new InvalidInputException("the body is not valid gzip", List.of(Violation.field("body",
                "Content-Encoding is gzip but the body is not valid gzip: " + e.getMessage())));
    }
}
