package dev.latent.catalog;

import java.io.IOException;
import java.io.InputStream;
import java.util.Arrays;

/**
 * Splits a byte stream into lines without ever holding more than one line (of at most {@code maxLineBytes})
 * and one read buffer: a longer line is reported as too long and skipped to its end, instead of growing a
 * buffer without bound as {@code BufferedReader.readLine} would. Accepts {@code \n} and {@code \r\n}.
 */
final class NdjsonLines {

    /** Receives each line; {@code tooLong} lines come with no bytes. */
    interface Sink {
        void line(long number, byte[] bytes, int length, boolean tooLong) throws IOException;
    }

    private final InputStream in;
    private final int maxLineBytes;

    NdjsonLines(InputStream in, int maxLineBytes) {
        this.in = in;
        this.maxLineBytes = maxLineBytes;
    }

    void forEach(Sink sink) throws IOException {
        byte[] buf = new byte[1 << 16];
        byte[] line = new byte[Math.min(maxLineBytes, 1 << 12)];
        int len = 0;
        boolean tooLong = false;
        boolean pending = false;
        long number = 0;
        int n;
        while ((n = in.read(buf)) > 0) {
            for (int k = 0; k < n; k++) {
                byte b = buf[k];
                if (b == '\n') {
                    number++;
                    int end = len > 0 && line[len - 1] == '\r' ? len - 1 : len;
                    sink.line(number, line, tooLong ? 0 : end, tooLong);
                    len = 0;
                    tooLong = false;
                    pending = false;
                    continue;
                }
                pending = true;
                if (tooLong) {
                    continue;
                }
                if (len == maxLineBytes) {
                    tooLong = true;
                    continue;
                }
                if (len == line.length) {
                    line = Arrays.copyOf(line, Math.min(maxLineBytes, line.length * 2));
                }
                line[len++] = b;
            }
        }
        if (pending) {
            number++;
            int end = len > 0 && line[len - 1] == '\r' ? len - 1 : len;
            sink.line(number, line, tooLong ? 0 : end, tooLong);
        }
    }
}
