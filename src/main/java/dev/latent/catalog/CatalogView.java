package dev.latent.catalog;

import dev.latent.ratings.ItemDeleted;
import dev.latent.ratings.StoreKeys;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentSkipListSet;
import org.springframework.beans.factory.SmartInitializingSingleton;
import org.springframework.context.event.EventListener;
import org.springframework.jdbc.core.ConnectionCallback;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

/**
 * The business-rule part of the catalogue in memory (hidden, availability window, categories, catalogue
 * time), kept current on every write so rules take effect when the write answers, before any retraining.
 *
 * <p>Writers commit, then call {@link #refresh(Collection)} with the ids they touched; the view re-reads
 * those rows from the store under its lock. Re-reading instead of applying the writer's own values makes
 * the view converge on what the store holds whatever the order in which concurrent writers (and
 * {@code DELETE /items/{itemId}}) get here: the last refresh of an id always follows its last commit.
 * Items known only from ratings are not held (they have the defaults: visible, no categories).
 *
 * <p>An import instead applies the rules it wrote, under the view's lock across its commit
 * ({@link #commitThenApply}): re-reading 200,000 rows cost about a tenth of the import.
 *
 * <p>Each refresh bumps {@link #version()} and logs the ids it changed, so that rule masks built for a
 * model can catch up by applying only those ({@link #changedSince(long)}); a full reload (at start-up, or
 * when another instance imported) or a change of more ids than the log holds clears the log and masks
 * rebuild. Memory: about 150 bytes per catalogued item plus its category ids.
 */
@Component
public class CatalogView implements SmartInitializingSingleton {

    /** A change-log entry: the ids one refresh touched. */
    private record Change(long version, List<String> ids) {
    }

    private static final int MAX_LOGGED_IDS = 50_000;
    /** Written out: {@code Comparator.comparing...} chains call their keys through lambdas shared by all their users. */
    private static final Comparator<ItemRules> NEWEST_FIRST = new Comparator<>() {
        @Override
        public int compare(ItemRules a, ItemRules b) {
            int c = Long.compare(b.catalogedAt(), a.catalogedAt());
            return c != 0 ? c : a.itemId().compareTo(b.itemId());
        }
    };

    private final JdbcTemplate jdbc;
    private final Map<String, ItemRules> byId = new ConcurrentHashMap<>();
    private final ConcurrentSkipListSet<ItemRules> newest = new ConcurrentSkipListSet<>(NEWEST_FIRST);
    private final Map<String, String> interned = new ConcurrentHashMap<>();
    private final ArrayDeque<Change> log = new ArrayDeque<>();
    private int loggedIds;
    private long oldestLogged = 1;
    private volatile long version;

    CatalogView(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    @Override
    public void afterSingletonsInstantiated() {
        reloadAll();
    }

    public long version() {
        return version;
    }

    /** The rules of a catalogued item, or null for an item without catalogue data. */
    public ItemRules get(String itemId) {
        return byId.get(itemId);
    }

    public Collection<ItemRules> all() {
        return byId.values();
    }

    /** Catalogued items, newest catalogue time first (ties by id). */
    public Iterable<ItemRules> newestFirst() {
        return newest;
    }

    public int size() {
        return byId.size();
    }

    /** The ids changed after some version, up to {@code version}. */
    public record Changes(long version, List<String> ids) {
    }

    /**
     * The ids changed after {@code sinceVersion} up to the current version, or null when the log no longer
     * reaches back that far (the caller rebuilds from {@link #all()}).
     */
    public synchronized Changes changedSince(long sinceVersion) {
        if (sinceVersion + 1 < oldestLogged) {
            return null;
        }
        List<String> ids = new ArrayList<>();
        for (Change c : log) {
            if (c.version() > sinceVersion) {
                ids.addAll(c.ids());
            }
        }
        return new Changes(version, ids);
    }

    /** The current version and every catalogued item's rules, read together. */
    public synchronized Changes everything() {
        return new Changes(version, new ArrayList<>(byId.keySet()));
    }

    @EventListener
    public void on(ItemDeleted event) {
        refresh(List.of(event.itemId()));
    }

    /** Re-reads the given items from the store (after their write committed). */
    public synchronized void refresh(Collection<String> ids) {
        if (ids.isEmpty()) {
            return;
        }
        List<String> list = new ArrayList<>(ids);
        Map<String, ItemRules> read = new HashMap<>();
        for (int from = 0; from < list.size(); from += 500) {
            List<String> chunk = list.subList(from, Math.min(list.size(), from + 500));
            String in = "?, ".repeat(chunk.size() - 1) + "?";
            read(" AND i.external_id IN (" + in + ")", chunk.toArray(), read);
        }
        for (String id : list) {
            put(id, read.get(id));
        }
        logged(list);
    }

    /** A new version that changed these ids (a log entry, or, for more than the log holds, a cleared log). */
    private void logged(List<String> ids) {
        version++;
        if (ids.size() > MAX_LOGGED_IDS) {
            log.clear();
            loggedIds = 0;
            oldestLogged = version + 1;
            return;
        }
        log.addLast(new Change(version, ids));
        loggedIds += ids.size();
        while (loggedIds > MAX_LOGGED_IDS && log.size() > 1) {
            Change dropped = log.removeFirst();
            loggedIds -= dropped.ids().size();
            oldestLogged = log.peekFirst().version();
        }
    }

    /**
     * Commits a write and then applies the rules of the items it wrote ({@link CatalogWriter}'s, read under
     * the write's row locks), holding the view's lock across both, instead of re-reading them: a writer that
     * changes one of these items next must wait for this commit (the row locks), so its refresh comes after
     * this apply and the view cannot go back to older values; a writer that committed before re-reads what
     * is stored, this write's values. Nothing is applied when the commit fails. Used by imports, whose
     * re-reading would cost about as much as the import's writes; more ids than the change log holds clear it
     * (rule masks rebuild, as after {@link #reloadAll}).
     */
    public synchronized void commitThenApply(Runnable commit, List<ItemRules> written) {
        commit.run();
        List<String> ids = new ArrayList<>(written.size());
        for (ItemRules r : written) {
            String[] cats = r.categories();
            for (int k = 0; k < cats.length; k++) {
                cats[k] = interned.computeIfAbsent(cats[k], c -> c);
            }
            put(r.itemId(), r);
            ids.add(r.itemId());
        }
        logged(ids);
    }

    /** Re-reads the whole catalogue (at start-up, when another instance imported). */
    public synchronized void reloadAll() {
        Map<String, ItemRules> read = new HashMap<>();
        read("", new Object[0], read);
        byId.clear();
        newest.clear();
        read.forEach(this::put);
        version++;
        log.clear();
        loggedIds = 0;
        oldestLogged = version + 1;
    }

    private void put(String id, ItemRules rules) {
        ItemRules old = rules == null ? byId.remove(id) : byId.put(id, rules);
        if (old != null) {
            newest.remove(old);
        }
        if (rules != null) {
            newest.add(rules);
        }
    }

    private void read(String where, Object[] args, Map<String, ItemRules> into) {
        jdbc.execute((ConnectionCallback<Void>) c -> {
            // H2 materialises a result of more than 40,000 rows in a temporary file before the first row; read
            // lazily (row by row from the table) a whole catalogue takes about half as long.
            boolean h2 = !StoreKeys.isPostgres(c);
            if (h2) {
                try (Statement st = c.createStatement()) {
                    st.execute("SET LAZY_QUERY_EXECUTION TRUE");
                }
            }
            try (PreparedStatement ps = c.prepareStatement("SELECT i.external_id, i.hidden, i.available_from,"
                    + " i.available_until, i.cataloged_at, i.categories FROM items i WHERE i.cataloged_at IS NOT NULL"
                    + where)) {
                ps.setFetchSize(10_000);
                for (int k = 0; k < args.length; k++) {
                    ps.setObject(k + 1, args[k]);
                }
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        into.put(rs.getString(1), rules(rs));
                    }
                }
            } finally {
                if (h2) {
                    try (Statement st = c.createStatement()) {
                        st.execute("SET LAZY_QUERY_EXECUTION FALSE");
                    }
                }
            }
            return null;
        });
    }

    private ItemRules rules(ResultSet rs) throws SQLException {
        String id = rs.getString(1);
        long from = rs.getLong(3);
        if (rs.wasNull()) {
            from = Long.MIN_VALUE;
        }
        long until = rs.getLong(4);
        if (rs.wasNull()) {
            until = Long.MAX_VALUE;
        }
        String[] cats = ItemCategories.split(rs.getString(6));
        for (int k = 0; k < cats.length; k++) {
            cats[k] = interned.computeIfAbsent(cats[k], c -> c);
        }
        return new ItemRules(id, cats, rs.getBoolean(2), from, until, rs.getLong(5));
    }
}
