package dev.latent.training;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.latent.evaluation.IdMap;
import dev.latent.factorization.FactorModel;
import dev.latent.factorization.Popularity;
import dev.latent.serving.RatedItems;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.Random;
import org.junit.jupiter.api.Test;

class ModelCodecTest {

    private static float[] gaussian(Random rnd, int n) {
        float[] a = new float[n];
        for (int i = 0; i < a.length; i++) {
            a[i] = (float) rnd.nextGaussian();
        }
        return a;
    }

    private static ModelCodec.Arrays roundTrip(ModelCodec.Arrays m) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ModelCodec.write(m, out);
        return ModelCodec.read(new ByteArrayInputStream(out.toByteArray()));
    }

    /** Arrays longer than one 64 KiB chunk (and not a multiple of it) come back bit for bit. */
    @Test
    void restoresEveryArrayAcrossChunkBoundaries() throws IOException {
        Random rnd = new Random(11);
        int k = 8;
        int users = 3001;
        int items = 2503;
        FactorModel rating = new FactorModel(k, users, items, 3.6f, gaussian(rnd, users), gaussian(rnd, items),
                gaussian(rnd, users * k), gaussian(rnd, items * k));
        FactorModel ranking = FactorModel.withoutBiases(k, users, items, gaussian(rnd, users * k),
                gaussian(rnd, items * k));
        IdMap userIds = new IdMap();
        for (int u = 0; u < users; u++) {
            userIds.indexOrAdd("user-" + u);
        }
        IdMap itemIds = new IdMap();
        for (int i = 0; i < items; i++) {
            itemIds.indexOrAdd("ítem:" + i); // not ASCII: ids go through modified UTF-8
        }
        int[] counts = new int[items];
        float[] means = gaussian(rnd, items);
        for (int i = 0; i < items; i++) {
            counts[i] = rnd.nextInt(1000);
        }
        int[] ptr = new int[users + 1];
        for (int u = 0; u < users; u++) {
            ptr[u + 1] = ptr[u] + 7;
        }
        int[] rated = new int[ptr[users]];
        for (int e = 0; e < rated.length; e++) {
            rated[e] = rnd.nextInt(items);
        }
        ModelCodec.Arrays back = roundTrip(new ModelCodec.Arrays(rating, ranking, userIds, itemIds,
                Popularity.of(counts, means), new RatedItems(ptr, rated)));

        for (FactorModel[] pair : new FactorModel[][] {{rating, back.rating()}, {ranking, back.ranking()}}) {
            assertEquals(pair[0].rank(), pair[1].rank());
            assertEquals(pair[0].globalMean(), pair[1].globalMean());
            assertArrayEquals(pair[0].userBias(), pair[1].userBias());
            assertArrayEquals(pair[0].itemBias(), pair[1].itemBias());
            assertArrayEquals(pair[0].userFactors(), pair[1].userFactors());
            assertArrayEquals(pair[0].itemFactors(), pair[1].itemFactors());
        }
        assertEquals(users, back.users().size());
        assertEquals("user-3000", back.users().raw(3000));
        assertEquals(17, back.items().index("ítem:17"));
        assertArrayEquals(counts, back.popularity().counts());
        assertArrayEquals(means, back.popularity().dampedMeans());
        assertArrayEquals(ptr, back.rated().ptr());
        assertArrayEquals(rated, back.rated().items());
    }

    @Test
    void keepsOneModelWhenRatingAndRankingAreTheSame() throws IOException {
        FactorModel m = new FactorModel(1, 1, 1, 3f, new float[] {0.5f}, new float[] {-0.5f}, new float[] {1f},
                new float[] {2f});
        IdMap one = new IdMap();
        one.indexOrAdd("a");
        ModelCodec.Arrays back = roundTrip(new ModelCodec.Arrays(m, m, one, one,
                Popularity.of(new int[] {1}, new float[] {3f}), new RatedItems(new int[] {0, 1}, new int[] {0})));
        assertSame(back.rating(), back.ranking());
        assertEquals(m.predict(0, 0), back.rating().predict(0, 0));
    }

    @Test
    void rejectsBytesThatAreNotAModel() {
        assertThrows(IOException.class, () -> ModelCodec.read(new ByteArrayInputStream(new byte[] {1, 2, 3, 4, 0})));
    }
}
