package dev.latent.spark;

import java.io.Serializable;

/**
 * Up to a bounded number of ratings over dense indices, as parallel arrays (the first {@code size} entries are
 * used): what one input partition hands on, compact in cache and in a shuffle.
 */
record CellChunk(int[] users, int[] items, float[] ratings, boolean[] heldOut, int size) implements Serializable {
}
