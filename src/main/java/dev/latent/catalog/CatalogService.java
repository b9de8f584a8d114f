package dev.latent.catalog;

import dev.latent.web.InvalidInputException;
import dev.latent.web.NotFoundException;
import dev.latent.ratings.ChangeFeed;
import dev.latent.ratings.RequestBodies;
import dev.latent.ratings.RetriedTransaction;
import dev.latent.web.Violation;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.zip.ZipException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Service;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;

/**
 * The write side of the catalogue: PUT, merge PATCH, atomic batch and streamed atomic import. Each write
 * validates, runs in one transaction (single writes and batches are retried when a concurrent writer created
 * the same item first), and after the commit refreshes {@link CatalogView}, so the rules hold from the
 * moment the write answers.
 */
@Service
public class CatalogService {

    private static final Logger log = LoggerFactory.getLogger(CatalogService.class);

    /** The answer of a single write: the entry and whether the item was new. */
    public record Written(ItemDocument item, boolean created) {
    }

    /** The answer of a batch or an import. */
    public record BulkResult(int received, int created, int updated, Double seconds) {
    }

    private final ItemDocuments documents;
    private final CatalogWriter writer;
    private final CatalogQueries queries;
    private final CatalogView view;
    private final CatalogProperties limits;
    private final TransactionTemplate tx;
    private final RetriedTransaction retried;
    private final ChangeFeed feed;

    CatalogService(ItemDocuments documents, CatalogWriter writer, CatalogQueries queries, CatalogView view,
                   CatalogProperties limits, PlatformTransactionManager transactions, ChangeFeed feed) {
        this.feed = feed;
        this.documents = documents;
        this.writer = writer;
        this.queries = queries;
        this.view = view;
        this.limits = limits;
        this.tx = new TransactionTemplate(transactions);
        this.retried = new RetriedTransaction(transactions);
    }

    /** PUT /items/{itemId}: the body replaces the item's catalogue entry whole. */
    public Written put(String itemId, JsonNode body) {
        List<Violation> errors = new ArrayList<>();
        ItemDocument doc = documents.read(body, itemId, null, null, errors);
        if (doc == null) {
            throw new InvalidInputException("invalid item", errors);
        }
        CatalogWriter.Result r = retried.run(() -> {
            CatalogWriter.Result written = writer.write(List.of(doc), System.currentTimeMillis());
            feed.record(ChangeFeed.ITEMS, List.of(itemId));
            return written;
        });
        view.refresh(List.of(itemId));
        return new Written(doc, r.created() == 1);
    }

    /**
     * PATCH /items/{itemId} with an RFC 7396 merge patch over the stored entry; the result must be a valid
     * entry. The row is locked while the patch is applied, so concurrent patches do not lose each other.
     */
    public ItemDocument patch(String itemId, JsonNode patch) {
        if (patch == null || !patch.isObject()) {
            throw new InvalidInputException("invalid patch", List.of(Violation.field("body",
                    "must be a JSON merge patch object (RFC 7396)")));
        }
        ItemDocument doc = retried.run(() -> {
            ItemDocument current = queries.lockedDocument(itemId);
            if (current == null) {
                throw new NotFoundException("no item " + itemId + " (PUT creates it)");
            }
            JsonNode merged = ItemDocuments.mergePatch(documents.toJson(current), patch);
            List<Violation> errors = new ArrayList<>();
            ItemDocument next = documents.read(merged, itemId, null, null, errors);
            if (next == null) {
                throw new InvalidInputException("the patched item is invalid; nothing was stored", errors);
            }
            writer.write(List.of(next), System.currentTimeMillis());
            feed.record(ChangeFeed.ITEMS, List.of(itemId));
            return next;
        });
        view.refresh(List.of(itemId));
        return doc;
    }

    /** POST /items/batch: every element valid, or nothing stored. Repeated ids: the last wins. */
    public BulkResult batch(JsonNode body) {
        if (body == null || !body.isArray()) {
            throw new InvalidInputException("invalid batch", List.of(Violation.field("body",
                    "must be a JSON array of items")));
        }
        if (body.size() > limits.maxBatch()) {
            throw new InvalidInputException("batch too large", List.of(Violation.field("body",
                    "a batch may hold at most " + limits.maxBatch() + " items, had " + body.size())));
        }
        List<Violation> errors = new ArrayList<>();
        List<ItemDocument> docs = new ArrayList<>(body.size());
        for (int k = 0; k < body.size(); k++) {
            ItemDocument d = documents.read(body.get(k), null, k, null, errors);
            if (d != null) {
                docs.add(d);
            }
        }
        if (!errors.isEmpty()) {
            throw new InvalidInputException(errors.size() + " problem" + (errors.size() == 1 ? "" : "s")
                    + " in the batch; nothing was stored", errors);
        }
        LinkedHashSet<String> ids = new LinkedHashSet<>(docs.stream().map(ItemDocument::itemId).toList());
        CatalogWriter.Result r = retried.run(() -> {
            CatalogWriter.Result written = writer.write(docs, System.currentTimeMillis());
            feed.record(ChangeFeed.ITEMS, ids);
            return written;
        });
        view.refresh(ids);
        return new BulkResult(body.size(), r.created(), r.updated(), null);
    }

    /**
     * POST /items/import: one item object per line. Lines are validated and written in chunks of
     * {@code latent.catalog.import-chunk} inside one transaction, so memory stays at one chunk however long
     * the stream; after the first bad line nothing more is written, the rest is only checked (to report up
     * to {@code import-max-errors} bad lines), and the transaction is rolled back: all lines or none.
     */
    public BulkResult importNdjson(InputStream body) throws IOException {
        long start = System.nanoTime();
        long now = System.currentTimeMillis();
        ImportRun run = new ImportRun(now);
        try {
            tx.executeWithoutResult(status -> {
                try {
                    new NdjsonLines(body, limits.importMaxLineBytes()).forEach(run::line);
                } catch (IOException e) {
                    throw new ImportIo(e);
                }
                run.flush();
                if (run.errors.isEmpty() && run.lines - run.blank == 0) {
                    run.errors.add(Violation.field("body", "holds no items (one JSON object per line)"));
                }
                if (!run.errors.isEmpty()) {
                    status.setRollbackOnly();
                } else {
                    feed.record(ChangeFeed.CATALOG, List.of());
                }
            });
        } catch (ImportIo e) {
            if (e.getCause() instanceof ZipException || e.getCause() instanceof EOFException) {
                throw RequestBodies.notGzip(e.getCause());
            }
            throw e.getCause();
        }
        if (!run.errors.isEmpty()) {
            throw new InvalidInputException(run.errorCount + " bad line" + (run.errorCount == 1 ? "" : "s")
                    + "; nothing was stored", run.errors, run.errorCount);
        }
        view.reloadAll();
        double seconds = (System.nanoTime() - start) / 1e9;
        log.info("imported {} catalogue items ({} created, {} updated) in {} s", run.lines - run.blank,
                run.result.created(), run.result.updated(), String.format("%.2f", seconds));
        return new BulkResult((int) (run.lines - run.blank), run.result.created(), run.result.updated(),
                Math.round(seconds * 1000) / 1000.0);
    }

    /** An IOException carried out of the transaction callback. */
    private static final class ImportIo extends RuntimeException {
        ImportIo(IOException cause) {
            super(cause);
        }

        @Override
        public synchronized IOException getCause() {
            return (IOException) super.getCause();
        }
    }

    /** The state of one import while its lines stream through. */
    private final class ImportRun {
        final long now;
        final List<ItemDocument> chunk = new ArrayList<>();
        final List<Violation> errors = new ArrayList<>();
        long errorCount;
        long lines;
        long blank;
        CatalogWriter.Result result = new CatalogWriter.Result(0, 0);

        ImportRun(long now) {
            this.now = now;
        }

        void line(long number, byte[] bytes, int length, boolean tooLong) {
            lines = number;
            if (number - blank > limits.importMaxLines()) {
                if (number - blank == limits.importMaxLines() + 1L) {
                    error(Violation.atLine(number, "body", "an import may hold at most " + limits.importMaxLines()
                            + " items (latent.catalog.import-max-lines)"));
                }
                return;
            }
            if (tooLong) {
                error(Violation.atLine(number, null, "is longer than " + limits.importMaxLineBytes()
                        + " bytes (latent.catalog.import-max-line-bytes)"));
                return;
            }
            if (isBlank(bytes, length)) {
                blank++;
                return;
            }
            JsonNode node;
            try {
                node = documents.json().readTree(bytes, 0, length);
            } catch (JacksonException e) {
                String message = e.getOriginalMessage();
                error(Violation.atLine(number, null, "is not valid JSON ("
                        + (message.length() > 200 ? message.substring(0, 200) + "..." : message) + ")"));
                return;
            }
            List<Violation> found = new ArrayList<>();
            ItemDocument d = documents.read(node, null, null, number, found);
            if (d == null) {
                found.forEach(this::error);
                return;
            }
            if (errors.isEmpty()) {
                chunk.add(d);
                if (chunk.size() >= limits.importChunk()) {
                    flush();
                }
            }
        }

        void flush() {
            if (errors.isEmpty() && !chunk.isEmpty()) {
                result = result.plus(writer.write(chunk, now));
            }
            chunk.clear();
        }

        void error(Violation v) {
            errorCount++;
            chunk.clear();
            if (errors.size() < limits.importMaxErrors()) {
                errors.add(v);
            }
        }
    }

    private static boolean isBlank(byte[] bytes, int length) {
        for (int k = 0; k < length; k++) {
            byte b = bytes[k];
            if (b != ' ' && b != '\t' && b != '\r') {
                return false;
            }
        }
        return true;
    }

}
