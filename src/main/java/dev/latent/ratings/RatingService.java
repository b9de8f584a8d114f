package dev.latent.ratings;

import dev.latent.web.InputTooLargeException;
import dev.latent.web.NotFoundException;
import dev.latent.web.InvalidInputException;
import dev.latent.web.Violation;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.function.Supplier;
import java.util.zip.ZipException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.stereotype.Service;
import org.springframework.transaction.PlatformTransactionManager;

/**
 * The write side of the ratings store. Every write validates its whole input first, then runs in one
 * transaction (retried when a concurrent writer created the same user, item or rating first); after the
 * commit it bumps {@link RatingsChangeCounter} and publishes {@link RatingsChanged}, {@link UserDeleted} or
 * {@link ItemDeleted}.
 */
@Service
public class RatingService {

    private static final Logger log = LoggerFactory.getLogger(RatingService.class);

    private final RatingWriter writer;
    private final RatingRules rules;
    private final RatingsProperties properties;
    private final UserRepository users;
    private final ItemRepository items;
    private final RatingRepository ratings;
    private final RetriedTransaction tx;
    private final ApplicationEventPublisher events;
    private final RatingsChangeCounter counter;
    private final MeterRegistry meters;
    private final Tombstones tombstones;
    private final ChangeFeed feed;

    RatingService(RatingWriter writer, RatingRules rules, RatingsProperties properties, UserRepository users,
                  ItemRepository items, RatingRepository ratings, PlatformTransactionManager transactions,
                  ApplicationEventPublisher events, RatingsChangeCounter counter, MeterRegistry meters,
                  Tombstones tombstones, ChangeFeed feed) {
        this.feed = feed;
        this.writer = writer;
        this.rules = rules;
        this.properties = properties;
        this.users = users;
        this.items = items;
        this.ratings = ratings;
        this.tx = new RetriedTransaction(transactions);
        this.events = events;
        this.counter = counter;
        this.meters = meters;
        this.tombstones = tombstones;
    }

    /** PUT /users/{userId}/ratings/{itemId}. */
    public WriteResults.Upsert put(String userId, String itemId, RatingValue value) {
        RatingBatch batch = validated("put", 1, () -> reader().one(userId, itemId, value));
        return upsert(batch, "put");
    }

    /** POST /ratings. */
    public WriteResults.Upsert post(RatingEvent event) {
        RatingBatch batch = validated("post", 1, () -> reader().events(Collections.singletonList(event), false));
        return upsert(batch, "post");
    }

    private WriteResults.Upsert upsert(RatingBatch batch, String path) {
        RatingWriter.Result result = writeAndPublish(batch, false);
        accepted(path, 1);
        RatingRows row = batch.rows();
        StoredRating stored = new StoredRating(batch.userIds().get(0), batch.itemIds().get(0), row.rating(0), row.time(0));
        return new WriteResults.Upsert(stored, result.created() == 1);
    }

    /** POST /ratings/batch: all elements or none. */
    public WriteResults.Batch batch(List<RatingEvent> body) {
        if (body.size() > properties.maxBatch()) {
            rejected("batch", body.size());
            throw new InvalidInputException("batch too large", List.of(Violation.field("body",
                    "a batch may hold at most " + properties.maxBatch() + " ratings, had " + body.size())));
        }
        RatingBatch batch = validated("batch", body.size(), () -> reader().events(body, true));
        RatingWriter.Result result = batch.size() == 0 ? new RatingWriter.Result(0, 0) : writeAndPublish(batch, true);
        accepted("batch", body.size());
        return new WriteResults.Batch(body.size(), result.created(), result.updated());
    }

    /** POST /ratings/import: validates the whole stream, then writes it in one transaction. */
    public WriteResults.Import importCsv(InputStream body) throws IOException {
        long start = System.nanoTime();
        CsvRatingParser parser = new CsvRatingParser(rules, properties.importMaxRows(), properties.importMaxErrors(),
                System.currentTimeMillis(), properties.importMaxLineLength(), properties.importMaxMemoryBytes());
        RatingBatch batch;
        try {
            batch = parser.parse(body);
        } catch (InvalidInputException e) {
            rejected("import", e.total());
            throw e;
        } catch (InputTooLargeException e) {
            rejected("import", 1);
            throw e;
        } catch (ZipException | EOFException e) {
            rejected("import", 1);
            throw RequestBodies.notGzip(e);
        }
        if (batch.size() == 0) { // an empty upload is a client mistake (a wrong file, a broken pipe), not a no-op
            rejected("import", 1);
            throw new InvalidInputException("the import holds no ratings", List.of(Violation.field("body",
                    "holds no rating lines (user,item,rating[,timestamp])")));
        }
        long parsed = System.nanoTime();
        RatingWriter.Result result = batch.size() == 0 ? new RatingWriter.Result(0, 0) : writeAndPublish(batch, true);
        double seconds = (System.nanoTime() - start) / 1e9;
        log.info("imported {} ratings ({} created, {} updated) in {} s (parse {} s)", batch.size(), result.created(),
                result.updated(), String.format("%.2f", seconds), String.format("%.2f", (parsed - start) / 1e9));
        accepted("import", batch.size());
        return new WriteResults.Import(batch.size(), result.created(), result.updated(), Math.round(seconds * 1000) / 1000.0);
    }

    /** DELETE /users/{userId}/ratings/{itemId}. */
    public void deleteRating(String userId, String itemId) {
        long feedSeq = tx.run(() -> {
            int userKey = users.findByExternalId(userId).map(User::getKey)
                    .orElseThrow(() -> new NotFoundException("no user " + userId));
            int itemKey = items.findByExternalId(itemId).map(Item::getKey)
                    .orElseThrow(() -> new NotFoundException("no item " + itemId));
            RatingId id = new RatingId(userKey, itemKey);
            if (!ratings.existsById(id)) {
                throw new NotFoundException("user " + userId + " has not rated item " + itemId);
            }
            ratings.deleteById(id);
            return feed.record(ChangeFeed.USERS, List.of(userId));
        });
        counter.increment();
        publish(new RatingsChanged(Set.of(userId), false, feedSeq));
    }

    /** DELETE /users/{userId}: the user and all their ratings. */
    public void deleteUser(String userId) {
        long feedSeq = tx.run(() -> {
            User user = users.findByExternalId(userId).orElseThrow(() -> new NotFoundException("no user " + userId));
            ratings.deleteByUserKey(user.getKey());
            users.delete(user);
            tombstones.record(Tombstones.USER, userId);
            return feed.record(ChangeFeed.USER_DELETED, List.of(userId));
        });
        counter.increment();
        publish(new UserDeleted(userId, feedSeq));
    }

    /** DELETE /items/{itemId}: the item and all its ratings. */
    public void deleteItem(String itemId) {
        long feedSeq = tx.run(() -> {
            Item item = items.findByExternalId(itemId).orElseThrow(() -> new NotFoundException("no item " + itemId));
            ratings.deleteByItemKey(item.getKey());
            items.delete(item);
            tombstones.record(Tombstones.ITEM, itemId);
            return feed.record(ChangeFeed.ITEM_DELETED, List.of(itemId));
        });
        counter.increment();
        publish(new ItemDeleted(itemId, feedSeq));
    }

    private RatingWriter.Result writeAndPublish(RatingBatch batch, boolean bulk) {
        long[] feedSeq = new long[1];
        Set<String> users = new HashSet<>(batch.userIds());
        RatingWriter.Result result = tx.run(() -> {
            RatingWriter.Result r = writer.write(batch);
            feedSeq[0] = feed.record(ChangeFeed.USERS, users); // last: its number is taken just before the commit
            return r;
        });
        counter.increment();
        publish(new RatingsChanged(users, bulk, feedSeq[0]));
        return result;
    }

    /**
     * Tells listeners after the commit, on this thread. The write is stored whatever a listener does, so a
     * failing listener is logged rather than turned into an error for the client.
     */
    private void publish(Object event) {
        try {
            events.publishEvent(event);
        } catch (RuntimeException e) {
            log.error("a listener failed on {} (the write itself is committed)", event, e);
        }
    }

    private RatingBatch validated(String path, int size, Supplier<RatingBatch> read) {
        try {
            return read.get();
        } catch (InvalidInputException e) {
            rejected(path, size);
            throw e;
        }
    }

    private JsonRatingReader reader() {
        return new JsonRatingReader(rules, System.currentTimeMillis());
    }

    private void accepted(String path, long n) {
        Counter.builder("latent.ratings.accepted").description("ratings stored").tag("path", path)
                .register(meters).increment(n);
    }

    private void rejected(String path, long n) {
        Counter.builder("latent.ratings.rejected").description("ratings refused as invalid").tag("path", path)
                .register(meters).increment(n);
    }
}
