package dev.latent.model;

import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;

/**
 * The model being served: one atomic reference, replaced whole. Readers take {@link #current()} once per
 * request and keep it, so a request never mixes two models and never waits on training. A plain class (the
 * Spring bean is declared in {@code model.store.ModelBeans}) so serving's unit tests build one by hand.
 */
public class ModelHolder {

    private final AtomicReference<ServedModel> current = new AtomicReference<>();

    public Optional<ServedModel> current() {
        return Optional.ofNullable(current.get());
    }

    /** Serves no model from now on (the store is empty: there is nothing left to recommend from). */
    public void retire() {
        current.set(null);
    }

    /** Serves {@code model} from now on, unless a newer version is already served. */
    public boolean swap(ServedModel model) {
        model.ranking().prepareScoring(); // before any request sees it, not on the first one
        while (true) {
            ServedModel old = current.get();
            if (old != null && old.version() >= model.version()) {
                return false;
            }
            if (current.compareAndSet(old, model)) {
                return true;
            }
        }
    }
}
