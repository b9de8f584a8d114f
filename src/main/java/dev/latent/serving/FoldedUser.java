package dev.latent.serving;

/**
 * A user solved on the fly against a model's fixed item factors.
 *
 * @param modelVersion the model whose item factors it was solved against
 * @param ratingBias   the user's bias in the rating model
 * @param ratingVector the user's factor in the rating model
 * @param rankingVector the user's factor in the ranking model
 * @param ratedItems   model indices of the items the user has rated (ascending)
 * @param ratings      how many ratings the user has in the store (items the model does not know included)
 * @param changeSeq    the {@link LiveChanges} sequence read before the user's ratings were read
 * @param ratedValues  the user's rating of each of {@code ratedItems}, as the fold-in read them (explanations
 *                     reuse them instead of reading the store again)
 */
public record FoldedUser(long modelVersion, float ratingBias, float[] ratingVector, float[] rankingVector,
                         int[] ratedItems, int ratings, long changeSeq, float[] ratedValues) {

    public FoldedUser {
        if (ratedValues != null && ratedValues.length != ratedItems.length) {
            throw new IllegalArgumentException("rated values do not match the rated items");
        }
    }

    /** A fold-in that does not keep the ratings it read. */
    public FoldedUser(long modelVersion, float ratingBias, float[] ratingVector, float[] rankingVector,
                      int[] ratedItems, int ratings, long changeSeq) {
        this(modelVersion, ratingBias, ratingVector, rankingVector, ratedItems, ratings, changeSeq, null);
    }
}
