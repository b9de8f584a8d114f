package dev.latent.tuning;

import dev.latent.factorization.RatingMatrix;

/**
 * What the search space is derived from: the size, density and rating scale of the data it searches on, so
 * that no range is tied to one data set (a 1–10 scale, a sparse catalogue or a tiny store get ranges of their
 * own).
 *
 * @param users          users with at least one rating
 * @param items          items with at least one rating
 * @param ratings        observed cells
 * @param min            lowest rating seen
 * @param max            highest rating seen
 * @param mean           mean rating
 * @param std            standard deviation of the ratings (1 when there is none, so scales stay finite)
 * @param ratingsPerUser mean ratings of a user with ratings
 * @param ratingsPerItem mean ratings of an item with ratings
 */
public record DataProfile(int users, int items, long ratings, double min, double max, double mean, double std,
                          double ratingsPerUser, double ratingsPerItem) {

    public static DataProfile of(RatingMatrix m) {
        int users = 0;
        int items = 0;
        for (int u = 0; u < m.numUsers(); u++) {
            users += m.userCount(u) > 0 ? 1 : 0;
        }
        for (int i = 0; i < m.numItems(); i++) {
            items += m.itemCount(i) > 0 ? 1 : 0;
        }
        float[] r = m.userRatings();
        int n = m.size();
        double min = n == 0 ? 0 : Double.POSITIVE_INFINITY;
        double max = n == 0 ? 0 : Double.NEGATIVE_INFINITY;
        double sum = 0;
        for (int e = 0; e < n; e++) {
            min = Math.min(min, r[e]);
            max = Math.max(max, r[e]);
            sum += r[e];
        }
        double mean = n == 0 ? 0 : sum / n;
        double ss = 0;
        for (int e = 0; e < n; e++) {
            ss += (r[e] - mean) * (r[e] - mean);
        }
        double std = n < 2 || ss == 0 ? 1 : Math.sqrt(ss / n);
        return new DataProfile(users, items, n, min, max, mean, std, users == 0 ? 0 : n / (double) users,
                items == 0 ? 0 : n / (double) items);
    }

    /** Share of the users × items cells that are observed. */
    public double density() {
        return users == 0 || items == 0 ? 0 : ratings / ((double) users * items);
    }
}
