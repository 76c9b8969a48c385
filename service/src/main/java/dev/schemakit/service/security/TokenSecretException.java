package dev.schemakit.service.security;

/**
 * The token secret is missing or too short. The message is one sentence for the operator: what is
 * wrong and which variable to set; it never quotes the secret.
 */
final class TokenSecretException extends RuntimeException {

    TokenSecretException(String message) {
        super(message);
    }
}
