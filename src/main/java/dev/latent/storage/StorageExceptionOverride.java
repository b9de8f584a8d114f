package dev.latent.storage;

import com.zaxxer.hikari.SQLExceptionOverride;
import java.sql.SQLException;

/**
 * Tells the connection pool to throw away a connection that saw a storage failure. After a failed write H2
 * closes its database, and every pooled connection to it stays dead; evicted, the pool opens fresh ones, which
 * open the database again as soon as the disk can take writes, so the service recovers without a restart.
 * Configured as {@code spring.datasource.hikari.exception-override-class-name}.
 */
public class StorageExceptionOverride implements SQLExceptionOverride {

    @java.lang.Override
    public Override adjudicate(SQLException e) {
        for (Throwable t = e; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t instanceof SQLException sql && StorageFailures.isStorageFailure(sql)) {
                return Override.MUST_EVICT;
            }
        }
        return StorageFailures.isStorageFailure(e) ? Override.MUST_EVICT : Override.CONTINUE_EVICT;
    }
}
