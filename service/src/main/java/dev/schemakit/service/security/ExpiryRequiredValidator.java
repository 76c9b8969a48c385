package dev.schemakit.service.security;

import io.micronaut.core.annotation.NonNull;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.http.HttpRequest;
import io.micronaut.security.token.Claims;
import io.micronaut.security.token.jwt.validator.GenericJwtClaimsValidator;
import jakarta.inject.Singleton;

/**
 * Rejects tokens without an {@code exp} claim. Micronaut's own expiry check passes a token that has
 * none, and such a token, once leaked, would be valid for as long as the secret.
 */
@Singleton
final class ExpiryRequiredValidator implements GenericJwtClaimsValidator<HttpRequest<?>> {

    @Override
    public boolean validate(@NonNull Claims claims, @Nullable HttpRequest<?> request) {
        return claims.get(Claims.EXPIRATION_TIME) != null;
    }
}
