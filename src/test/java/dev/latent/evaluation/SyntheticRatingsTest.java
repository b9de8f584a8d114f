package dev.latent.evaluation;

import dev.latent.model.IdMap;
import dev.latent.model.Ratings;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.BufferedReader;
import java.io.StringReader;
import java.io.StringWriter;
import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.Test;

class SyntheticRatingsTest {

    @Test
    void writesTheRequestedNumberOfDistinctCellsOnTheOneToFiveScaleDeterministically() throws Exception {
        StringWriter a = new StringWriter();
        long n = SyntheticRatings.write(a, 200, 150, 5000, 8, 0.5, 4L);
        assertEquals(5000, n);
        Ratings r = RatingFile.read(new BufferedReader(new StringReader(a.toString())), new IdMap(), new IdMap(),
                "generated");
        assertEquals(5000, r.size());
        Set<Long> cells = new HashSet<>();
        for (int e = 0; e < r.size(); e++) {
            assertTrue(cells.add((long) r.users()[e] * 1000 + r.items()[e]), "cell repeated at " + e);
            float v = r.ratings()[e];
            assertTrue(v >= 1 && v <= 5 && v == Math.rint(v), "rating " + v);
        }
        assertEquals(200, r.numUsers(), "every user has at least one rating");
        StringWriter b = new StringWriter();
        SyntheticRatings.write(b, 200, 150, 5000, 8, 0.5, 4L);
        assertEquals(a.toString(), b.toString());
    }
}
