package dev.latent.web;

import java.io.IOException;

/** Raised while reading a request body that went past its configured limit; mapped to 413. */
public class PayloadTooLargeException extends IOException {
    public PayloadTooLargeException(String message) {
        super(message);
    }
}
