package dev.latent.serving;

/** The served model does not know the item (404). */
public class UnknownItemException extends RuntimeException {
    public UnknownItemException(String itemId) {
        super("Item '" + itemId + "' is not in the served model.");
    }
}
