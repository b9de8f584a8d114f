package dev.latent.model;

import java.util.Arrays;

/**
 * Which rows of the store's change feed a training snapshot saw: every row numbered up to {@code seq} except
 * the {@code holes} (numbers at or below {@code seq} not visible to the snapshot: a write still committing,
 * or a number a rolled-back write used). A change whose feed number is above {@code seq} or among the holes
 * is newer than a model trained on that snapshot. {@link #NONE} marks a model stored without a mark (the Spark
 * job's): {@link #covers} is false for every row, and a loader takes such a model to reflect the rating
 * changes it holds but never the deletes ({@code serving.LiveChanges#rebase}).
 */
public record FeedMark(long seq, long[] holes) {

    public static final FeedMark NONE = new FeedMark(-1L, new long[0]);

    public FeedMark {
        holes = holes.clone();
        Arrays.sort(holes);
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
