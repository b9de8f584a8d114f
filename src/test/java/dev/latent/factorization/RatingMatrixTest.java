package dev.latent.factorization;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class RatingMatrixTest {

    @Test
    void holdsObservedCellsByUserAndByItemSortedWhateverTheInputOrder() {
        int[] users = {2, 0, 1, 0, 2};
        int[] items = {0, 2, 1, 0, 2};
        float[] ratings = {1f, 2f, 3f, 4f, 5f};
        RatingMatrix m = RatingMatrix.of(3, 3, users, items, ratings);

        assertEquals(5, m.size());
        assertArrayEquals(new int[] {0, 2, 3, 5}, m.userPtr());
        assertArrayEquals(new int[] {0, 2, 1, 0, 2}, m.userItems());
        assertArrayEquals(new float[] {4f, 2f, 3f, 1f, 5f}, m.userRatings());
        assertArrayEquals(new int[] {0, 2, 3, 5}, m.itemPtr());
        assertArrayEquals(new int[] {0, 2, 1, 0, 2}, m.itemUsers());
        assertArrayEquals(new float[] {4f, 1f, 3f, 2f, 5f}, m.itemRatings());
        assertEquals(3f, m.get(1, 1));
        assertTrue(Float.isNaN(m.get(1, 0)), "an unobserved cell is unknown, not zero");
        assertEquals(3.0, m.mean(), 1e-9);
    }

    @Test
    void rejectsOutOfRangeIndicesAndNonFiniteRatings() {
        assertThrows(IllegalArgumentException.class,
                () -> RatingMatrix.of(1, 1, new int[] {1}, new int[] {0}, new float[] {1f}));
        assertThrows(IllegalArgumentException.class,
                () -> RatingMatrix.of(1, 1, new int[] {0}, new int[] {0}, new float[] {Float.NaN}));
    }
}
