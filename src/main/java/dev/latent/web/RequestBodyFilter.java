package dev.latent.web;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ReadListener;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletInputStream;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletRequestWrapper;
import jakarta.servlet.http.HttpServletResponse;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.zip.GZIPInputStream;
import java.util.zip.ZipException;
import org.springframework.http.HttpStatus;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Bounds every request body before anything reads it, and decodes {@code Content-Encoding} in one place:
 * <ul>
 *   <li>413 for bodies over {@code latent.limits.max-body-size} ({@code max-import-size} for
 *       {@code POST /api/v1/ratings/import} and {@code POST /api/v1/items/import} only): at once when Content-Length says so, otherwise when the
 *       body being read (chunked) passes the limit;</li>
 *   <li>{@code gzip} (or {@code x-gzip}) is decompressed here for every endpoint, bounded twice: the
 *       decompressed size ({@code max-body-size}, or {@code max-decompressed-import-size} for the import) and
 *       the ratio of decompressed to compressed bytes ({@code max-compression-ratio}), so a 1 MB gzip bomb is
 *       refused after a few megabytes instead of filling the heap;</li>
 *   <li>any other encoding is 415, a body that claims gzip but is not is 400: an encoded body is never
 *       read as if it were plain.</li>
 * </ul>
 * After a 413 the rest of the body is read and dropped (still bounded by the limit as sent), so a client
 * that is still sending receives the problem rather than a connection reset.
 */
class RequestBodyFilter extends OncePerRequestFilter {

    /** The streamed imports, the only paths with the import limits. */
    static final java.util.Set<String> IMPORT_PATHS = java.util.Set.of("/api/v1/ratings/import", "/api/v1/items/import");
    /** Below this many decompressed bytes the ratio is not checked: small bodies compress oddly. */
    private static final long RATIO_FLOOR = 1 << 20;

    private final long maxBody;
    private final long maxImport;
    private final long maxImportDecoded;
    private final int maxRatio;

    RequestBodyFilter(WebProperties.Limits limits) {
        this.maxBody = limits.maxBodySize().toBytes();
        this.maxImport = limits.maxImportSize().toBytes();
        this.maxImportDecoded = limits.maxDecompressedImportSize().toBytes();
        this.maxRatio = limits.maxCompressionRatio();
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        boolean isImport = "POST".equals(request.getMethod()) && IMPORT_PATHS.contains(pathWithinApplication(request));
        long limit = isImport ? maxImport : maxBody;
        String property = isImport ? "latent.limits.max-import-size" : "latent.limits.max-body-size";
        long length = request.getContentLengthLong();
        if (length > limit) {
            Problems.write(request, response, HttpStatus.CONTENT_TOO_LARGE,
                    "the body has " + length + " bytes; at most " + limit + " are accepted (" + property + ")");
            return;
        }
        boolean hasBody = length > 0 || request.getHeader("Transfer-Encoding") != null;
        List<String> codings = hasBody ? codings(request) : List.of();
        if (codings.size() > 1 || (codings.size() == 1 && !codings.get(0).equals("gzip")
                && !codings.get(0).equals("x-gzip"))) {
            Problems.write(request, response, HttpStatus.UNSUPPORTED_MEDIA_TYPE, "Content-Encoding '"
                    + String.join(", ", codings) + "' is not supported; send gzip or no encoding");
            return;
        }
        Limited raw = new Limited(request.getInputStream(), limit, property);
        ServletInputStream body = raw;
        if (!codings.isEmpty()) {
            try {
                long decodedLimit = isImport ? maxImportDecoded : maxBody;
                String decodedProperty = isImport ? "latent.limits.max-decompressed-import-size" : property;
                body = new Inflated(raw, new GZIPInputStream(raw, 1 << 16), decodedLimit, decodedProperty, maxRatio);
            } catch (ZipException | EOFException e) {
                Problems.write(request, response, HttpStatus.BAD_REQUEST, "the body is not valid gzip",
                        List.of(Problems.error("body", "Content-Encoding is gzip but the body is not valid gzip: "
                                + e.getMessage())));
                return;
            }
        }
        ServletInputStream stream = body;
        chain.doFilter(new HttpServletRequestWrapper(request) {
            @Override
            public ServletInputStream getInputStream() {
                return stream;
            }

            @Override
            public String getHeader(String name) {
                // the body handed on is decoded: nothing downstream may decode it again
                return "Content-Encoding".equalsIgnoreCase(name) ? null : super.getHeader(name);
            }

            @Override
            public java.util.Enumeration<String> getHeaders(String name) {
                return "Content-Encoding".equalsIgnoreCase(name) ? Collections.emptyEnumeration() : super.getHeaders(name);
            }

            @Override
            public long getContentLengthLong() {
                return stream == raw ? super.getContentLengthLong() : -1;
            }

            @Override
            public int getContentLength() {
                return stream == raw ? super.getContentLength() : -1;
            }
        }, response);
        if (response.getStatus() == HttpStatus.CONTENT_TOO_LARGE.value() && !raw.isFinished()) {
            response.flushBuffer();
            raw.drain();
        }
    }

    /** The path inside the application, decoded and without path parameters ({@code ;jsessionid=...}). */
    private static String pathWithinApplication(HttpServletRequest request) {
        String path = request.getServletPath();
        return request.getPathInfo() == null ? path : path + request.getPathInfo();
    }

    /** The content codings of the body, lower case, without {@code identity}. */
    private static List<String> codings(HttpServletRequest request) {
        List<String> codings = new ArrayList<>();
        for (String header : Collections.list(request.getHeaders("Content-Encoding"))) {
            for (String coding : header.split(",")) {
                String c = coding.trim().toLowerCase(Locale.ROOT);
                if (!c.isEmpty() && !c.equals("identity")) {
                    codings.add(c);
                }
            }
        }
        return codings;
    }

    /** The body as sent, counted against its limit. */
    private static final class Limited extends ServletInputStream {
        private final ServletInputStream in;
        private final long limit;
        private final String property;
        private long count;
        private boolean ended;

        Limited(ServletInputStream in, long limit, String property) {
            this.in = in;
            this.limit = limit;
            this.property = property;
        }

        @Override
        public int read() throws IOException {
            int b = in.read();
            if (b >= 0) {
                add(1);
            } else {
                ended = true;
            }
            return b;
        }

        @Override
        public int read(byte[] buf, int off, int len) throws IOException {
            int n = in.read(buf, off, len);
            if (n > 0) {
                add(n);
            } else if (n < 0) {
                ended = true;
            }
            return n;
        }

        private void add(int n) throws PayloadTooLargeException {
            count += n;
            if (count > limit) {
                throw new PayloadTooLargeException("the body is larger than " + limit + " bytes (" + property + ")");
            }
        }

        long count() {
            return count;
        }

        /** Reads and drops the rest of the body, up to the limit. */
        void drain() {
            byte[] buf = new byte[1 << 16];
            try {
                while (read(buf, 0, buf.length) >= 0) {
                    // dropped
                }
            } catch (IOException e) {
                // over the limit or the client went away: Tomcat closes the connection
            }
        }

        @Override
        public boolean isFinished() {
            return ended || in.isFinished();
        }

        @Override
        public boolean isReady() {
            return in.isReady();
        }

        @Override
        public void setReadListener(ReadListener listener) {
            in.setReadListener(listener);
        }
    }

    /** A gzip body decompressed, with its decompressed size and compression ratio bounded. */
    private static final class Inflated extends ServletInputStream {
        private final Limited raw;
        private final InputStream in;
        private final long limit;
        private final String property;
        private final int maxRatio;
        private long count;
        private boolean ended;

        Inflated(Limited raw, InputStream in, long limit, String property, int maxRatio) {
            this.raw = raw;
            this.in = in;
            this.limit = limit;
            this.property = property;
            this.maxRatio = maxRatio;
        }

        @Override
        public int read() throws IOException {
            byte[] one = new byte[1];
            int n = read(one, 0, 1);
            return n < 0 ? -1 : one[0] & 0xff;
        }

        @Override
        public int read(byte[] buf, int off, int len) throws IOException {
            int n = in.read(buf, off, len);
            if (n < 0) {
                ended = true;
                return n;
            }
            count += n;
            if (count > limit) {
                throw new PayloadTooLargeException("the decompressed body is larger than " + limit + " bytes ("
                        + property + ")");
            }
            if (count > RATIO_FLOOR && count > (long) maxRatio * Math.max(1, raw.count())) {
                throw new PayloadTooLargeException("the body decompresses more than " + maxRatio
                        + " times (latent.limits.max-compression-ratio): refused as a decompression bomb");
            }
            return n;
        }

        @Override
        public boolean isFinished() {
            return ended;
        }

        @Override
        public boolean isReady() {
            return raw.isReady();
        }

        @Override
        public void setReadListener(ReadListener listener) {
            throw new UnsupportedOperationException("gzip bodies are read blocking");
        }
    }
}
