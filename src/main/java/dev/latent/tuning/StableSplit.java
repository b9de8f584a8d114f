package dev.latent.tuning;

import dev.latent.model.Ratings;

/**
 * Training, validation and held-out parts of a snapshot, chosen per rating by a seeded hash of its user and
 * item ids: deterministic for a seed, and stable as the store changes — a rating held out in one run is held
 * out in the next (an updated rating stays where it was), so the held-out part a new model is measured on was
 * held out of the previous run's measured fit too, and new ratings spread over the parts in proportion.
 *
 * <p>The shares are exact in expectation, not in count (a random split by rating is exact in count but
 * reshuffles everything when one rating is added).
 *
 * @param train      what trials (and, without a search, the measured fit) train on
 * @param validation what the search scores trials on; empty without a search
 * @param heldOut    what the chosen model is measured on, and what the quality gate compares on
 */
public record StableSplit(Ratings train, Ratings validation, Ratings heldOut) {

    /**
     * @param heldOutFraction    share of the ratings held out (0 to 0.5)
     * @param validationFraction share of the ratings for validation (0 to 0.5), taken from what is not held out
     */
    public static StableSplit of(Ratings all, double heldOutFraction, double validationFraction, long seed) {
        if (!(heldOutFraction >= 0 && heldOutFraction <= 0.5 && validationFraction >= 0 && validationFraction <= 0.5)) {
            throw new IllegalArgumentException("held-out and validation fractions must be in [0, 0.5]");
        }
        int n = all.size();
        int[] train = new int[n];
        int[] validation = new int[n];
        int[] heldOut = new int[n];
        int a = 0;
        int b = 0;
        int c = 0;
        String[] userIds = ids(all.userIds(), all.numUsers());
        String[] itemIds = ids(all.itemIds(), all.numItems());
        for (int e = 0; e < n; e++) {
            double x = unit(userIds[all.users()[e]], itemIds[all.items()[e]], seed);
            if (x < heldOutFraction) {
                heldOut[c++] = e;
            } else if (x < heldOutFraction + validationFraction) {
                validation[b++] = e;
            } else {
                train[a++] = e;
            }
        }
        return new StableSplit(all.subset(train, a), all.subset(validation, b), all.subset(heldOut, c));
    }

    /** Train and validation together: what the chosen configuration's measured fit may use. */
    public Ratings trainAndValidation() {
        int n = train.size() + validation.size();
        int[] u = new int[n];
        int[] i = new int[n];
        float[] r = new float[n];
        System.arraycopy(train.users(), 0, u, 0, train.size());
        System.arraycopy(train.items(), 0, i, 0, train.size());
        System.arraycopy(train.ratings(), 0, r, 0, train.size());
        System.arraycopy(validation.users(), 0, u, train.size(), validation.size());
        System.arraycopy(validation.items(), 0, i, train.size(), validation.size());
        System.arraycopy(validation.ratings(), 0, r, train.size(), validation.size());
        return new Ratings(u, i, r, n, train.userIds(), train.itemIds());
    }

    /**
     * The ratings of {@code part} whose user is among at most {@code maxUsers} users chosen by a seeded hash of
     * the user id (all of them when there are fewer): bounds the cost of a ranking evaluation on large data.
     */
    public static Ratings sampleUsers(Ratings part, int maxUsers, long seed) {
        int nu = part.numUsers();
        if (nu <= maxUsers) {
            return part;
        }
        double share = maxUsers / (double) nu;
        boolean[] keep = new boolean[nu];
        for (int u = 0; u < nu; u++) {
            keep[u] = unit(part.userIds().raw(u), "", seed ^ 0x632BE59BD9B4E019L) < share;
        }
        int[] selected = new int[part.size()];
        int m = 0;
        for (int e = 0; e < part.size(); e++) {
            if (keep[part.users()[e]]) {
                selected[m++] = e;
            }
        }
        return part.subset(selected, m);
    }

    private static String[] ids(dev.latent.model.IdMap map, int n) {
        String[] out = new String[n];
        for (int j = 0; j < n; j++) {
            out[j] = map.raw(j);
        }
        return out;
    }

    /** A uniform number in [0, 1) from the two ids and the seed (FNV-1a over the chars, then a 64-bit mix). */
    static double unit(String user, String item, long seed) {
        long h = 0xCBF29CE484222325L ^ seed;
        for (int j = 0; j < user.length(); j++) {
            h = (h ^ user.charAt(j)) * 0x100000001B3L;
        }
        h = (h ^ 0x1F) * 0x100000001B3L;
        for (int j = 0; j < item.length(); j++) {
            h = (h ^ item.charAt(j)) * 0x100000001B3L;
        }
        h = (h ^ (h >>> 30)) * 0xBF58476D1CE4E5B9L;
        h = (h ^ (h >>> 27)) * 0x94D049BB133111EBL;
        h ^= h >>> 31;
        return (h >>> 11) * 0x1.0p-53;
    }
}
