package dev.latent.spark;

import java.io.Serializable;

/**
 * A bounded run of ratings as parallel arrays (the first {@code size} entries are used): what one input
 * partition hands on, compact in cache and in a shuffle. Read from the store, {@code users}/{@code items}
 * hold the store's keys until they are mapped to dense indices; split into blocks they hold a block's local
 * rows and the other side's global indices.
 *
 * @param heldOut per rating, whether it is held out (null: none is, or not decided yet)
 * @param maxTs   the newest timestamp among them (epoch ms; 0 when the input has none)
 */
record CellChunk(int[] users, int[] items, float[] ratings, boolean[] heldOut, int size, long maxTs)
        implements Serializable {
}
