package dev.latent.storage;

import java.io.IOException;
import java.nio.file.FileStore;
import java.nio.file.Files;
import java.nio.file.Path;
import org.springframework.dao.DataAccessResourceFailureException;
import org.springframework.util.unit.DataSize;

/**
 * Refuses writes while the filesystem of an H2 file store has less than {@code latent.storage.min-free-space}
 * free, before H2 touches the disk. H2 that runs out of space in the middle of a write closes its database, and
 * when that happens inside a transaction the rollback can spin for ever in H2's MVStore (seen on H2 2.4.240: a
 * request thread RUNNABLE in {@code MVStore.registerVersionUsage} under {@code JdbcConnection.rollback} after the
 * pool reopened the database on the full disk, the request never answered). Refused here, the write is a 503
 * like any storage failure and the database stays open, so the service goes on at once when space is freed.
 * A write that itself fills the disk (a large import on a nearly full one) can still reach H2's failure path.
 * PostgreSQL and other stores: no check (their disk is the server's).
 */
public final class FreeSpace {

    /** Thrown for a write refused for want of space: a storage failure, answered 503 with Retry-After. */
    public static final class StorageFullException extends DataAccessResourceFailureException {
        StorageFullException(String message) {
            super(message);
        }
    }

    private final Path directory;
    private final long minBytes;

    private FreeSpace(Path directory, long minBytes) {
        this.directory = directory;
        this.minBytes = minBytes;
    }

    /** The check for the store of this JDBC URL: the directory of an H2 file database, none for others. */
    static FreeSpace of(String jdbcUrl, DataSize minFreeSpace) {
        String url = jdbcUrl == null ? "" : jdbcUrl;
        if (!url.startsWith("jdbc:h2:file:") || minFreeSpace.toBytes() <= 0) {
            return new FreeSpace(null, 0);
        }
        String file = url.substring("jdbc:h2:file:".length());
        int semicolon = file.indexOf(';');
        Path path = Path.of(semicolon < 0 ? file : file.substring(0, semicolon)).toAbsolutePath();
        return new FreeSpace(path.getParent(), minFreeSpace.toBytes());
    }

    /** Throws {@link StorageFullException} when the store's filesystem is below the minimum free space. */
    public void check() {
        if (directory == null) {
            return;
        }
        long usable = usableBytes();
        if (usable >= 0 && usable < minBytes) {
            throw new StorageFullException("the filesystem of " + directory + " has " + usable / 1024
                    + " KiB free, less than latent.storage.min-free-space (" + minBytes / 1024 + " KiB)");
        }
    }

    /** Free bytes for this process on the store's filesystem, or -1 when they cannot be read. */
    long usableBytes() {
        try {
            Path existing = directory;
            while (existing != null && !Files.exists(existing)) {
                existing = existing.getParent();
            }
            if (existing == null) {
                return -1;
            }
            FileStore store = Files.getFileStore(existing);
            return store.getUsableSpace();
        } catch (IOException e) {
            return -1;
        }
    }
}
