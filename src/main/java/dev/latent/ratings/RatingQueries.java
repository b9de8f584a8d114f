package dev.latent.ratings;

import dev.latent.web.NotFoundException;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.springframework.data.domain.Page;
import org.springframework.data.domain.PageRequest;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/** The read side of the ratings store. */
@Service
@Transactional(readOnly = true)
public class RatingQueries {

    private final UserRepository users;
    private final ItemRepository items;
    private final RatingRepository ratings;
    private final RatingsChangeCounter counter;
    private final RatingsTimeline timeline;

    RatingQueries(UserRepository users, ItemRepository items, RatingRepository ratings, RatingsChangeCounter counter,
                  RatingsTimeline timeline) {
        this.users = users;
        this.items = items;
        this.ratings = ratings;
        this.counter = counter;
        this.timeline = timeline;
    }

    /** A page of a user's ratings, newest first, or highest first when {@code topRated}. */
    public RatingPage userRatings(String userId, int page, int size, boolean topRated) {
        User user = users.findByExternalId(userId).orElseThrow(() -> new NotFoundException("no user " + userId));
        PageRequest request = PageRequest.of(page, size);
        Page<Object[]> rows = topRated ? ratings.findByUserTopRated(user.getKey(), request)
                : ratings.findByUser(user.getKey(), request);
        List<StoredRating> list = new ArrayList<>(rows.getNumberOfElements());
        for (Object[] row : rows.getContent()) {
            list.add(new StoredRating(userId, (String) row[0], ((Number) row[1]).floatValue(), ((Number) row[2]).longValue()));
        }
        return new RatingPage(userId, list, page, size, rows.getTotalElements(), rows.getTotalPages());
    }

    public StoredRating rating(String userId, String itemId) {
        User user = users.findByExternalId(userId).orElseThrow(() -> new NotFoundException("no user " + userId));
        Item item = items.findByExternalId(itemId).orElseThrow(() -> new NotFoundException("no item " + itemId));
        Rating r = ratings.findById(new RatingId(user.getKey(), item.getKey())).orElseThrow(
                () -> new NotFoundException("user " + userId + " has not rated item " + itemId));
        return new StoredRating(userId, itemId, r.getRating(), r.getTs());
    }

    public RatingsStats stats() {
        long changes = counter.current();
        long userCount = users.count();
        long itemCount = items.count();
        long ratingCount = ratings.count();
        List<RatingsStats.Bucket> histogram = new ArrayList<>();
        for (Object[] row : ratings.histogramHalfSteps()) {
            histogram.add(new RatingsStats.Bucket(((Number) row[0]).doubleValue() / 2, ((Number) row[1]).longValue()));
        }
        Long newest = ratings.newestTs();
        double density = userCount == 0 || itemCount == 0 ? 0 : ratingCount / ((double) userCount * itemCount);
        return new RatingsStats(userCount, itemCount, ratingCount, density, histogram,
                newest == null ? null : Instant.ofEpochMilli(newest), timeline.current(), changes);
    }
}
