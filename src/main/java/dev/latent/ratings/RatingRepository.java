package dev.latent.ratings;

import java.util.List;
import org.springframework.data.domain.Page;
import org.springframework.data.domain.Pageable;
import org.springframework.data.jpa.repository.JpaRepository;
import org.springframework.data.jpa.repository.Modifying;
import org.springframework.data.jpa.repository.Query;

public interface RatingRepository extends JpaRepository<Rating, RatingId> {

    /** A user's ratings as [item client id, rating, ts] rows, newest first (ties by item key, so pages are stable). */
    @Query(value = """
            select i.externalId, r.rating, r.ts
            from Rating r join Item i on i.key = r.id.itemKey
            where r.id.userKey = :userKey
            order by r.ts desc, r.id.itemKey asc""",
            countQuery = "select count(r) from Rating r where r.id.userKey = :userKey")
    Page<Object[]> findByUser(int userKey, Pageable pageable);

    @Modifying
    @Query("delete from Rating r where r.id.userKey = :userKey")
    int deleteByUserKey(int userKey);

    @Modifying
    @Query("delete from Rating r where r.id.itemKey = :itemKey")
    int deleteByItemKey(int itemKey);

    /** The same rows, highest rating first (then newest, then by item key, so pages are stable). */
    @Query(value = """
            select i.externalId, r.rating, r.ts
            from Rating r join Item i on i.key = r.id.itemKey
            where r.id.userKey = :userKey
            order by r.rating desc, r.ts desc, r.id.itemKey asc""",
            countQuery = "select count(r) from Rating r where r.id.userKey = :userKey")
    Page<Object[]> findByUserTopRated(int userKey, Pageable pageable);

    @Query("select max(r.ts) from Rating r")
    Long newestTs();

    /** [oldest ts, newest ts] of all ratings (nulls when there are none). */
    @Query("select min(r.ts), max(r.ts) from Rating r")
    List<Object[]> tsRange();

    /** Counts per time bucket: [bucket, count] with bucket = (ts - start) / width, both in epoch millis. */
    // a derived table, because H2 will not match "(ts - ?) / ?" in the select list to the same text in GROUP BY
    @Query(value = "select b, count(*) from (select (ts - :start) / :width as b from ratings) t group by b",
            nativeQuery = true)
    List<Object[]> countsPerBucket(long start, long width);

    /** Histogram over half-point buckets: [bucket, count] with bucket = floor(rating * 2) / 2. */
    @Query("select floor(r.rating * 2), count(r) from Rating r group by floor(r.rating * 2) order by 1")
    List<Object[]> histogramHalfSteps();
}
