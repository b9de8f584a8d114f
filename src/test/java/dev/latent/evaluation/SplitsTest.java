package dev.latent.evaluation;

import dev.latent.model.IdMap;
import dev.latent.model.Ratings;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

class SplitsTest {

    /** 1000 distinct cells over 50 users × 80 items, rating = a code of the cell so cells can be traced. */
    static Ratings sample() {
        IdMap users = new IdMap();
        IdMap items = new IdMap();
        Random rnd = new Random(1);
        int n = 1000;
        int[] u = new int[n];
        int[] i = new int[n];
        float[] r = new float[n];
        java.util.Set<Integer> seen = new java.util.HashSet<>();
        for (int e = 0; e < n; ) {
            int uu = rnd.nextInt(50);
            int ii = rnd.nextInt(80);
            if (seen.add(uu * 80 + ii)) {
                u[e] = users.indexOrAdd("u" + uu);
                i[e] = items.indexOrAdd("i" + ii);
                r[e] = uu * 80 + ii;
                e++;
            }
        }
        return new Ratings(u, i, r, n, users, items);
    }

    private static Map<Float, Integer> cells(Ratings r) {
        Map<Float, Integer> m = new HashMap<>();
        for (int e = 0; e < r.size(); e++) {
            m.merge(r.ratings()[e], 1, Integer::sum);
        }
        return m;
    }

    @Test
    void randomSplitPartitionsTheRatingsInTheRequestedProportionDeterministically() {
        Ratings all = sample();
        Splits.Split s = Splits.random(all, 0.1, 42);
        assertEquals(100, s.test().size());
        assertEquals(900, s.train().size());
        Map<Float, Integer> union = cells(s.train());
        cells(s.test()).forEach((k, v) -> union.merge(k, v, Integer::sum));
        assertEquals(cells(all), union, "every rating on exactly one side");
        assertSame(all.userIds(), s.test().userIds(), "one index space");
        Splits.Split again = Splits.random(all, 0.1, 42);
        assertArrayEquals(s.test().ratings(), again.test().ratings());
        assertNotEquals(cells(s.test()), cells(Splits.random(all, 0.1, 43).test()));
    }

    @Test
    void kFoldTestSetsAreDisjointAndCoverEveryRatingOnce() {
        Ratings all = sample();
        List<Splits.Split> folds = Splits.kFold(all, 5, 7);
        Map<Float, Integer> union = new HashMap<>();
        for (Splits.Split f : folds) {
            assertEquals(200, f.test().size());
            assertEquals(800, f.train().size());
            cells(f.test()).forEach((k, v) -> union.merge(k, v, Integer::sum));
        }
        assertEquals(cells(all), union);
    }

    @Test
    void perUserHoldoutTakesExactlyNFromUsersWithMoreThanN() {
        Ratings all = sample();
        Splits.Split s = Splits.perUser(all, 3, 5);
        int[] total = new int[all.numUsers()];
        int[] held = new int[all.numUsers()];
        for (int e = 0; e < all.size(); e++) {
            total[all.users()[e]]++;
        }
        for (int e = 0; e < s.test().size(); e++) {
            held[s.test().users()[e]]++;
        }
        for (int u = 0; u < total.length; u++) {
            assertEquals(total[u] > 3 ? 3 : 0, held[u], "user " + u);
        }
        assertEquals(all.size(), s.train().size() + s.test().size());
        assertTrue(s.test().size() > 0);
    }
}
