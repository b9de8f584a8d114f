package dev.latent.tuning;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.latent.model.Ratings;
import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.Test;

class StableSplitTest {

    private static Set<String> cells(Ratings r) {
        Set<String> s = new HashSet<>();
        for (int e = 0; e < r.size(); e++) {
            s.add(r.userIds().raw(r.users()[e]) + "/" + r.itemIds().raw(r.items()[e]));
        }
        return s;
    }

    @Test
    void partsHaveTheirSharesAndAHeldOutRatingStaysHeldOutWhenTheStoreGrows() {
        Ratings grown = Planted.ratings(260, 150, 2, 0.2, 3, 1, 0.5, 1, 1L);
        int[] first = new int[grown.size() * 3 / 4];
        for (int e = 0; e < first.length; e++) {
            first[e] = e;
        }
        Ratings small = grown.subset(first, first.length); // the store before the last quarter arrived
        StableSplit a = StableSplit.of(small, 0.1, 0.15, 42L);
        StableSplit b = StableSplit.of(grown, 0.1, 0.15, 42L);
        assertEquals(small.size(), a.train().size() + a.validation().size() + a.heldOut().size());
        assertEquals(0.10, a.heldOut().size() / (double) small.size(), 0.015);
        assertEquals(0.15, a.validation().size() / (double) small.size(), 0.015);
        Set<String> heldA = cells(a.heldOut());
        Set<String> heldB = cells(b.heldOut());
        Set<String> smallCells = cells(small);
        for (String c : heldB) {
            assertEquals(smallCells.contains(c), heldA.contains(c), c);
        }
        assertTrue(heldB.containsAll(heldA));
        assertEquals(cells(a.validation()), intersect(cells(b.validation()), smallCells));
        assertEquals(a.train().size() + a.validation().size(), a.trainAndValidation().size());
    }

    @Test
    void aDifferentSeedHoldsOutOtherRatings() {
        Ratings all = Planted.ratings(100, 80, 2, 0.3, 3, 1, 0.5, 1, 2L);
        Set<String> one = cells(StableSplit.of(all, 0.1, 0, 1L).heldOut());
        Set<String> two = cells(StableSplit.of(all, 0.1, 0, 2L).heldOut());
        assertTrue(intersect(one, two).size() < one.size() / 3, "seeds should give nearly disjoint held-out parts");
    }

    @Test
    void sampledUsersAreBoundedAndKeepAllTheirRatings() {
        Ratings all = Planted.ratings(400, 50, 2, 0.3, 3, 1, 0.5, 1, 3L);
        Ratings some = StableSplit.sampleUsers(all, 100, 9L);
        Set<Integer> users = new HashSet<>();
        for (int e = 0; e < some.size(); e++) {
            users.add(some.users()[e]);
        }
        assertTrue(users.size() > 60 && users.size() < 140, "users " + users.size());
        int expected = 0;
        for (int e = 0; e < all.size(); e++) {
            expected += users.contains(all.users()[e]) ? 1 : 0;
        }
        assertEquals(expected, some.size());
    }

    private static Set<String> intersect(Set<String> a, Set<String> b) {
        Set<String> s = new HashSet<>(a);
        s.retainAll(b);
        return s;
    }
}
