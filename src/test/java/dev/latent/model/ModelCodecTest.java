package dev.latent.model;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.latent.factorization.FactorModel;
import dev.latent.factorization.ImplicitAlsConfig;
import dev.latent.factorization.Popularity;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

class ModelCodecTest {

    private static final FoldInRecipe RECIPE = new FoldInRecipe(new FoldInRecipe.RatingSolve(0.12, 0.5, true, true),
            new FoldInRecipe.RankingSolve(30, ImplicitAlsConfig.Confidence.SHIFTED, 3, 3));
    private static final FoldInRecipe RATING_ONLY = new FoldInRecipe(new FoldInRecipe.RatingSolve(0.08, 1, false, true),
            null);

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
        String[] userIds = new String[users];
        for (int u = 0; u < users; u++) {
            userIds[u] = "user-" + u;
        }
        String[] itemIds = new String[items];
        for (int i = 0; i < items; i++) {
            itemIds[i] = "ítem:" + i; // not ASCII: ids go through modified UTF-8
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
        float[] values = gaussian(rnd, rated.length);
        ModelCodec.Arrays back = roundTrip(new ModelCodec.Arrays(rating, ranking, IdIndex.of(userIds),
                IdIndex.of(itemIds), Popularity.of(counts, means), new RatedItems(ptr, rated, values), RECIPE));

        for (FactorModel[] pair : new FactorModel[][] {{rating, back.rating()}, {ranking, back.ranking()}}) {
            assertEquals(pair[0].rank(), pair[1].rank());
            assertEquals(pair[0].globalMean(), pair[1].globalMean());
            assertArrayEquals(pair[0].userBias(), pair[1].userBias());
            assertArrayEquals(pair[0].itemBias(), pair[1].itemBias());
            assertArrayEquals(pair[0].userFactors(), pair[1].userFactors());
            assertArrayEquals(pair[0].itemFactors(), pair[1].itemFactors());
        }
        assertEquals(users, back.users().size());
        assertEquals("user-3000", back.users().id(3000));
        assertEquals(17, back.items().index("ítem:17"));
        assertArrayEquals(counts, back.popularity().counts());
        assertArrayEquals(means, back.popularity().dampedMeans());
        assertArrayEquals(ptr, back.rated().ptr());
        assertArrayEquals(rated, back.rated().items());
        assertArrayEquals(values, back.rated().values());
        assertEquals(RECIPE, back.foldIn());
    }

    /** Rated items stored without their values (the Spark job's models, say) come back without them. */
    @Test
    void keepsRatedItemsWithoutValues() throws IOException {
        FactorModel m = new FactorModel(1, 1, 1, 3f, new float[] {0.5f}, new float[] {-0.5f}, new float[] {1f},
                new float[] {2f});
        ModelCodec.Arrays back = roundTrip(oneByOne(m));
        assertArrayEquals(new int[] {0}, back.rated().items());
        assertEquals(null, back.rated().values());
    }

    /**
     * A format 3 stream (models stored before the rating values were) is the format 4 stream of a model
     * without values less its trailing "no values" flag: it is still read, its rated items without values
     * (explanations of its users then read the store).
     */
    @Test
    void readsFormatThreeStreamsWithoutRatingValues() throws IOException {
        FactorModel m = new FactorModel(1, 1, 1, 3f, new float[] {0.5f}, new float[] {-0.5f}, new float[] {1f},
                new float[] {2f});
        byte[] v4 = bytes(oneByOne(m));
        byte[] v3 = Arrays.copyOf(v4, v4.length - 1);
        ByteBuffer.wrap(v3).putInt(4, 3);
        ModelCodec.Arrays back = ModelCodec.read(new ByteArrayInputStream(v3));
        assertEquals(RATING_ONLY, back.foldIn());
        assertArrayEquals(new int[] {0}, back.rated().items());
        assertEquals(null, back.rated().values());
        assertEquals(m.predict(0, 0), back.rating().predict(0, 0));
    }

    @Test
    void keepsOneModelWhenRatingAndRankingAreTheSame() throws IOException {
        FactorModel m = new FactorModel(1, 1, 1, 3f, new float[] {0.5f}, new float[] {-0.5f}, new float[] {1f},
                new float[] {2f});
        ModelCodec.Arrays back = roundTrip(oneByOne(m));
        assertSame(back.rating(), back.ranking());
        assertEquals(m.predict(0, 0), back.rating().predict(0, 0));
        assertEquals(RATING_ONLY, back.foldIn());
    }

    private static ModelCodec.Arrays oneByOne(FactorModel m) {
        IdIndex one = IdIndex.of("a");
        return new ModelCodec.Arrays(m, m, one, one, Popularity.of(new int[] {1}, new float[] {3f}),
                new RatedItems(new int[] {0, 1}, new int[] {0}), RATING_ONLY);
    }

    private static byte[] bytes(ModelCodec.Arrays m) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ModelCodec.write(m, out);
        return out.toByteArray();
    }

    /**
     * A format 1 stream (models stored before the recipe was) is the format 2 stream without its trailing
     * recipe: it is still read, with no recipe, for the store to rebuild from the stored parameters.
     */
    @Test
    void readsFormatOneStreamsWithoutARecipe() throws IOException {
        FactorModel m = new FactorModel(1, 1, 1, 3f, new float[] {0.5f}, new float[] {-0.5f}, new float[] {1f},
                new float[] {2f});
        byte[] v2 = bytes(oneByOne(m));
        int recipeBytes = 8 + 8 + 1 + 1 + 1; // λ, λ_b, weighted, biases, "no ranking solve"
        byte[] v1 = Arrays.copyOf(v2, v2.length - recipeBytes);
        ByteBuffer.wrap(v1).putInt(4, 1);
        ModelCodec.Arrays back = ModelCodec.read(new ByteArrayInputStream(v1));
        assertEquals(null, back.foldIn());
        assertEquals(m.predict(0, 0), back.rating().predict(0, 0));
    }

    @Test
    void refusesAnUnknownFormatByNumber() throws IOException {
        byte[] b = bytes(oneByOne(new FactorModel(1, 1, 1, 3f, new float[1], new float[1], new float[1],
                new float[1])));
        ByteBuffer.wrap(b).putInt(4, 5);
        IOException e = assertThrows(IOException.class, () -> ModelCodec.read(new ByteArrayInputStream(b)));
        assertEquals("unknown model format 5 (this version reads formats 1 to 4)", e.getMessage());
    }

    /** A format 1 model's recipe comes from its own stored parameters, never from today's settings. */
    @Test
    void rebuildsAFormatOneRecipeFromStoredParametersOrRefuses() {
        Map<String, Object> stored = Map.of("algorithm", "als", "lambda", 0.2, "biasLambda", 2.0,
                "ranking.lambda", 10, "ranking.alpha", 1.5, "ranking.confidence", "log", "ranking.shift", 0.5);
        FoldInRecipe r = FoldInRecipe.fromLegacyParameters(stored, true);
        assertEquals(0.2, r.rating().lambda());
        assertEquals(2.0, r.rating().biasLambda());
        assertEquals(new FoldInRecipe.RankingSolve(10, ImplicitAlsConfig.Confidence.LOG, 1.5, 0.5), r.ranking());
        assertEquals(null, FoldInRecipe.fromLegacyParameters(stored, false).ranking());
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> FoldInRecipe.fromLegacyParameters(Map.of("lambda", 0.2), true));
        assertEquals("stored parameters lack ranking.confidence", e.getMessage());
    }

    @Test
    void rejectsBytesThatAreNotAModel() {
        assertThrows(IOException.class, () -> ModelCodec.read(new ByteArrayInputStream(new byte[] {1, 2, 3, 4, 0})));
    }
}
