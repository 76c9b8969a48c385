package dev.schemakit.service.user;

/**
 * The user exists, but its version is not one the request's {@code If-Match} names; nothing was
 * changed. Answered with 412 by {@link VersionMismatchHandler}.
 */
final class VersionMismatchException extends RuntimeException {

    VersionMismatchException(long id) {
        super("User " + id + " does not have a version named in If-Match", null, false, false);
    }
}
