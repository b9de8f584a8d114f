package dev.latent.serving;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Arrays;
import java.util.Comparator;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** The partial selection of the largest terms orders them as the stable descending sort it replaced. */
class ScoreExplainerTest {

    @Test
    void largestTermsComeInTheOrderOfAStableDescendingSort() {
        Random rnd = new Random(9);
        for (int round = 0; round < 500; round++) {
            int n = 1 + rnd.nextInt(40);
            int offset = rnd.nextInt(5);
            float[] terms = new float[offset + n];
            for (int j = 0; j < terms.length; j++) {
                // few distinct values, so ties (and signed zeros) occur
                terms[j] = switch (rnd.nextInt(6)) {
                    case 0 -> 0f;
                    case 1 -> -0f;
                    default -> (rnd.nextInt(7) - 3) / 2f;
                };
            }
            int max = 1 + rnd.nextInt(12);
            Integer[] order = new Integer[n];
            for (int j = 0; j < n; j++) {
                order[j] = j;
            }
            Arrays.sort(order, Comparator.comparingDouble((Integer j) -> -terms[offset + j]));
            int[] top = new int[Math.min(max, n)];
            int found = ScoreExplainer.largest(terms, offset, n, top);
            assertThat(found).isEqualTo(top.length);
            assertThat(top).as("round " + round).containsExactly(Arrays.stream(order).limit(top.length)
                    .mapToInt(Integer::intValue).toArray());
        }
    }
}
