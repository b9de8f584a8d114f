package dev.latent.evaluation;

import dev.latent.model.IdMap;
import dev.latent.model.Ratings;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/**
 * Train/test splits of a {@link Ratings} list. Every split is a function of its arguments (seeded), keeps the
 * id maps of its input (train and test share one index space) and puts every rating in exactly one side.
 */
public final class Splits {

    /** One train/test pair over a shared index space. */
    public record Split(Ratings train, Ratings test) {
    }

    private Splits() {
    }

    /** Random split by rating: {@code round(testFraction · n)} ratings, chosen uniformly, go to the test side. */
    public static Split random(Ratings all, double testFraction, long seed) {
        if (!(testFraction >= 0 && testFraction <= 1)) {
            throw new IllegalArgumentException("test fraction must be in [0, 1]");
        }
        int n = all.size();
        int[] order = shuffled(n, seed);
        int testSize = (int) Math.round(testFraction * n);
        int[] test = java.util.Arrays.copyOfRange(order, 0, testSize);
        int[] train = java.util.Arrays.copyOfRange(order, testSize, n);
        java.util.Arrays.sort(test);
        java.util.Arrays.sort(train);
        return new Split(all.subset(train, train.length), all.subset(test, test.length));
    }

    /**
     * Per-user holdout: of every user with more than {@code perUser} ratings, {@code perUser} chosen at random
     * go to the test side (users with fewer stay whole in training).
     */
    public static Split perUser(Ratings all, int perUser, long seed) {
        if (perUser < 1) {
            throw new IllegalArgumentException("hold out at least one rating per user");
        }
        int n = all.size();
        int nu = all.numUsers();
        int[] count = new int[nu + 1];
        for (int e = 0; e < n; e++) {
            count[all.users()[e] + 1]++;
        }
        int[] ptr = count.clone();
        for (int u = 0; u < nu; u++) {
            ptr[u + 1] += ptr[u];
        }
        int[] byUser = new int[n];
        int[] next = ptr.clone();
        for (int e = 0; e < n; e++) {
            byUser[next[all.users()[e]]++] = e;
        }
        Random rnd = new Random(seed);
        boolean[] inTest = new boolean[n];
        for (int u = 0; u < nu; u++) {
            int from = ptr[u];
            int len = ptr[u + 1] - from;
            if (len <= perUser) {
                continue;
            }
            for (int j = 0; j < perUser; j++) { // partial Fisher–Yates over the user's ratings
                int pick = j + rnd.nextInt(len - j);
                int t = byUser[from + j];
                byUser[from + j] = byUser[from + pick];
                byUser[from + pick] = t;
                inTest[byUser[from + j]] = true;
            }
        }
        return bySelection(all, inTest);
    }

    /**
     * k-fold cross-validation: ratings are shuffled with the seed and dealt round-robin into {@code folds}
     * folds; split f tests on fold f and trains on the others.
     */
    public static List<Split> kFold(Ratings all, int folds, long seed) {
        if (folds < 2) {
            throw new IllegalArgumentException("need at least 2 folds");
        }
        int n = all.size();
        int[] order = shuffled(n, seed);
        int[] foldOf = new int[n];
        for (int p = 0; p < n; p++) {
            foldOf[order[p]] = p % folds;
        }
        List<Split> splits = new ArrayList<>(folds);
        for (int f = 0; f < folds; f++) {
            boolean[] inTest = new boolean[n];
            for (int e = 0; e < n; e++) {
                inTest[e] = foldOf[e] == f;
            }
            splits.add(bySelection(all, inTest));
        }
        return splits;
    }

    /** A split given as two files (e.g. ML-100K {@code u1.base}/{@code u1.test}), read into one index space. */
    public static Split files(Path train, Path test) {
        IdMap users = new IdMap();
        IdMap items = new IdMap();
        Ratings tr = RatingFile.read(train, users, items);
        Ratings te = RatingFile.read(test, users, items);
        return new Split(tr, te);
    }

    private static Split bySelection(Ratings all, boolean[] inTest) {
        int n = all.size();
        int[] train = new int[n];
        int[] test = new int[n];
        int a = 0;
        int b = 0;
        for (int e = 0; e < n; e++) {
            if (inTest[e]) {
                test[b++] = e;
            } else {
                train[a++] = e;
            }
        }
        return new Split(all.subset(train, a), all.subset(test, b));
    }

    private static int[] shuffled(int n, long seed) {
        int[] order = new int[n];
        for (int e = 0; e < n; e++) {
            order[e] = e;
        }
        Random rnd = new Random(seed);
        for (int e = n - 1; e > 0; e--) {
            int j = rnd.nextInt(e + 1);
            int t = order[e];
            order[e] = order[j];
            order[j] = t;
        }
        return order;
    }
}
