package dev.latent.web;

/**
 * The one rule for client ids (user, item and category ids), used by every controller and write path: 1 to 128
 * characters of {@code A-Z a-z 0-9 . _ : @ -}. Parameters checked by bean validation use {@link #REGEXP} and
 * {@link #MESSAGE}; code that checks an id itself uses {@link #check} or {@link #require}, which add the same
 * ", was ..." that the problem handler adds to a failed constraint, and the problem names the field the same way
 * ({@link InvalidInputException#field}: detail {@code invalid <field>}), so a bad id reads the same on every
 * endpoint, whether bean validation or code checked it.
 */
public final class Ids {

    public static final int MAX_LENGTH = 128;
    public static final String REGEXP = "^[A-Za-z0-9._:@-]{1,128}$";
    /** The rule in words, as the API documentation shows it beside an id field. */
    public static final String DESCRIPTION = "1 to 128 characters of A-Z a-z 0-9 . _ : @ -";
    public static final String MESSAGE = "must be " + DESCRIPTION;

    private Ids() {
    }

    /** Null when {@code id} is a valid id, else the message for the client. */
    public static String check(String id) {
        return valid(id) ? null : MESSAGE + was(id);
    }

    /** @throws InvalidInputException naming {@code field} when {@code id} is not a valid id */
    public static void require(String field, String id) {
        String error = check(id);
        if (error != null) {
            throw InvalidInputException.field(field, error);
        }
    }

    public static boolean valid(String id) {
        if (id == null || id.isEmpty() || id.length() > MAX_LENGTH) {
            return false;
        }
        for (int i = 0; i < id.length(); i++) {
            char c = id.charAt(i);
            boolean ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')
                    || c == '.' || c == '_' || c == ':' || c == '@' || c == '-';
            if (!ok) {
                return false;
            }
        }
        return true;
    }

    /** How a bad id is shown back: as it was, or by its length when it is too long to echo. */
    private static String was(String id) {
        if (id == null) {
            return ", was missing";
        }
        if (id.isEmpty()) {
            return ", was empty";
        }
        return id.length() > MAX_LENGTH ? ", was " + id.length() + " characters" : ", was " + id;
    }
}
