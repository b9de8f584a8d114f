package dev.latent.factorization;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

class FactorModelTest {

    // 2 users, 3 items, rank 2.
    private final FactorModel model = new FactorModel(2, 2, 3, 3f,
            new float[] {0.5f, -0.5f}, new float[] {0f, 0.25f, -1f},
            new float[] {1f, 0f, 0f, 2f},
            new float[] {1f, 1f, 2f, 0f, 0f, 1f});

    @Test
    void predictsMeanPlusBiasesPlusDotProductAndClips() {
        assertEquals(3f + 0.5f + 0f + 1f, model.predict(0, 0), 1e-6);
        assertEquals(3f - 0.5f - 1f + 2f, model.predict(1, 2), 1e-6);
        assertEquals(5f, model.predict(0, 1, 0.5f, 5f), 1e-6, "3.5 + 0.25 + 2 = 5.75 clipped to 5");
        float[] out = new float[3];
        model.scoreAll(1, out);
        assertArrayEquals(new float[] {4.5f, 2.75f, 3.5f}, out, 1e-6f);
        assertEquals(model.predict(1, 1), model.predict(-0.5f, new float[] {0f, 2f}, 1), 1e-6);
    }

    @Test
    void recommendsByScoreAndFindsSimilarItemsByCosine() {
        // Through the one top-N path serving takes: score every item, then TopN.select.
        float[] scores = new float[model.numItems()];
        model.scoreAll(1, scores);
        assertArrayEquals(new int[] {0, 2}, TopN.select(scores, 2, null).indices());
        assertArrayEquals(new int[] {2, 1}, TopN.select(scores, 2, i -> i == 0).indices());
        TopN.Ranked sim = TopN.select(model.similarities(0, new float[model.numItems()]), 2, null);
        int[] found = sim.indices().clone();
        java.util.Arrays.sort(found);
        assertArrayEquals(new int[] {1, 2}, found, "the item itself is never its own neighbour");
        assertEquals(Math.sqrt(0.5), sim.scores()[0], 1e-6, "cos(q0, q1) = 2 / (sqrt 2 * 2)");
        assertEquals(Math.sqrt(0.5), sim.scores()[1], 1e-6, "cos(q0, q2) = 1 / sqrt 2");
    }

    /** The factor-major scoring kernel against one dot product per item, at ranks with and without a remainder. */
    @Test
    void scoresEveryItemAsPredictDoesAtAnyRank() {
        java.util.Random rnd = new java.util.Random(3);
        for (int k : new int[] {1, 4, 7, 64}) {
            int users = 3;
            int items = 101;
            float[] p = new float[users * k];
            float[] q = new float[items * k];
            float[] bu = new float[users];
            float[] bi = new float[items];
            for (float[] a : new float[][] {p, q, bu, bi}) {
                for (int j = 0; j < a.length; j++) {
                    a[j] = (float) rnd.nextGaussian();
                }
            }
            java.util.Arrays.fill(q, 5 * k, 6 * k, 0f); // item 5 has a zero vector: no cosine
            FactorModel m = new FactorModel(k, users, items, 3.5f, bu, bi, p, q);
            float[] out = new float[items];
            float[] sims = new float[items];
            for (int u = 0; u < users; u++) {
                m.scoreAll(u, out);
                m.similarities(u, sims);
                for (int i = 0; i < items; i++) {
                    assertEquals(m.predict(u, i), out[i], 1e-4, "k " + k + " user " + u + " item " + i);
                    if (i == u || i == 5) {
                        assertEquals(Float.NaN, sims[i], "item " + i + " of " + u);
                    } else {
                        double cos = FactorModel.dot(q, u * k, q, i * k, k)
                                / (m.itemNorms()[u] * m.itemNorms()[i]);
                        assertEquals(cos, sims[i], 1e-5, "k " + k + " cosine of " + u + " and " + i);
                    }
                }
            }
        }
    }
}
