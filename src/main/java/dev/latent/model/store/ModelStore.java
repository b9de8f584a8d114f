package dev.latent.model.store;

import dev.latent.factorization.FactorModel;
import dev.latent.model.FeedMark;
import dev.latent.model.FoldInRecipe;
import dev.latent.model.ModelCodec;
import dev.latent.model.ModelInfo;
import dev.latent.model.ServedModel;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.SequenceInputStream;
import java.io.UncheckedIOException;
import java.sql.Timestamp;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.zip.GZIPInputStream;
import java.util.zip.GZIPOutputStream;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;
import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.json.JsonMapper;

/**
 * Keeps served models in the store (the Spring side of the model core): the description in {@code models}, the arrays ({@link ModelCodec},
 * gzip) in 1 MiB rows of {@code model_chunks}, so the same schema works on H2 and PostgreSQL and another
 * instance on the same database can load what this one trained. Only the newest few models are kept.
 */
@Component
public class ModelStore {

    private static final int CHUNK = 1 << 20;
    private static final int KEEP = 2;

    private final JdbcClient jdbc;
    private final TransactionTemplate tx;
    private final JsonMapper json = JsonMapper.builder().build();

    public ModelStore(JdbcClient jdbc, TransactionTemplate tx) {
        this.jdbc = jdbc;
        this.tx = tx;
    }

    /** The newest stored version, if any. */
    public Optional<Long> latestVersion() {
        return jdbc.sql("SELECT MAX(version) FROM models").query(Long.class).optional();
    }

    /** Stores {@code model} atomically, without a feed mark, and drops all but the newest few. */
    public long save(ServedModel model, Long runId, String fingerprint) {
        return save(model, runId, fingerprint, FeedMark.NONE);
    }

    /**
     * Stores {@code model} atomically with the change-feed rows its snapshot saw, and drops all but the newest
     * few. Returns the bytes written.
     */
    public long save(ServedModel model, Long runId, String fingerprint, FeedMark mark) {
        List<byte[]> chunks = encode(model);
        long size = chunks.stream().mapToLong(b -> b.length).sum();
        tx.executeWithoutResult(status -> {
            jdbc.sql("INSERT INTO models (version, run_id, trained_at, info, fingerprint, size_bytes, feed_seq, "
                            + "feed_holes) VALUES (?, ?, ?, ?, ?, ?, ?, ?)")
                    .params(model.version(), runId, Timestamp.from(model.trainedAt()),
                            json.writeValueAsString(model.info()), fingerprint, size,
                            mark == FeedMark.NONE ? null : mark.seq(), mark == FeedMark.NONE ? null : mark.holesText())
                    .update();
            for (int s = 0; s < chunks.size(); s++) {
                jdbc.sql("INSERT INTO model_chunks (version, seq, data) VALUES (?, ?, ?)")
                        .params(model.version(), s, chunks.get(s)).update();
            }
            List<Long> old = jdbc.sql("SELECT version FROM models ORDER BY version DESC")
                    .query(Long.class).list();
            for (Long v : old.subList(Math.min(KEEP, old.size()), old.size())) {
                jdbc.sql("DELETE FROM model_references WHERE version = ?").param(v).update();
                jdbc.sql("DELETE FROM model_chunks WHERE version = ?").param(v).update();
                jdbc.sql("DELETE FROM models WHERE version = ?").param(v).update();
            }
        });
        return size;
    }

    /**
     * Stores the measured fit of served model {@code model} (its rating and ranking models trained without
     * the run's held-out part, same index spaces): the reference the next run's quality gate scores.
     */
    public void saveReference(ServedModel model, FactorModel rating, FactorModel ranking) {
        ServedModel reference = new ServedModel(model.version(), model.trainedAt(), model.info(), rating,
                model.ranking() == model.rating() ? rating : ranking, model.users(), model.items(),
                model.popularity(), model.rated(), model.foldIn(), model.changeSeq());
        List<byte[]> chunks = encode(reference);
        tx.executeWithoutResult(status -> {
            jdbc.sql("DELETE FROM model_references WHERE version = ?").param(model.version()).update();
            for (int s = 0; s < chunks.size(); s++) {
                jdbc.sql("INSERT INTO model_references (version, seq, data) VALUES (?, ?, ?)")
                        .params(model.version(), s, chunks.get(s)).update();
            }
        });
    }

    /** The measured fit stored for model {@code version} (rating and ranking models), if any. */
    public Optional<FactorModel[]> loadReference(long version) {
        List<byte[]> chunks = tx.execute(status -> jdbc.sql(
                        "SELECT data FROM model_references WHERE version = ? ORDER BY seq")
                .param(version).query((rs, n) -> rs.getBytes(1)).list());
        if (chunks == null || chunks.isEmpty()) {
            return Optional.empty();
        }
        ModelCodec.Arrays a = decode(chunks);
        return Optional.of(new FactorModel[] {a.rating(), a.ranking()});
    }

    /** Drops every stored model: the store they were trained on is empty, a restart must not serve them again. */
    public void deleteAll() {
        tx.executeWithoutResult(status -> {
            jdbc.sql("DELETE FROM model_references").update();
            jdbc.sql("DELETE FROM model_chunks").update();
            jdbc.sql("DELETE FROM models").update();
        });
    }

    /**
     * A stored model with the fingerprint of the ratings it was trained on and the change-feed rows its
     * snapshot saw ({@link FeedMark#NONE} when it was stored without).
     */
    public record Stored(ServedModel model, String fingerprint, FeedMark feedMark) {
    }

    /**
     * The lowest feed mark of the stored models (they are the ones an instance may load and replay the feed
     * after), as its {@link FeedMark#floor()}: every row at or below it is in every marked model. Empty when
     * none is stored, {@code -1} when one was stored without a mark.
     */
    public Optional<Long> lowestFeedSeq() {
        List<FeedMark> marks = feedMarks();
        return marks.stream().map(m -> m == FeedMark.NONE ? -1L : m.floor()).min(Long::compare);
    }

    /** The feed marks of the stored models, newest first ({@link FeedMark#NONE} for a model stored without). */
    public List<FeedMark> feedMarks() {
        return jdbc.sql("SELECT feed_seq, feed_holes FROM models ORDER BY version DESC")
                .query((rs, n) -> {
                    long seq = rs.getLong(1);
                    return rs.wasNull() ? FeedMark.NONE : FeedMark.of(seq, rs.getString(2));
                }).list();
    }

    /** Loads the newest stored model. */
    public Optional<Stored> loadLatest() {
        return latestVersion().map(this::load);
    }

    /** Loads one stored model by version. */
    public Stored load(long version) {
        return tx.execute(status -> {
            Map<String, Object> row = jdbc.sql("SELECT trained_at, info, fingerprint, feed_seq, feed_holes FROM models "
                            + "WHERE version = ?")
                    .param(version).query().singleRow();
            List<byte[]> chunks = jdbc.sql("SELECT data FROM model_chunks WHERE version = ? ORDER BY seq")
                    .param(version).query((rs, n) -> rs.getBytes(1)).list();
            ModelInfo info = json.readValue((String) row.get("info"), new TypeReference<ModelInfo>() { });
            ModelCodec.Arrays arrays = decode(chunks);
            Timestamp trainedAt = toTimestamp(row.get("trained_at"));
            return new Stored(new ServedModel(version, trainedAt.toInstant(), info, arrays.rating(), arrays.ranking(),
                    arrays.users(), arrays.items(), arrays.popularity(), arrays.rated(), recipe(arrays, info, version),
                    0L), (String) row.get("fingerprint"), row.get("feed_seq") == null ? FeedMark.NONE
                    : FeedMark.of(((Number) row.get("feed_seq")).longValue(), (String) row.get("feed_holes")));
        });
    }

    /** The stored recipe; for a format 1 model the one its own parameters describe (never today's settings). */
    private static FoldInRecipe recipe(ModelCodec.Arrays arrays, ModelInfo info, long version) {
        if (arrays.foldIn() != null) {
            return arrays.foldIn();
        }
        try {
            return FoldInRecipe.fromLegacyParameters(info.parameters(), arrays.ranking() != arrays.rating());
        } catch (IllegalArgumentException e) {
            throw new IllegalStateException("stored model " + version + " (format 1) cannot be folded into: "
                    + e.getMessage() + "; train a new one", e);
        }
    }

    private static Timestamp toTimestamp(Object value) {
        if (value instanceof Timestamp t) {
            return t;
        }
        if (value instanceof java.time.OffsetDateTime o) {
            return Timestamp.from(o.toInstant());
        }
        if (value instanceof java.time.Instant i) {
            return Timestamp.from(i);
        }
        throw new IllegalStateException("unexpected timestamp type " + value.getClass());
    }

    private static List<byte[]> encode(ServedModel m) {
        ChunkingOutputStream out = new ChunkingOutputStream();
        try (GZIPOutputStream gz = new GZIPOutputStream(out, 1 << 16)) {
            ModelCodec.write(new ModelCodec.Arrays(m.rating(), m.ranking(), m.users(), m.items(), m.popularity(),
                    m.rated(), m.foldIn()), gz);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.chunks();
    }

    private static ModelCodec.Arrays decode(List<byte[]> chunks) {
        List<InputStream> parts = new ArrayList<>();
        for (byte[] c : chunks) {
            parts.add(new ByteArrayInputStream(c));
        }
        try (InputStream in = new GZIPInputStream(new SequenceInputStream(Collections.enumeration(parts)), 1 << 16)) {
            return ModelCodec.read(in);
        } catch (IOException e) {
            throw new UncheckedIOException("stored model is unreadable", e);
        }
    }

    /** Collects written bytes into pieces of at most {@link #CHUNK} bytes. */
    private static final class ChunkingOutputStream extends OutputStream {
        private final List<byte[]> chunks = new ArrayList<>();
        private ByteArrayOutputStream current = new ByteArrayOutputStream(CHUNK);

        @Override
        public void write(int b) {
            current.write(b);
            roll();
        }

        @Override
        public void write(byte[] b, int off, int len) {
            while (len > 0) {
                int n = Math.min(len, CHUNK - current.size());
                current.write(b, off, n);
                off += n;
                len -= n;
                roll();
            }
        }

        private void roll() {
            if (current.size() == CHUNK) {
                chunks.add(current.toByteArray());
                current = new ByteArrayOutputStream(CHUNK);
            }
        }

        List<byte[]> chunks() {
            if (current.size() > 0) {
                chunks.add(current.toByteArray());
                current = new ByteArrayOutputStream(CHUNK);
            }
            return chunks;
        }
    }
}
