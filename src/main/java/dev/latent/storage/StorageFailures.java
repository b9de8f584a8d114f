package dev.latent.storage;

import java.io.IOException;
import java.sql.SQLException;
import java.sql.SQLTransientConnectionException;
import java.util.Set;
import org.springframework.dao.DataAccessResourceFailureException;
import org.springframework.dao.PessimisticLockingFailureException;
import org.springframework.dao.QueryTimeoutException;
import org.springframework.transaction.CannotCreateTransactionException;

/**
 * Tells apart, from any exception chain, the two failures that are the store's state rather than the
 * request's fault, and that a client should retry after a while (503 with Retry-After):
 * <ul>
 *   <li>{@link #isStorageFailure storage failures}: the disk is full or read-only, the database closed itself
 *       after a failed write (H2 does), the connection or the server is gone;</li>
 *   <li>{@link #isLockTimeout lock timeouts}: a write waited longer than the lock timeout for rows a long
 *       import holds.</li>
 * </ul>
 */
public final class StorageFailures {

    /** H2: closed, read only, I/O errors, file trouble, shut down while called. */
    private static final Set<Integer> H2_STORAGE_CODES = Set.of(90098, 90097, 90028, 90031, 90030, 90062, 90121,
            90024, 90025, 90124, 90007);
    private static final int H2_GENERAL_ERROR = 50000;
    /** What the pool's proxy says (without an SQL state) when used after it was evicted. */
    private static final String HIKARI_CLOSED = "Connection is closed";
    private static final int H2_LOCK_TIMEOUT = 50200;

    private StorageFailures() {
    }

    public static boolean isStorageFailure(Throwable e) {
        boolean io = false;
        boolean general = false;
        for (Throwable t = e; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t instanceof DataAccessResourceFailureException || t instanceof CannotCreateTransactionException
                    || t instanceof SQLTransientConnectionException) {
                return true;
            }
            if (t instanceof SQLException sql && (isStorageFailure(sql) || HIKARI_CLOSED.equals(sql.getMessage()))) {
                return true; // the second: a rollback on a connection the pool closed after such a failure
            }
            if (t instanceof SQLException sql && sql.getErrorCode() == H2_GENERAL_ERROR) {
                general = true;
            }
            if (t instanceof IOException || t.getClass().getName().equals("org.h2.mvstore.MVStoreException")) {
                io = true;
            }
        }
        return general && io; // H2 reports a failed file write as a general error caused by the I/O error
    }

    /** Whether one SQL exception (not its causes) says the store cannot be used. */
    public static boolean isStorageFailure(SQLException e) {
        String state = e.getSQLState() == null ? "" : e.getSQLState();
        return H2_STORAGE_CODES.contains(e.getErrorCode())
                || state.startsWith("08")      // connection exception (both)
                || state.startsWith("53")      // PostgreSQL insufficient resources: disk full, out of memory
                || state.startsWith("57P")     // PostgreSQL operator intervention: shutdown, crash
                || state.startsWith("58")      // PostgreSQL system error: I/O
                || state.equals("25006");      // PostgreSQL read-only transaction (a read-only standby)
    }

    public static boolean isLockTimeout(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t instanceof PessimisticLockingFailureException || t instanceof QueryTimeoutException) {
                return true;
            }
            if (t instanceof SQLException sql && (sql.getErrorCode() == H2_LOCK_TIMEOUT
                    || "55P03".equals(sql.getSQLState()))) { // PostgreSQL lock_not_available
                return true;
            }
        }
        return false;
    }
}
