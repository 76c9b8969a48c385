package dev.schemakit.service.security;

import static java.nio.charset.StandardCharsets.UTF_8;

import io.micronaut.core.annotation.Nullable;
import io.micronaut.security.token.jwt.signature.SignatureGeneratorConfiguration;
import io.micronaut.security.token.jwt.signature.secret.SecretSignature;
import io.micronaut.security.token.jwt.signature.secret.SecretSignatureConfiguration;

/**
 * The HMAC secret that signs and verifies bearer tokens (HS256), configured as
 * {@value #PROPERTY} ({@code SCHEMAKIT_AUTH_JWT_SECRET}). The same check guards the server and the
 * {@code token} command, so neither runs with a secret that could be guessed.
 */
final class TokenSecret {

    /** The configuration property holding the secret. */
    static final String PROPERTY = "schemakit.auth.jwt-secret";

    /** HS256 needs a key at least as long as its 256-bit output (RFC 7518 §3.2). */
    static final int MIN_BYTES = 32;

    private TokenSecret() {
    }

    /**
     * The HS256 signature for {@code secret}, used as its UTF-8 bytes.
     *
     * @throws TokenSecretException when the secret is missing, blank or shorter than {@value #MIN_BYTES} bytes
     */
    static SignatureGeneratorConfiguration signature(@Nullable String secret) {
        if (secret == null || secret.isBlank()) {
            throw new TokenSecretException("No token secret is configured: set SCHEMAKIT_AUTH_JWT_SECRET (" + PROPERTY
                    + ") to a random string of at least " + MIN_BYTES + " bytes, for example the output of"
                    + " 'openssl rand -base64 32'.");
        }
        int length = secret.getBytes(UTF_8).length;
        if (length < MIN_BYTES) {
            throw new TokenSecretException("The token secret SCHEMAKIT_AUTH_JWT_SECRET (" + PROPERTY + ") is " + length
                    + " bytes long; HS256 needs at least " + MIN_BYTES + ", for example the output of"
                    + " 'openssl rand -base64 32'.");
        }
        SecretSignatureConfiguration configuration = new SecretSignatureConfiguration("generator");
        configuration.setSecret(secret);
        return new SecretSignature(configuration);
    }
}
