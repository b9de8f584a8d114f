package dev.latent.ratings;

import dev.latent.web.InvalidInputException;
import dev.latent.web.Violation;
import jakarta.servlet.http.HttpServletRequest;
import java.io.IOException;
import java.io.InputStream;
import java.util.List;

/** The body of a streamed import; shared by every import. */
public final class RequestBodies {

    private RequestBodies() {
    }

    /**
     * The body as the web layer hands it on: {@code web.RequestBodyFilter} has already decoded gzip (bounded in
     * size and ratio), answered 415 for other encodings and 400 for a body that is not gzip.
     */
    public static InputStream decoded(HttpServletRequest request) throws IOException {
        return request.getInputStream();
    }

    /** The 400 for a body that says gzip but is not (also when the damage shows up mid-stream). */
    public static InvalidInputException notGzip(IOException e) {
        return new InvalidInputException("the body is not valid gzip", List.of(Violation.field("body",
                "Content-Encoding is gzip but the body is not valid gzip: " + e.getMessage())));
    }
}
