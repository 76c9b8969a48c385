package dev.schemakit.service.user;

/**
 * An {@code If-Match} or {@code If-None-Match} header that is neither {@code *} nor a list of
 * entity tags. Answered with 400 by {@link MalformedEntityTagsHandler}.
 */
final class MalformedEntityTagsException extends RuntimeException {

    private final String header;

    MalformedEntityTagsException(String header) {
        super("Malformed " + header + " header", null, false, false);
        this.header = header;
    }

    /** The header's name as the API documents it, such as {@code If-Match}. */
    String header() {
        return header;
    }
}
