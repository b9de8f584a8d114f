package dev.latent.web;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ReadListener;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletInputStream;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletRequestWrapper;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import org.springframework.http.HttpStatus;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * 413 for bodies over {@code latent.limits.max-body-size} ({@code max-import-size} for the streamed rating and item imports): at once
 * when Content-Length says so, otherwise when the body being read (chunked) passes the limit.
 */
class BodyLimitFilter extends OncePerRequestFilter {

    private final long maxBody;
    private final long maxImport;

    BodyLimitFilter(WebProperties.Limits limits) {
        this.maxBody = limits.maxBodySize().toBytes();
        this.maxImport = limits.maxImportSize().toBytes();
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        String uri = request.getRequestURI();
        boolean isImport = uri.endsWith("/ratings/import") || uri.endsWith("/items/import");
        long limit = isImport ? maxImport : maxBody;
        String property = isImport ? "latent.limits.max-import-size" : "latent.limits.max-body-size";
        long length = request.getContentLengthLong();
        if (length > limit) {
            Problems.write(request, response, HttpStatus.CONTENT_TOO_LARGE,
                    "the body has " + length + " bytes; at most " + limit + " are accepted (" + property + ")");
            return;
        }
        chain.doFilter(new HttpServletRequestWrapper(request) {
            private ServletInputStream stream;

            @Override
            public ServletInputStream getInputStream() throws IOException {
                if (stream == null) {
                    stream = new Limited(super.getInputStream(), limit, property);
                }
                return stream;
            }
        }, response);
    }

    private static final class Limited extends ServletInputStream {
        private final ServletInputStream in;
        private final long limit;
        private final String property;
        private long count;

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
            }
            return b;
        }

        @Override
        public int read(byte[] buf, int off, int len) throws IOException {
            int n = in.read(buf, off, len);
            if (n > 0) {
                add(n);
            }
            return n;
        }

        private void add(int n) throws PayloadTooLargeException {
            count += n;
            if (count > limit) {
                throw new PayloadTooLargeException("the body is larger than " + limit + " bytes (" + property + ")");
            }
        }

        @Override
        public boolean isFinished() {
            return in.isFinished();
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
}
