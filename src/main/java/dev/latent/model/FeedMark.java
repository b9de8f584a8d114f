package dev.latent.model;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Arrays;
import java.util.BitSet;

/**
 * Which rows of the store's change feed a training snapshot saw: every row numbered up to {@code seq} except
 * the {@code holes} (numbers at or below {@code seq} not visible to the snapshot: a write still committing,
 * or a number a rolled-back write used). A change whose feed number is above {@code seq} or among the holes
 * is newer than a model trained on that snapshot. {@link #NONE} marks a model stored without a mark (the Spark
 * job's when it reads an export, not the store): {@link #covers} is false for every row, and a loader takes
 * such a model to reflect the rating changes it holds but never the deletes ({@code serving.LiveChanges#rebase}).
 *
 * <p>{@link #read(Connection)} takes a mark with plain JDBC, the same way for the service's snapshot
 * ({@code training.SnapshotReader}) and the Spark job ({@code spark.SparkTrainingJob}, which compiles this
 * package): read it before the ratings, and every row it covers committed before they were read.
 */
public record FeedMark(long seq, long[] holes) {

    public static final FeedMark NONE = new FeedMark(-1L, new long[0]);

    public FeedMark {
        holes = holes.clone();
        Arrays.sort(holes);
    }

    /** How far below the feed's newest row a mark looks for rows its snapshot does not see. */
    public static final int HOLE_SPAN = 10_000;
    /** The most holes a mark lists (they are stored with the model). */
    public static final int MAX_HOLES = 1_000;

    /**
     * The change-feed rows the snapshot of {@code c}'s current transaction sees: the highest number, and the
     * numbers below it (in the last {@link #HOLE_SPAN}) that it does not see: writes still committing when it
     * was taken (numbers are taken a moment before the commit, so a row older than that span cannot still be
     * in flight) or rolled back. Run it as the first read of the transaction that reads the ratings, or before
     * the ratings are read at all: a covered row then committed before any rating was read.
     */
    public static FeedMark read(Connection c) throws SQLException {
        long max;
        try (PreparedStatement ps = c.prepareStatement("SELECT COALESCE(MAX(seq), 0) FROM change_feed");
             ResultSet rs = ps.executeQuery()) {
            rs.next();
            max = rs.getLong(1);
        }
        long from = Math.max(0, max - HOLE_SPAN);
        BitSet seen = new BitSet();
        try (PreparedStatement ps = c.prepareStatement("SELECT seq FROM change_feed WHERE seq > ? AND seq <= ?")) {
            ps.setLong(1, from);
            ps.setLong(2, max); // rows committed after the first query (no snapshot): not in the mark
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    seen.set((int) (rs.getLong(1) - from));
                }
            }
        }
        long[] holes = new long[(int) (max - from) - Math.min((int) (max - from), seen.cardinality())];
        int h = 0;
        for (long s = from + 1; s <= max && h < holes.length; s++) {
            if (!seen.get((int) (s - from))) {
                holes[h++] = s;
            }
        }
        if (h > MAX_HOLES) { // rows rolled back by the thousand: count every change from the first hole on as newer
            return new FeedMark(holes[0] - 1, new long[0]);
        }
        return new FeedMark(max, Arrays.copyOf(holes, h));
    }

    /**
     * The highest number up to which the snapshot saw every row (below the first hole): no reader that starts
     * from a model with this mark needs a row at or below it, so the feed may drop those rows.
     */
    public long floor() {
        return holes.length > 0 ? holes[0] - 1 : seq;
    }

    /** True when the change numbered {@code feedSeq} in the feed is reflected by the snapshot. */
    public boolean covers(long feedSeq) {
        return feedSeq <= seq && Arrays.binarySearch(holes, feedSeq) < 0;
    }

    /** The holes as text (comma-separated), for the store. */
    public String holesText() {
        StringBuilder b = new StringBuilder();
        for (long h : holes) {
            if (b.length() > 0) {
                b.append(',');
            }
            b.append(h);
        }
        return b.toString();
    }

    /** Parses {@link #holesText()}; null or empty is no hole. */
    public static FeedMark of(long seq, String holes) {
        if (holes == null || holes.isBlank()) {
            return new FeedMark(seq, new long[0]);
        }
        return new FeedMark(seq, Arrays.stream(holes.split(",")).mapToLong(Long::parseLong).toArray());
    }
}
