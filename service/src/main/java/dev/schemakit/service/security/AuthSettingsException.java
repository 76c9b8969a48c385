package dev.schemakit.service.security;

/**
 * A setting of {@code schemakit.auth} is missing, malformed or contradicts another, so the service
 * does not start. The message is one paragraph for the operator: what is wrong and which variable
 * to set; it never quotes a secret.
 */
final class AuthSettingsException extends RuntimeException {

    AuthSettingsException(String message) {
        super(message);
    }
}
