package dev.latent.spark;

import dev.latent.model.FeedMark;
import dev.latent.model.ModelCodec;
import dev.latent.ratings.TombstonePruning;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Properties;
import java.util.zip.GZIPOutputStream;

/**
 * Writes a model into the service's store in the service's own form (the table layout of
 * {@code model.store.ModelStore}: a row in {@code models}, the {@link ModelCodec} stream gzipped in 1 MiB rows
 * of {@code model_chunks}), as the next version, in one transaction; then drops all but the newest
 * {@link #KEEP} versions as the service does. Every instance's model poll then loads it like one it trained.
 * The change-feed mark goes into {@code models.feed_seq}/{@code feed_holes} as the service stores its own
 * (both null for {@link FeedMark#NONE}).
 * The stream goes to the database chunk by chunk, so the driver never holds the compressed model whole.
 * A model read from the store also drops, in the same transaction, the tombstones its snapshot excludes
 * ({@link TombstonePruning}), as the service does when it publishes its own; one trained on an export keeps them.
 */
final class ModelWriter {

    private static final int CHUNK = 1 << 20;
    private static final int KEEP = 2;
    private static final int ATTEMPTS = 5;
    private static final String UNIQUE_VIOLATION = "23505";

    private ModelWriter() {
    }

    /**
     * Writes {@code model}; returns its version. A version taken meanwhile by another writer is retried.
     * {@code snapshotStart}: when the read of the store's ratings began (null: trained on an export).
     */
    static long write(String url, Properties props, ModelCodec.Arrays model, String infoJson, String fingerprint,
                      FeedMark mark, Instant trainedAt, Instant snapshotStart) {
        for (int attempt = 1; ; attempt++) {
            try (Connection c = DriverManager.getConnection(url, props)) {
                c.setAutoCommit(false);
                try {
                    long version = next(c);
                    insert(c, version, model, infoJson, fingerprint, mark, trainedAt);
                    prune(c);
                    if (snapshotStart != null) {
                        TombstonePruning.prune(c, snapshotStart);
                    }
                    c.commit();
                    return version;
                } catch (SQLException | RuntimeException e) {
                    c.rollback();
                    throw e;
                }
            } catch (SQLException e) {
                if (UNIQUE_VIOLATION.equals(e.getSQLState()) && attempt < ATTEMPTS) {
                    continue; // another writer stored this version first: take the next one
                }
                throw new IllegalStateException("writing the model failed: " + e.getMessage(), e);
            }
        }
    }

    private static long next(Connection c) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT MAX(version) FROM models");
             ResultSet rs = ps.executeQuery()) {
            rs.next();
            return rs.getLong(1) + 1;
        }
    }

    private static void insert(Connection c, long version, ModelCodec.Arrays model, String infoJson,
                               String fingerprint, FeedMark mark, Instant trainedAt) throws SQLException {
        // The description first, its size fixed up at the end: the chunks refer to a version that exists.
        try (PreparedStatement ps = c.prepareStatement("INSERT INTO models (version, run_id, trained_at, info, "
                + "fingerprint, size_bytes, feed_seq, feed_holes) VALUES (?, NULL, ?, ?, ?, 0, ?, ?)")) {
            ps.setLong(1, version);
            ps.setTimestamp(2, Timestamp.from(trainedAt));
            ps.setString(3, infoJson);
            ps.setString(4, fingerprint);
            if (mark == FeedMark.NONE) {
                ps.setNull(5, java.sql.Types.BIGINT);
                ps.setNull(6, java.sql.Types.VARCHAR);
            } else {
                ps.setLong(5, mark.seq());
                ps.setString(6, mark.holesText());
            }
            ps.executeUpdate();
        }
        long size;
        try (PreparedStatement ps = c.prepareStatement("INSERT INTO model_chunks (version, seq, data) VALUES (?, ?, ?)")) {
            ChunkInserter chunks = new ChunkInserter(ps, version);
            try (GZIPOutputStream gz = new GZIPOutputStream(chunks, 1 << 16)) { // closing it inserts the last chunk
                ModelCodec.write(model, gz);
            } catch (IOException e) {
                if (e.getCause() instanceof SQLException sql) {
                    throw sql;
                }
                throw new UncheckedIOException(e);
            }
            size = chunks.written();
        }
        try (PreparedStatement ps = c.prepareStatement("UPDATE models SET size_bytes = ? WHERE version = ?")) {
            ps.setLong(1, size);
            ps.setLong(2, version);
            ps.executeUpdate();
        }
    }

    private static void prune(Connection c) throws SQLException {
        List<Long> versions = new ArrayList<>();
        try (PreparedStatement ps = c.prepareStatement("SELECT version FROM models ORDER BY version DESC");
             ResultSet rs = ps.executeQuery()) {
            while (rs.next()) {
                versions.add(rs.getLong(1));
            }
        }
        for (Long v : versions.subList(Math.min(KEEP, versions.size()), versions.size())) {
            for (String sql : new String[] {"DELETE FROM model_chunks WHERE version = ?",
                    "DELETE FROM models WHERE version = ?"}) {
                try (PreparedStatement ps = c.prepareStatement(sql)) {
                    ps.setLong(1, v);
                    ps.executeUpdate();
                }
            }
        }
    }

    /** Inserts every full 1 MiB of what is written as the next chunk row; the rest on close. */
    private static final class ChunkInserter extends OutputStream {
        private final PreparedStatement insert;
        private final long version;
        private final byte[] buffer = new byte[CHUNK];
        private int filled;
        private int seq;
        private long written;

        ChunkInserter(PreparedStatement insert, long version) {
            this.insert = insert;
            this.version = version;
        }

        @Override
        public void write(int b) throws IOException {
            write(new byte[] {(byte) b}, 0, 1);
        }

        @Override
        public void write(byte[] b, int off, int len) throws IOException {
            while (len > 0) {
                int n = Math.min(len, CHUNK - filled);
                System.arraycopy(b, off, buffer, filled, n);
                filled += n;
                off += n;
                len -= n;
                if (filled == CHUNK) {
                    flushChunk();
                }
            }
        }

        private void flushChunk() throws IOException {
            if (filled == 0) {
                return;
            }
            try {
                insert.setLong(1, version);
                insert.setInt(2, seq++);
                insert.setBytes(3, Arrays.copyOf(buffer, filled));
                insert.executeUpdate();
            } catch (SQLException e) {
                throw new IOException("inserting model chunk " + (seq - 1) + " failed: " + e.getMessage(), e);
            }
            written += filled;
            filled = 0;
        }

        long written() {
            return written;
        }

        @Override
        public void close() throws IOException {
            flushChunk();
        }
    }
}
