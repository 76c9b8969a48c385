package dev.schemakit.service.security;

/**
 * A bearer token cannot be verified: the identity provider's key set cannot be fetched and no set
 * fetched earlier is kept. Not the caller's fault, so answered with a 503
 * ({@link ProviderUnavailableHandler}), not a 401.
 */
final class ProviderUnavailableException extends RuntimeException {

    private final long retryAfterSeconds;

    ProviderUnavailableException(String message, long retryAfterSeconds) {
        // No stack trace: during an outage every token request fails the same way, and the handler logs no trace.
        super(message, null, false, false);
        this.retryAfterSeconds = retryAfterSeconds;
    }

    /** When the service will next try to fetch the key set, in seconds from now at most. */
    long retryAfterSeconds() {
        return retryAfterSeconds;
    }
}
