package dev.latent.serving;

import dev.latent.web.NotFoundException;

/** The served model does not know the item (404). */
public class UnknownItemException extends NotFoundException {
    public UnknownItemException(String itemId) {
        super("Item '" + itemId + "' is not in the served model.");
    }
}
