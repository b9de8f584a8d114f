package dev.latent.serving;

import dev.latent.model.ChangeLog;
import dev.latent.model.FeedMark;
import dev.latent.ratings.ItemDeleted;
import dev.latent.ratings.RatingsChanged;
import dev.latent.ratings.UserDeleted;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.ReadWriteLock;
import java.util.concurrent.locks.ReentrantReadWriteLock;
import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Component;

/**
 * What changed in the store since a model's snapshot, so serving reflects writes at once: users whose
 * ratings changed (answered by fold-in), deleted users (their factors no longer used) and deleted items
 * (never recommended). The writes come from this instance's own write paths (events after commit) and, with
 * {@code latent.cluster.enabled}, from the other instances' through the change feed ({@link ChangeFeedReader}).
 *
 * <p>Every change gets a local sequence number in the order it arrives here; a trainer notes
 * {@link #sequence()} before it reads its snapshot, and a change is "newer than the model" when its number
 * is above the model's. Each change also keeps its number in the store's change feed, so that a model loaded
 * from the store (trained elsewhere, on a snapshot that saw some feed rows: its {@link FeedMark}) can be told
 * exactly which of the changes held here it reflects ({@link #rebase(FeedMark)}). Entries a served model
 * already reflects are pruned by {@link #forgetUpTo(long)}.
 */
@Component
public class LiveChanges implements ChangeLog {

    /** When a change arrived here (local number) and its number in the change feed. */
    private record Mark(long seq, long feedSeq) {
    }

    private final AtomicLong sequence = new AtomicLong();
    /**
     * Held shared while a change is numbered and noted, exclusively by {@link #rebase(FeedMark)}: when it
     * reads the sequence, every change numbered up to it is in the maps.
     */
    private final ReadWriteLock noting = new ReentrantReadWriteLock();
    private final Map<String, Mark> changedUsers = new ConcurrentHashMap<>();
    private final Map<String, Mark> deletedUsers = new ConcurrentHashMap<>();
    private final Map<String, Mark> deletedItems = new ConcurrentHashMap<>();

    /** The number of the newest change seen. */
    @Override
    public long sequence() {
        return sequence.get();
    }

    @EventListener
    public void on(RatingsChanged event) {
        usersChanged(event.userIds(), event.feedSeq());
    }

    @EventListener
    public void on(UserDeleted event) {
        userDeleted(event.userId(), event.feedSeq());
    }

    @EventListener
    public void on(ItemDeleted event) {
        itemDeleted(event.itemId(), event.feedSeq());
    }

    /** Users whose ratings changed, by a write whose feed row is {@code feedSeq}. */
    public void usersChanged(Collection<String> userIds, long feedSeq) {
        noting.readLock().lock();
        try {
            Mark m = new Mark(sequence.incrementAndGet(), feedSeq);
            for (String user : userIds) {
                changedUsers.put(user, m);
            }
        } finally {
            noting.readLock().unlock();
        }
    }

    public void userDeleted(String userId, long feedSeq) {
        noting.readLock().lock();
        try {
            Mark m = new Mark(sequence.incrementAndGet(), feedSeq);
            deletedUsers.put(userId, m);
            changedUsers.put(userId, m);
        } finally {
            noting.readLock().unlock();
        }
    }

    public void itemDeleted(String itemId, long feedSeq) {
        noting.readLock().lock();
        try {
            deletedItems.put(itemId, new Mark(sequence.incrementAndGet(), feedSeq));
        } finally {
            noting.readLock().unlock();
        }
    }

    /** True when the user's ratings changed (or the user was deleted) after the snapshot numbered {@code seq}. */
    public boolean userChangedAfter(String userId, long seq) {
        Mark m = changedUsers.get(userId);
        return m != null && m.seq() > seq;
    }

    /**
     * True when nothing a solve of one user read after the sequence {@code seq} has changed since: neither the
     * user's ratings (nor the user) nor the items (none deleted). The one validity rule of what is kept per user
     * under a model version: fold-ins ({@link FoldInCache}) and their systems ({@link ExplanationCache}).
     */
    public boolean unchangedSince(String userId, long seq) {
        return !userChangedAfter(userId, seq) && !anyItemDeletedAfter(seq);
    }

    public boolean userDeletedAfter(String userId, long seq) {
        Mark m = deletedUsers.get(userId);
        return m != null && m.seq() > seq;
    }

    public boolean itemDeletedAfter(String itemId, long seq) {
        Mark m = deletedItems.get(itemId);
        return m != null && m.seq() > seq;
    }

    /** The ids of the items deleted after the snapshot numbered {@code seq}. */
    public List<String> itemsDeletedAfter(long seq) {
        List<String> ids = new ArrayList<>();
        deletedItems.forEach((id, m) -> {
            if (m.seq() > seq) {
                ids.add(id);
            }
        });
        return ids;
    }

    /** True when any item was deleted after the snapshot numbered {@code seq} (the fast path skips checks). */
    public boolean anyItemDeletedAfter(long seq) {
        for (Mark m : deletedItems.values()) {
            if (m.seq() > seq) {
                return true;
            }
        }
        return false;
    }

    @Override
    public void markDeleted(Collection<String> userIds, Collection<String> itemIds, long feedBound) {
        for (String user : userIds) {
            userDeleted(user, feedBound);
        }
        for (String item : itemIds) {
            itemDeleted(item, feedBound);
        }
    }

    /**
     * Before a model loaded from the store is served: returns the sequence to stamp it with, after giving every
     * change held here that its snapshot did not see ({@code mark} does not cover its feed row) a new number
     * above it, so those stay newer than the model. The caller swaps the model in, then calls
     * {@link #forgetUpTo(long)} with the same number, which drops the changes the model reflects. In between,
     * the model served before still sees every change as it did.
     */
    @Override
    public long rebase(FeedMark mark) {
        noting.writeLock().lock();
        try {
            long stamp = sequence.get();
            if (mark == FeedMark.NONE) {
                // a model stored without a mark (the Spark job's): its snapshot is taken to reflect the rating
                // changes held (as a loaded model always was), but deletes stay applied whatever it saw
                for (Map<String, Mark> map : List.of(deletedUsers, deletedItems)) {
                    map.replaceAll((id, m) -> m.seq() <= stamp ? new Mark(sequence.incrementAndGet(), m.feedSeq()) : m);
                }
                changedUsers.replaceAll((id, m) -> m.seq() <= stamp && deletedUsers.containsKey(id)
                        ? new Mark(sequence.incrementAndGet(), m.feedSeq()) : m);
                return stamp;
            }
            for (Map<String, Mark> map : List.of(changedUsers, deletedUsers, deletedItems)) {
                map.replaceAll((id, m) -> m.seq() <= stamp && !mark.covers(m.feedSeq())
                        ? new Mark(sequence.incrementAndGet(), m.feedSeq()) : m);
            }
            return stamp;
        } finally {
            noting.writeLock().unlock();
        }
    }

    /** Drops every entry the model trained on the snapshot numbered {@code seq} already reflects. */
    @Override
    public void forgetUpTo(long seq) {
        changedUsers.values().removeIf(m -> m.seq() <= seq);
        deletedUsers.values().removeIf(m -> m.seq() <= seq);
        deletedItems.values().removeIf(m -> m.seq() <= seq);
    }

    /** Changes held now (users changed, users deleted, items deleted), for the metrics and tests. */
    public int size() {
        return changedUsers.size() + deletedUsers.size() + deletedItems.size();
    }
}
