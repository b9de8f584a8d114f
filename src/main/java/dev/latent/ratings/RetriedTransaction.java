package dev.latent.ratings;

import dev.latent.storage.StorageFailures;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.dao.ConcurrencyFailureException;
import org.springframework.dao.DataIntegrityViolationException;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Runs a write in one transaction, again (up to three times) when a concurrent writer created the same
 * user, item or rating first (a unique-key race): the whole write is redone, so it sees the other writer's rows.
 * A lock timeout is not retried: it has waited {@code latent.storage.lock-timeout} already (503 with Retry-After). Shared by the rating, catalogue and profile writes.
 */
public final class RetriedTransaction {

    private static final Logger log = LoggerFactory.getLogger(RetriedTransaction.class);
    private static final int ATTEMPTS = 3;

    private final TransactionTemplate tx;

    public RetriedTransaction(PlatformTransactionManager transactions) {
        this.tx = new TransactionTemplate(transactions);
    }

    public <T> T run(Supplier<T> work) {
        for (int attempt = 1; ; attempt++) {
            try {
                return tx.execute(status -> work.get());
            } catch (DataIntegrityViolationException | ConcurrencyFailureException e) {
                // a lock timeout has waited latent.storage.lock-timeout already: retrying would make it three times
                if (attempt == ATTEMPTS || StorageFailures.isLockTimeout(e)) {
                    throw e;
                }
                log.debug("write conflicted with a concurrent writer, retrying ({})", e.getMessage());
            }
        }
    }
}
