package dev.latent.web;

/** The user, item or rating named by the path does not exist. 404. */
public class NotFoundException extends RuntimeException {
    public NotFoundException(String message) {
        super(message);
    }
}
