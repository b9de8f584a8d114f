package dev.latent.serving;

/**
 * One user as one model sees them for one request: from the model's own rows, folded in, or unknown.
 *
 * @param strategy      how the user's vectors were obtained
 * @param ratingBias    bias in the rating model (0 when popular)
 * @param ratingVector  factor in the rating model (zeros when popular)
 * @param rankingVector factor in the ranking model (zeros when popular)
 * @param ratedItems    model indices of items the user rated, ascending
 * @param ratedValues   the user's rating of each of {@code ratedItems} (the model's own for a user of the model,
 *                      what the fold-in read for a folded-in user); null when not known (a model stored
 *                      without them): explanations then read the store
 * @param changeSeq     the {@link LiveChanges} sequence read before the user's state was (the model user's check
 *                      that nothing changed since the model, or the fold-in's read), {@link #UNKNOWN} when not
 *                      known: then nothing derived from the view is cached
 */
record UserView(Strategy strategy, float ratingBias, float[] ratingVector, float[] rankingVector, int[] ratedItems,
                float[] ratedValues, long changeSeq) {

    static final long UNKNOWN = -1;

    UserView(Strategy strategy, float ratingBias, float[] ratingVector, float[] rankingVector, int[] ratedItems) {
        this(strategy, ratingBias, ratingVector, rankingVector, ratedItems, null, UNKNOWN);
    }
}
