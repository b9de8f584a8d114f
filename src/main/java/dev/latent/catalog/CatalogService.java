package dev.latent.catalog;

import dev.latent.web.InvalidInputException;
import dev.latent.web.NotFoundException;
import dev.latent.ratings.ChangeFeed;
import dev.latent.ratings.RequestBodies;
import dev.latent.ratings.RetriedTransaction;
import dev.latent.web.Violation;
import java.io.EOFException;
import java.io.IOException;
import jakarta.annotation.PreDestroy;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.zip.ZipException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Service;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.TransactionDefinition;
import org.springframework.transaction.TransactionStatus;
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
    private final PlatformTransactionManager transactions;
    /** The writer threads of imports (one per import while it runs). */
    private final ExecutorService importThreads = Executors.newCachedThreadPool(r -> {
        Thread t = new Thread(r, "catalog-import-writer");
        t.setDaemon(true);
        return t;
    });
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
        this.transactions = transactions;
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
     * POST /items/import: one item object per line. This thread reads and validates the lines and hands them
     * on in chunks of {@code latent.catalog.import-chunk}; a writer thread writes each chunk, all of them
     * inside one transaction, so parsing and writing overlap and memory stays at three chunks (one being
     * read, one handed on, one being written) however long the stream. After the first bad line nothing more
     * is written and the transaction is rolled back, the rest is only checked (to report up to
     * {@code import-max-errors} bad lines): all lines or none. After the commit the catalogue view applies
     * what was written ({@link CatalogView#commitThenApply}).
     */
    public BulkResult importNdjson(InputStream body) throws IOException {
        long start = System.nanoTime();
        ImportWriter writing = new ImportWriter(System.currentTimeMillis());
        Future<CatalogWriter.Result> written = importThreads.submit(writing);
        ImportRun run = new ImportRun(writing, written);
        try {
            new NdjsonLines(body, limits.importMaxLineBytes()).forEach(run::line);
            run.flush();
            if (run.errors.isEmpty() && run.lines - run.blank == 0) {
                run.error(Violation.field("body", "holds no items (one JSON object per line)"));
            }
        } catch (IOException | RuntimeException | Error e) {
            writing.abort();
            awaitQuietly(written);
            if (e instanceof ZipException || e instanceof EOFException) {
                throw RequestBodies.notGzip((IOException) e);
            }
            throw e;
        }
        if (!run.errors.isEmpty()) {
            writing.abort();
            awaitQuietly(written);
            throw new InvalidInputException(run.errorCount + " bad line" + (run.errorCount == 1 ? "" : "s")
                    + "; nothing was stored", run.errors, run.errorCount);
        }
        run.hand(ImportWriter.COMMIT);
        CatalogWriter.Result result = await(written);
        double seconds = (System.nanoTime() - start) / 1e9;
        log.info("imported {} catalogue items ({} created, {} updated) in {} s", run.lines - run.blank,
                result.created(), result.updated(), String.format("%.2f", seconds));
        return new BulkResult((int) (run.lines - run.blank), result.created(), result.updated(),
                Math.round(seconds * 1000) / 1000.0);
    }

    /** The writer's result, or its failure rethrown as it was thrown. */
    private static CatalogWriter.Result await(Future<CatalogWriter.Result> written) {
        try {
            return written.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while the import was written", e);
        } catch (ExecutionException e) {
            if (e.getCause() instanceof RuntimeException r) {
                throw r;
            }
            if (e.getCause() instanceof Error r) {
                throw r;
            }
            throw new IllegalStateException(e.getCause());
        }
    }

    private static void awaitQuietly(Future<CatalogWriter.Result> written) {
        try {
            await(written);
        } catch (RuntimeException | Error e) {
            log.debug("import writer ended with {} after an abort", e.toString());
        }
    }

    @PreDestroy
    void stopImportThreads() {
        importThreads.shutdown();
    }

    /**
     * The writing side of one import, on its own thread: one transaction, the chunks it is handed, then
     * {@link #COMMIT} (commit, then the view applies what was written) or an abort (roll back).
     */
    private final class ImportWriter implements Callable<CatalogWriter.Result> {
        /** Markers, told apart by identity (never written). */
        static final CatalogWriter.Chunk COMMIT = CatalogWriter.prepare(List.of());
        static final CatalogWriter.Chunk ABORT = CatalogWriter.prepare(List.of());

        final long now;
        /** At most one chunk waits here while the previous one is written. */
        final BlockingQueue<CatalogWriter.Chunk> chunks = new ArrayBlockingQueue<>(1);
        volatile boolean aborted;

        ImportWriter(long now) {
            this.now = now;
        }

        @Override
        public CatalogWriter.Result call() throws InterruptedException {
            TransactionStatus status = transactions.getTransaction(TransactionDefinition.withDefaults());
            try {
                CatalogWriter.Result result = new CatalogWriter.Result(0, 0);
                List<ItemRules> written = new ArrayList<>();
                while (true) {
                    CatalogWriter.Chunk chunk = chunks.take();
                    if (aborted || chunk == ABORT) {
                        transactions.rollback(status);
                        return result;
                    }
                    if (chunk == COMMIT) {
                        feed.record(ChangeFeed.CATALOG, List.of());
                        view.commitThenApply(() -> transactions.commit(status), written);
                        return result;
                    }
                    result = result.plus(writer.write(chunk, now, written));
                }
            } catch (InterruptedException | RuntimeException | Error e) {
                if (!status.isCompleted()) {
                    transactions.rollback(status);
                }
                throw e;
            }
        }

        /** Stops the writer at its next chunk; it rolls back. Called by the reading thread only. */
        void abort() {
            aborted = true;
            chunks.clear();
            chunks.offer(ABORT);
        }
    }

    /** The reading side of one import while its lines stream through. */
    private final class ImportRun {
        final ImportWriter writing;
        final Future<CatalogWriter.Result> written;
        List<ItemDocument> chunk = new ArrayList<>();
        final List<Violation> errors = new ArrayList<>();
        long errorCount;
        long lines;
        long blank;

        ImportRun(ImportWriter writing, Future<CatalogWriter.Result> written) {
            this.writing = writing;
            this.written = written;
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
            ItemDocument d = documents.readFast(bytes, length);
            if (d == null) {
                d = readChecked(number, bytes, length);
                if (d == null) {
                    return;
                }
            }
            if (errors.isEmpty()) {
                chunk.add(d);
                if (chunk.size() >= limits.importChunk()) {
                    flush();
                }
            }
        }

        /** The slow path of a line ({@link ItemDocuments#readFast} left it): its entry, or null and its errors. */
        private ItemDocument readChecked(long number, byte[] bytes, int length) {
            JsonNode node;
            try {
                node = documents.json().readTree(bytes, 0, length);
            } catch (JacksonException e) {
                String message = e.getOriginalMessage();
                error(Violation.atLine(number, null, "is not valid JSON ("
                        + (message.length() > 200 ? message.substring(0, 200) + "..." : message) + ")"));
                return null;
            }
            List<Violation> found = new ArrayList<>();
            ItemDocument d = documents.read(node, null, null, number, found);
            if (d == null) {
                found.forEach(this::error);
            }
            return d;
        }

        void flush() {
            if (errors.isEmpty() && !chunk.isEmpty()) {
                hand(CatalogWriter.prepare(chunk)); // deduplicated, sorted and bound here, off the writer's thread
                chunk = new ArrayList<>();
            }
        }

        /** Hands a chunk (or {@link ImportWriter#COMMIT}) to the writer, waiting while it writes the last. */
        void hand(CatalogWriter.Chunk next) {
            try {
                while (!writing.chunks.offer(next, 50, TimeUnit.MILLISECONDS)) {
                    if (written.isDone()) {
                        await(written); // the writer failed: its exception
                        throw new IllegalStateException("the import writer stopped");
                    }
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted while the import was written", e);
            }
        }

        void error(Violation v) {
            if (errors.isEmpty()) {
                writing.abort(); // roll back at once; the rest of the lines are only checked
            }
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
