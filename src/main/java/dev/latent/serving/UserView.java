package dev.latent.serving;

/**
 * One user as one model sees them for one request: from the model's own rows, folded in, or unknown.
 *
 * @param strategy      how the user's vectors were obtained
 * @param ratingBias    bias in the rating model (0 when popular)
 * @param ratingVector  factor in the rating model (zeros when popular)
 * @param rankingVector factor in the ranking model (zeros when popular)
 * @param ratedItems    model indices of items the user rated, ascending
 */
record UserView(Strategy strategy, float ratingBias, float[] ratingVector, float[] rankingVector, int[] ratedItems) {
}
