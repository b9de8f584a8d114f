package dev.latent.model;

import dev.latent.factorization.BayesianFoldIn;
import dev.latent.factorization.FactorModel;
import dev.latent.factorization.ImplicitAlsConfig;
import dev.latent.factorization.Popularity;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;

/**
 * Binary form of a model's arrays: both factor models, the id indices, the popularity, the rated items,
 * (format 2) the fold-in recipe and (format 4) the rating values of the rated items, in one stream. Older
 * formats are still read: format 1 streams (no recipe) give a null {@link Arrays#foldIn()} and the store
 * rebuilds the recipe from the stored parameters; streams before format 4 give rated items without values
 * (explanations then read the user's ratings from the store).
 * Floats are written in bulk through a little-endian buffer (the arrays are the bulk of a model: 4 bytes a
 * factor). Pure Java: the store decides where the bytes go.
 */
public final class ModelCodec {

    private static final int MAGIC = 0x4C544E54; // "LTNT"
    /** 4: a flag, then (when set) the rating value of each rated item, after the fold-in recipe. */
    private static final int FORMAT = 4;
    /** 3: the fold-in recipe ends with the Bayesian per-sample precisions (a flag, then the arrays). */
    private static final int FORMAT_BAYESIAN_RECIPE = 3;
    /** 2: the fold-in recipe follows the rated items. */
    private static final int FORMAT_POINT_RECIPE = 2;
    private static final int FORMAT_WITHOUT_RECIPE = 1;
    private static final int CHUNK = 64 * 1024;

    /** The arrays of a model, as stored; {@code foldIn} is null when read from a format 1 stream. */
    public record Arrays(FactorModel rating, FactorModel ranking, IdIndex users, IdIndex items, Popularity popularity,
                         RatedItems rated, FoldInRecipe foldIn) {
    }

    private ModelCodec() {
    }

    public static void write(Arrays model, OutputStream out) throws IOException {
        DataOutputStream data = new DataOutputStream(out);
        data.writeInt(MAGIC);
        data.writeInt(FORMAT);
        writeModel(model.rating(), data);
        boolean shared = model.ranking() == model.rating();
        data.writeBoolean(shared);
        if (!shared) {
            writeModel(model.ranking(), data);
        }
        writeIds(model.users(), data);
        writeIds(model.items(), data);
        writeInts(model.popularity().counts(), data);
        writeFloats(model.popularity().dampedMeans(), data);
        writeInts(model.rated().ptr(), data);
        writeInts(model.rated().items(), data);
        writeRecipe(model.foldIn(), data);
        float[] values = model.rated().values();
        data.writeBoolean(values != null);
        if (values != null) {
            writeFloats(values, data);
        }
        data.flush();
    }

    public static Arrays read(InputStream in) throws IOException {
        DataInputStream data = new DataInputStream(in);
        if (data.readInt() != MAGIC) {
            throw new IOException("not a Latent model");
        }
        int format = data.readInt();
        if (format < FORMAT_WITHOUT_RECIPE || format > FORMAT) {
            throw new IOException("unknown model format " + format + " (this version reads formats 1 to " + FORMAT
                    + ")");
        }
        FactorModel rating = readModel(data);
        FactorModel ranking = data.readBoolean() ? rating : readModel(data);
        IdIndex users = readIds(data);
        IdIndex items = readIds(data);
        Popularity popularity = Popularity.of(readInts(data), readFloats(data));
        int[] ptr = readInts(data);
        int[] ratedItems = readInts(data);
        FoldInRecipe foldIn = format == FORMAT_WITHOUT_RECIPE ? null
                : readRecipe(data, ranking != rating, format >= FORMAT_BAYESIAN_RECIPE, rating.rank());
        float[] values = format >= FORMAT && data.readBoolean() ? readFloats(data) : null;
        if (values != null && values.length != ratedItems.length) {
            throw new IOException("the stored rating values (" + values.length + ") do not match the rated items ("
                    + ratedItems.length + ")");
        }
        RatedItems rated = new RatedItems(ptr, ratedItems, values);
        return new Arrays(rating, ranking, users, items, popularity, rated, foldIn);
    }

    private static void writeRecipe(FoldInRecipe recipe, DataOutputStream data) throws IOException {
        FoldInRecipe.RatingSolve r = recipe.rating();
        data.writeDouble(r.lambda());
        data.writeDouble(r.biasLambda());
        data.writeBoolean(r.weightedLambda());
        data.writeBoolean(r.biases());
        data.writeBoolean(recipe.ranking() != null);
        if (recipe.ranking() != null) {
            FoldInRecipe.RankingSolve k = recipe.ranking();
            data.writeDouble(k.lambda());
            data.writeUTF(k.confidence().name());
            data.writeDouble(k.alpha());
            data.writeDouble(k.shift());
        }
        BayesianFoldIn.Recipe b = recipe.bayesian();
        data.writeBoolean(b != null);
        if (b != null) {
            data.writeInt(b.sampleRank());
            data.writeInt(b.samples());
            for (int s = 0; s < b.samples(); s++) {
                data.writeDouble(b.factorPrecision()[s]);
                data.writeDouble(b.biasPrecision()[s]);
            }
        }
    }

    private static FoldInRecipe readRecipe(DataInputStream data, boolean separateRanking, boolean withBayesian,
                                           int ratingRank) throws IOException {
        FoldInRecipe.RatingSolve rating = new FoldInRecipe.RatingSolve(data.readDouble(), data.readDouble(),
                data.readBoolean(), data.readBoolean());
        FoldInRecipe.RankingSolve ranking = null;
        if (data.readBoolean()) {
            double lambda = data.readDouble();
            String form = data.readUTF();
            ImplicitAlsConfig.Confidence confidence;
            try {
                confidence = ImplicitAlsConfig.Confidence.valueOf(form);
            } catch (IllegalArgumentException e) {
                throw new IOException("unknown confidence form " + form + " in the fold-in recipe");
            }
            ranking = new FoldInRecipe.RankingSolve(lambda, confidence, data.readDouble(), data.readDouble());
        }
        if ((ranking != null) != separateRanking) {
            throw new IOException("the fold-in recipe does not match the stored models");
        }
        BayesianFoldIn.Recipe bayesian = null;
        if (withBayesian && data.readBoolean()) {
            int k = data.readInt();
            int samples = data.readInt();
            if (k < 1 || samples < 1 || (long) k * samples != ratingRank) {
                throw new IOException("the Bayesian fold-in recipe (rank " + k + " x " + samples
                        + ") does not match the rating model of rank " + ratingRank);
            }
            double[] factor = new double[samples];
            double[] bias = new double[samples];
            for (int s = 0; s < samples; s++) {
                factor[s] = data.readDouble();
                bias[s] = data.readDouble();
            }
            bayesian = new BayesianFoldIn.Recipe(k, factor, bias);
        }
        return new FoldInRecipe(rating, ranking, bayesian);
    }

    private static void writeModel(FactorModel m, DataOutputStream data) throws IOException {
        data.writeInt(m.rank());
        data.writeInt(m.numUsers());
        data.writeInt(m.numItems());
        data.writeFloat(m.globalMean());
        writeFloats(m.userBias(), data);
        writeFloats(m.itemBias(), data);
        writeFloats(m.userFactors(), data);
        writeFloats(m.itemFactors(), data);
    }

    private static FactorModel readModel(DataInputStream data) throws IOException {
        int rank = data.readInt();
        int users = data.readInt();
        int items = data.readInt();
        float mean = data.readFloat();
        return new FactorModel(rank, users, items, mean, readFloats(data), readFloats(data), readFloats(data),
                readFloats(data));
    }

    private static void writeIds(IdIndex ids, DataOutputStream data) throws IOException {
        data.writeInt(ids.size());
        for (int i = 0; i < ids.size(); i++) {
            data.writeUTF(ids.id(i));
        }
    }

    private static IdIndex readIds(DataInputStream data) throws IOException {
        String[] ids = new String[data.readInt()];
        for (int i = 0; i < ids.length; i++) {
            ids[i] = data.readUTF();
        }
        try {
            return IdIndex.of(ids);
        } catch (IllegalArgumentException e) {
            throw new IOException("stored id index is corrupt: " + e.getMessage());
        }
    }

    private static void writeFloats(float[] a, DataOutputStream data) throws IOException {
        writeWords(a.length, data, (buf, from, n) -> buf.asFloatBuffer().put(a, from, n));
    }

    private static float[] readFloats(DataInputStream data) throws IOException {
        float[] a = new float[data.readInt()];
        readWords(a.length, data, (buf, from, n) -> buf.asFloatBuffer().get(a, from, n));
        return a;
    }

    private static void writeInts(int[] a, DataOutputStream data) throws IOException {
        writeWords(a.length, data, (buf, from, n) -> buf.asIntBuffer().put(a, from, n));
    }

    private static int[] readInts(DataInputStream data) throws IOException {
        int[] a = new int[data.readInt()];
        readWords(a.length, data, (buf, from, n) -> buf.asIntBuffer().get(a, from, n));
        return a;
    }

    /** Copies {@code n} 4-byte words of an array, starting at {@code from}, into or out of {@code buf}. */
    private interface WordCopy {
        void copy(ByteBuffer buf, int from, int n);
    }

    /** Writes the length, then the words little-endian through a 64 KiB buffer. */
    private static void writeWords(int length, DataOutputStream data, WordCopy put) throws IOException {
        data.writeInt(length);
        ByteBuffer buf = ByteBuffer.allocate(CHUNK).order(ByteOrder.LITTLE_ENDIAN);
        for (int i = 0; i < length; ) {
            int n = Math.min(length - i, CHUNK / 4);
            buf.clear();
            put.copy(buf, i, n);
            data.write(buf.array(), 0, n * 4);
            i += n;
        }
    }

    /** Reads {@code length} little-endian words (the length already read) through a 64 KiB buffer. */
    private static void readWords(int length, DataInputStream data, WordCopy get) throws IOException {
        ByteBuffer buf = ByteBuffer.allocate(CHUNK).order(ByteOrder.LITTLE_ENDIAN);
        for (int i = 0; i < length; ) {
            int n = Math.min(length - i, CHUNK / 4);
            data.readFully(buf.array(), 0, n * 4);
            buf.clear();
            get.copy(buf, i, n);
            i += n;
        }
    }
}
