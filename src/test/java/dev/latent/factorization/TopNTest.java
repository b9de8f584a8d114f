package dev.latent.factorization;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;

import java.util.Arrays;
import java.util.Random;
import org.junit.jupiter.api.Test;

class TopNTest {

    @Test
    void selectsHighestScoresBestFirstSkippingExcludedAndNaN() {
        float[] s = {0.5f, 3f, Float.NaN, 2f, 3f, -1f};
        TopN.Ranked r = TopN.select(s, 3, i -> i == 3);
        assertArrayEquals(new int[] {1, 4, 0}, r.indices(), "ties go to the lower index");
        assertArrayEquals(new float[] {3f, 3f, 0.5f}, r.scores());
    }

    @Test
    void agreesWithAFullSortOnRandomScores() {
        Random rnd = new Random(7);
        for (int trial = 0; trial < 50; trial++) {
            int m = 1 + rnd.nextInt(300);
            float[] s = new float[m];
            for (int i = 0; i < m; i++) {
                s[i] = rnd.nextInt(40) / 4f;
            }
            int n = rnd.nextInt(m + 5);
            Integer[] order = new Integer[m];
            for (int i = 0; i < m; i++) {
                order[i] = i;
            }
            Arrays.sort(order, (a, b) -> s[a] != s[b] ? Float.compare(s[b], s[a]) : Integer.compare(a, b));
            int[] expected = Arrays.stream(order).limit(Math.min(n, m)).mapToInt(Integer::intValue).toArray();
            assertArrayEquals(expected, TopN.select(s, n, null).indices());
        }
    }
}
