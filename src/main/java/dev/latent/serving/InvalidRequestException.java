package dev.latent.serving;

/** A request field failed a check that annotations cannot express (400 naming the field). */
public class InvalidRequestException extends RuntimeException {

    private final String field;

    public InvalidRequestException(String field, String message) {
        super(message);
        this.field = field;
    }

    public String field() {
        return field;
    }
}
