package dev.latent.storage;

import java.sql.SQLException;
import org.springframework.boot.diagnostics.AbstractFailureAnalyzer;
import org.springframework.boot.diagnostics.FailureAnalysis;

/**
 * A second process on the same H2 file: H2 holds the file with a lock ({@code latent.mv.db} and its
 * {@code .lock.db}), and the second one fails at its first connection with error 90020 ("Database may be
 * already in use"). This turns the stack trace into what to do: H2 is single-instance; several instances
 * share PostgreSQL (docs/scaling.md).
 */
public class H2InUseFailureAnalyzer extends AbstractFailureAnalyzer<SQLException> {

    /** H2's DATABASE_ALREADY_OPEN_1. */
    static final int DATABASE_ALREADY_OPEN = 90020;

    @Override
    protected FailureAnalysis analyze(Throwable rootFailure, SQLException cause) {
        SQLException e = cause;
        while (e != null && e.getErrorCode() != DATABASE_ALREADY_OPEN) {
            e = e.getCause() instanceof SQLException s ? s : e.getNextException();
        }
        if (e == null) {
            return null;
        }
        return new FailureAnalysis(
                "The H2 database file is in use by another process (H2 error 90020: " + firstLine(e.getMessage())
                        + "). The default profile's H2 store is single-instance: one service process per data"
                        + " directory.",
                "Stop the other service using this data directory (latent.data-dir), or give this one its own"
                        + " directory. To run several instances on one store, use PostgreSQL: the postgres profile"
                        + " (--spring.profiles.active=postgres), see docs/scaling.md.",
                cause);
    }

    private static String firstLine(String message) {
        if (message == null) {
            return "";
        }
        int nl = message.indexOf('\n');
        return nl < 0 ? message : message.substring(0, nl);
    }
}
