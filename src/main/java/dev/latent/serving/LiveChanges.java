package dev.latent.serving;

import dev.latent.model.ChangeLog;
import dev.latent.ratings.ItemDeleted;
import dev.latent.ratings.RatingsChanged;
import dev.latent.ratings.UserDeleted;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Component;

/**
 * What changed in the store since a model's snapshot, so serving reflects writes at once: users whose
 * ratings changed (answered by fold-in), deleted users (their factors no longer used) and deleted items
 * (never recommended). Every change gets a sequence number; a trainer notes {@link #sequence()} before it
 * reads its snapshot, and a change is "newer than the model" when its number is above the model's.
 * Entries the served model already includes are pruned by {@link #forgetUpTo(long)}.
 */
@Component
public class LiveChanges implements ChangeLog {

    private final AtomicLong sequence = new AtomicLong();
    private final Map<String, Long> changedUsers = new ConcurrentHashMap<>();
    private final Map<String, Long> deletedUsers = new ConcurrentHashMap<>();
    private final Map<String, Long> deletedItems = new ConcurrentHashMap<>();

    /** The number of the newest change seen. */
    @Override
    public long sequence() {
        return sequence.get();
    }

    @EventListener
    public void on(RatingsChanged event) {
        long seq = sequence.incrementAndGet();
        for (String user : event.userIds()) {
            changedUsers.put(user, seq);
        }
    }

    @EventListener
    public void on(UserDeleted event) {
        long seq = sequence.incrementAndGet();
        deletedUsers.put(event.userId(), seq);
        changedUsers.put(event.userId(), seq);
    }

    @EventListener
    public void on(ItemDeleted event) {
        deletedItems.put(event.itemId(), sequence.incrementAndGet());
    }

    /** True when the user's ratings changed (or the user was deleted) after the snapshot numbered {@code seq}. */
    public boolean userChangedAfter(String userId, long seq) {
        Long s = changedUsers.get(userId);
        return s != null && s > seq;
    }

    public boolean userDeletedAfter(String userId, long seq) {
        Long s = deletedUsers.get(userId);
        return s != null && s > seq;
    }

    public boolean itemDeletedAfter(String itemId, long seq) {
        Long s = deletedItems.get(itemId);
        return s != null && s > seq;
    }

    /** The ids of the items deleted after the snapshot numbered {@code seq}. */
    public List<String> itemsDeletedAfter(long seq) {
        List<String> ids = new ArrayList<>();
        deletedItems.forEach((id, s) -> {
            if (s > seq) {
                ids.add(id);
            }
        });
        return ids;
    }

    /** True when any item was deleted after the snapshot numbered {@code seq} (the fast path skips checks). */
    public boolean anyItemDeletedAfter(long seq) {
        for (long s : deletedItems.values()) {
            if (s > seq) {
                return true;
            }
        }
        return false;
    }

    @Override
    public void markDeleted(java.util.Collection<String> userIds, java.util.Collection<String> itemIds) {
        for (String user : userIds) {
            on(new UserDeleted(user));
        }
        for (String item : itemIds) {
            on(new ItemDeleted(item));
        }
    }

    /** Drops every entry the model trained on the snapshot numbered {@code seq} already reflects. */
    @Override
    public void forgetUpTo(long seq) {
        changedUsers.values().removeIf(s -> s <= seq);
        deletedUsers.values().removeIf(s -> s <= seq);
        deletedItems.values().removeIf(s -> s <= seq);
    }
}
