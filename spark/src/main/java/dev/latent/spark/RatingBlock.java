package dev.latent.spark;

import java.io.Serializable;
import java.util.Arrays;

/**
 * The ratings of one block of rows of one side (users, or items), in compressed rows: row {@code r} of block
 * {@code b} is global row {@code r·blocks + b}; its cells are {@code [ptr[r], ptr[r+1])}, each naming the
 * other side's row by its position in {@code needed} (the sorted global rows of the other side this block
 * rates), so a pass can gather exactly the fixed factors the block needs into one compact array. Cells of a
 * row are in ascending global order of the other side.
 *
 * @param heldOut per cell, whether it is in the held-out share (null: none is)
 */
record RatingBlock(int block, int rows, int[] ptr, int[] cols, float[] values, boolean[] heldOut, int[] needed)
        implements Serializable {

    /** The rows of global size {@code size} that fall in block {@code block} of {@code blocks}. */
    static int rowsOf(int block, int blocks, int size) {
        return size > block ? (size - block - 1) / blocks + 1 : 0;
    }

    int size() {
        return values.length;
    }

    int global(int cell) {
        return needed[cols[cell]];
    }

    /**
     * Builds a block from {@code n} cells (local row, global column of the other side, value, held out).
     * Cost O(n log n) for the sort of the columns.
     */
    static RatingBlock of(int block, int rows, int[] localRows, int[] globalCols, float[] values, boolean[] heldOut,
                          int n) {
        int[] needed = Arrays.copyOf(globalCols, n);
        Arrays.sort(needed);
        int distinct = 0;
        for (int e = 0; e < n; e++) {
            if (e == 0 || needed[e] != needed[e - 1]) {
                needed[distinct++] = needed[e];
            }
        }
        needed = Arrays.copyOf(needed, distinct);
        int[] ptr = new int[rows + 1];
        for (int e = 0; e < n; e++) {
            ptr[localRows[e] + 1]++;
        }
        for (int r = 0; r < rows; r++) {
            ptr[r + 1] += ptr[r];
        }
        int[] next = Arrays.copyOf(ptr, rows);
        int[] order = new int[n];
        for (int e = 0; e < n; e++) {
            order[next[localRows[e]]++] = e;
        }
        // Within a row, ascending by column: sort (column << 32 | cell) keys of the row's range.
        long[] keys = new long[n];
        for (int p = 0; p < n; p++) {
            keys[p] = ((long) globalCols[order[p]] << 32) | order[p];
        }
        for (int r = 0; r < rows; r++) {
            Arrays.sort(keys, ptr[r], ptr[r + 1]);
            for (int p = ptr[r] + 1; p < ptr[r + 1]; p++) {
                if (keys[p] >>> 32 == keys[p - 1] >>> 32) {
                    throw new IllegalArgumentException("the input holds two ratings of one (user, item) pair "
                            + "(other side's index " + (keys[p] >>> 32) + "): export one rating per pair");
                }
            }
        }
        int[] cols = new int[n];
        float[] vals = new float[n];
        boolean[] held = heldOut == null ? null : new boolean[n];
        for (int p = 0; p < n; p++) {
            int e = (int) keys[p];
            cols[p] = Arrays.binarySearch(needed, globalCols[e]);
            vals[p] = values[e];
            if (held != null) {
                held[p] = heldOut[e];
            }
        }
        return new RatingBlock(block, rows, ptr, cols, vals, held, needed);
    }

    /** The same block without its held-out cells. */
    RatingBlock trainOnly() {
        int n = 0;
        for (int e = 0; e < size(); e++) {
            if (heldOut == null || !heldOut[e]) {
                n++;
            }
        }
        int[] rowsOf = new int[n];
        int[] colsOf = new int[n];
        float[] valsOf = new float[n];
        int c = 0;
        for (int r = 0; r < rows; r++) {
            for (int e = ptr[r]; e < ptr[r + 1]; e++) {
                if (heldOut == null || !heldOut[e]) {
                    rowsOf[c] = r;
                    colsOf[c] = global(e);
                    valsOf[c] = values[e];
                    c++;
                }
            }
        }
        return of(block, rows, rowsOf, colsOf, valsOf, null, n);
    }
}
