package dev.latent.factorization;

import java.util.Arrays;
import java.util.Locale;

/**
 * How one list is made for several users from the members' score vectors (the strategies of group
 * recommenders, Masthoff 2004 and 2011; Baltrunas, Makcinskas and Ricci 2010): the service's
 * {@code POST /recommendations/group} and the {@code evaluate-groups} command aggregate through this one class.
 * Members are added one at a time ({@link #start}), so a group of m members over n items costs O(n) memory
 * beside the members' own score vector; {@link #BORDA} and {@link #AVERAGE_WITHOUT_MISERY} rank each member's
 * scores (O(n log n) a member).
 * <p>
 * A NaN score marks an item left out; an item left out for any member is left out of the group's scores. The
 * caller leaves out the same items for every member (in the service: items any member rated, the request's
 * {@code exclude}, items deleted since the model), so every member ranks the same candidates.
 */
public enum GroupAggregation {
    /** The average strategy: the mean of the members' scores. */
    MEAN("mean"),
    /** Least misery: the lowest of the members' scores. */
    LEAST_MISERY("least-misery"),
    /** Most pleasure: the highest of the members' scores. */
    MOST_PLEASURE("most-pleasure"),
    /**
     * Average without misery: the mean of the members' scores, but an item outside some member's top
     * {@link #MISERY_SHARE} of the candidates ranks after every item no member is miserable with (its score is
     * the mean lowered by the span of the means plus one, so the order within each tier is the mean's).
     */
    AVERAGE_WITHOUT_MISERY("average-without-misery"),
    /**
     * Borda count: each member gives an item the share of the candidates it outranks in the member's own
     * order ((c − 1 − position) / (c − 1) over c candidates, ties by the lower index); the group score is the mean
     * share. Insensitive to the members' score scales.
     */
    BORDA("borda");

    /**
     * The share of a member's candidates, from the top, that does not make the member miserable (average
     * without misery): chosen before measuring, not tuned (docs/evaluation.md "Group lists").
     */
    public static final double MISERY_SHARE = 0.1;

    private final String wire;

    GroupAggregation(String wire) {
        this.wire = wire;
    }

    /** The name used in requests and flags. */
    public String wire() {
        return wire;
    }

    /** The aggregation of this name ({@link #wire()}, case-insensitive). */
    public static GroupAggregation of(String name) {
        for (GroupAggregation a : values()) {
            if (a.wire.equals(name.toLowerCase(Locale.ROOT))) {
                return a;
            }
        }
        throw new IllegalArgumentException("aggregation must be one of " + String.join(", ",
                Arrays.stream(values()).map(GroupAggregation::wire).toList()));
    }

    /** A new aggregation of {@code members} members over {@code n} items. */
    public Accumulator start(int n, int members) {
        if (members < 1) {
            throw new IllegalArgumentException("a group has at least one member");
        }
        return new Accumulator(this, n, members);
    }

    /** The group's scores so far; not thread-safe (one a request). */
    public static final class Accumulator {
        private final GroupAggregation aggregation;
        private final int n;
        private final int members;
        private final float[] group;
        private final boolean[] miserable;
        private long[] order;
        private int added;

        private Accumulator(GroupAggregation aggregation, int n, int members) {
            this.aggregation = aggregation;
            this.n = n;
            this.members = members;
            this.group = new float[n];
            this.miserable = aggregation == AVERAGE_WITHOUT_MISERY ? new boolean[n] : null;
            if (aggregation == LEAST_MISERY) {
                Arrays.fill(group, Float.POSITIVE_INFINITY);
            } else if (aggregation == MOST_PLEASURE) {
                Arrays.fill(group, Float.NEGATIVE_INFINITY);
            }
        }

        /** Adds a member's scores {@code scores[0..n)} (NaN: left out); the array is not kept. */
        public void add(float[] scores) {
            if (added == members) {
                throw new IllegalStateException("all " + members + " members were added");
            }
            added++;
            switch (aggregation) {
                case MEAN -> {
                    for (int i = 0; i < n; i++) {
                        group[i] += scores[i] / members;
                    }
                }
                case LEAST_MISERY -> {
                    for (int i = 0; i < n; i++) {
                        float s = scores[i];
                        group[i] = s != s ? Float.NaN : Math.min(group[i], s);
                    }
                }
                case MOST_PLEASURE -> {
                    for (int i = 0; i < n; i++) {
                        float s = scores[i];
                        group[i] = s != s ? Float.NaN : Math.max(group[i], s);
                    }
                }
                case AVERAGE_WITHOUT_MISERY -> {
                    int c = rank(scores);
                    int content = (int) Math.ceil(MISERY_SHARE * c);
                    for (int p = content; p < c; p++) {
                        miserable[(int) order[p]] = true;
                    }
                    for (int i = 0; i < n; i++) {
                        group[i] += scores[i] / members;
                    }
                }
                case BORDA -> {
                    int c = rank(scores);
                    for (int i = 0; i < n; i++) {
                        if (scores[i] != scores[i]) {
                            group[i] = Float.NaN;
                        }
                    }
                    for (int p = 0; p < c; p++) {
                        int i = (int) order[p];
                        group[i] += (c == 1 ? 1f : (c - 1 - p) / (float) (c - 1)) / members;
                    }
                }
                default -> throw new AssertionError(aggregation);
            }
        }

        /**
         * The group's scores (NaN: left out), higher first; the array is the accumulator's own. Every member
         * must have been added.
         */
        public float[] result() {
            if (added != members) {
                throw new IllegalStateException(added + " of " + members + " members were added");
            }
            if (aggregation == AVERAGE_WITHOUT_MISERY) {
                float lo = Float.POSITIVE_INFINITY;
                float hi = Float.NEGATIVE_INFINITY;
                for (int i = 0; i < n; i++) {
                    float s = group[i];
                    if (s == s) {
                        lo = Math.min(lo, s);
                        hi = Math.max(hi, s);
                    }
                }
                float drop = hi - lo + 1;
                for (int i = 0; i < n; i++) {
                    if (miserable[i]) {
                        group[i] -= drop;
                        miserable[i] = false;
                    }
                }
            }
            return group;
        }

        /**
         * Sorts the member's candidates (scores not NaN) best first into {@code order} (low 32 bits: the index),
         * ties by the lower index; returns their number.
         */
        private int rank(float[] scores) {
            if (order == null) {
                order = new long[n];
            }
            int c = 0;
            for (int i = 0; i < n; i++) {
                float s = scores[i];
                if (s == s) {
                    // descending score = ascending order of the negated score's sortable bits
                    int bits = Float.floatToIntBits(-s);
                    int key = bits ^ ((bits >> 31) & 0x7fffffff);
                    order[c++] = ((long) key << 32) | i;
                }
            }
            Arrays.sort(order, 0, c);
            for (int p = 0; p < c; p++) {
                order[p] &= 0xffffffffL;
            }
            return c;
        }
    }
}
