package dev.latent.ratings;

import java.util.List;
import org.springframework.data.domain.Page;
import org.springframework.data.domain.Pageable;
import org.springframework.data.jpa.repository.JpaRepository;
import org.springframework.data.jpa.repository.Modifying;
import org.springframework.data.jpa.repository.Query;

/**
 * The rating table's own queries are SQL (native), not JPQL: Spring Data parses every JPQL {@code @Query} with its
 * ANTLR grammar when the repository is created (and Hibernate parses it again to validate it), about 0.7 s of CPU
 * of a cold start of 9 s (JFR, docs/benchmarks.md, "The test suite"). The SQL is plain enough for H2 and
 * PostgreSQL alike, and names the columns of V1__ratings.sql.
 */
public interface RatingRepository extends JpaRepository<Rating, RatingId> {

    /** A user's ratings as [item client id, rating, ts] rows, newest first (ties by item key, so pages are stable). */
    @Query(value = """
            select i.external_id, r.rating, r.ts
            from ratings r join items i on i.item_key = r.item_key
            where r.user_key = :userKey
            order by r.ts desc, r.item_key asc""",
            countQuery = "select count(*) from ratings where user_key = :userKey", nativeQuery = true)
    Page<Object[]> findByUser(int userKey, Pageable pageable);

    @Modifying
    @Query(value = "delete from ratings where user_key = :userKey", nativeQuery = true)
    int deleteByUserKey(int userKey);

    @Modifying
    @Query(value = "delete from ratings where item_key = :itemKey", nativeQuery = true)
    int deleteByItemKey(int itemKey);

    /** The same rows, highest rating first (then newest, then by item key, so pages are stable). */
    @Query(value = """
            select i.external_id, r.rating, r.ts
            from ratings r join items i on i.item_key = r.item_key
            where r.user_key = :userKey
            order by r.rating desc, r.ts desc, r.item_key asc""",
            countQuery = "select count(*) from ratings where user_key = :userKey", nativeQuery = true)
    Page<Object[]> findByUserTopRated(int userKey, Pageable pageable);

    @Query(value = "select max(ts) from ratings", nativeQuery = true)
    Long newestTs();

    /** [oldest ts, newest ts] of all ratings (nulls when there are none). */
    @Query(value = "select min(ts), max(ts) from ratings", nativeQuery = true)
    List<Object[]> tsRange();

    /** Counts per time bucket: [bucket, count] with bucket = (ts - start) / width, both in epoch millis. */
    // a derived table, because H2 will not match "(ts - ?) / ?" in the select list to the same text in GROUP BY
    @Query(value = "select b, count(*) from (select (ts - :start) / :width as b from ratings) t group by b",
            nativeQuery = true)
    List<Object[]> countsPerBucket(long start, long width);

    /** Histogram over half-point buckets: [bucket, count] with bucket = floor(rating * 2) / 2. */
    @Query(value = "select floor(rating * 2), count(*) from ratings group by floor(rating * 2) order by 1",
            nativeQuery = true)
    List<Object[]> histogramHalfSteps();
}
