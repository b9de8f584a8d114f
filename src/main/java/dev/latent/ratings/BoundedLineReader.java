package dev.latent.ratings;

import dev.latent.web.InputTooLargeException;
import dev.latent.web.Violation;
import java.io.FilterReader;
import java.io.IOException;
import java.io.Reader;

/**
 * Passes characters through and refuses a logical CSV line longer than a limit: a line is what lies between
 * two newlines outside quotes, so both a 1 GiB line and an unterminated quote (which would make the rest of the
 * stream one field) stop at the limit instead of filling the heap in the CSV lexer's token buffer.
 *
 * <p>A quote opens a quoted field only at the start of a field (line start or after a {@code , : \t}
 * separator, spaces allowed), as the CSV lexer reads it; {@code ""} inside quotes is an escaped quote.
 */
final class BoundedLineReader extends FilterReader {

    private final int maxLength;
    private long line = 1;
    private int length;
    private boolean inQuotes;
    private boolean quotePending; // a quote inside quotes: closes, unless the next character is a quote too
    private boolean fieldStart = true;

    BoundedLineReader(Reader in, int maxLength) {
        super(in);
        this.maxLength = maxLength;
    }

    @Override
    public int read() throws IOException {
        int c = super.read();
        if (c >= 0) {
            see((char) c);
        }
        return c;
    }

    @Override
    public int read(char[] buf, int off, int len) throws IOException {
        int n = super.read(buf, off, len);
        for (int i = 0; i < n; i++) {
            see(buf[off + i]);
        }
        return n;
    }

    private void see(char c) {
        if (quotePending) {
            quotePending = false;
            if (c == '"') {
                count();
                return; // escaped quote, still quoted
            }
            inQuotes = false;
        }
        if (inQuotes) {
            if (c == '"') {
                quotePending = true;
            }
            count();
            return;
        }
        if (c == '\n') {
            line++;
            length = 0;
            fieldStart = true;
            return;
        }
        count();
        if (c == '"' && fieldStart) {
            inQuotes = true;
        } else if (c == ',' || c == '\t' || c == ':') {
            fieldStart = true;
        } else if (c != ' ' && c != '\r') {
            fieldStart = false;
        }
    }

    private void count() {
        if (++length > maxLength) {
            throw new InputTooLargeException("line " + line + " is too long; nothing was imported",
                    Violation.atLine(line, "line", (inQuotes ? "a quoted field opened on this line is not closed within "
                            : "is longer than ") + maxLength + " characters (latent.ratings.import-max-line-length)"));
        }
    }
}
