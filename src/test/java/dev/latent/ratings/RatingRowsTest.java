package dev.latent.ratings;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Random;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

class RatingRowsTest {

    @Test
    void sortsByUserThenItemKeepingTheLastOfEachPair() {
        RatingRows rows = new RatingRows(2);
        Random random = new Random(3);
        TreeMap<Long, Float> expected = new TreeMap<>();
        int[] userKeys = new int[300];
        int[] itemKeys = new int[200];
        for (int i = 0; i < userKeys.length; i++) {
            userKeys[i] = 1 + i * 70_001; // keys wider than 16 bits exercise several radix passes
        }
        for (int i = 0; i < itemKeys.length; i++) {
            itemKeys[i] = 5 + 3 * i;
        }
        for (int n = 0; n < 20_000; n++) {
            int u = random.nextInt(userKeys.length);
            int i = random.nextInt(itemKeys.length);
            float r = n;
            rows.add(u, i, r, n);
            expected.put(((long) userKeys[u] << 32) | itemKeys[i], r);
        }
        RatingRows sorted = rows.sortedByKeys(userKeys, itemKeys);
        assertThat(sorted.size()).isEqualTo(expected.size());
        int k = 0;
        for (var e : expected.entrySet()) {
            assertThat(sorted.user(k)).isEqualTo((int) (e.getKey() >>> 32));
            assertThat(sorted.item(k)).isEqualTo((int) (long) e.getKey());
            assertThat(sorted.rating(k)).isEqualTo(e.getValue());
            assertThat(sorted.time(k)).isEqualTo((long) (float) e.getValue());
            k++;
        }
        assertThat(rows.size()).as("the input is left as it was").isEqualTo(20_000);
    }
}
