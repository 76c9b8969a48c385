package dev.schemakit.service.security;

import io.micronaut.context.annotation.Context;
import io.micronaut.context.annotation.Factory;
import io.micronaut.context.annotation.Property;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.core.annotation.Order;
import io.micronaut.core.order.Ordered;
import io.micronaut.security.token.jwt.signature.SignatureGeneratorConfiguration;
import jakarta.inject.Named;

/**
 * The one signature bearer tokens are verified with. Created eagerly ({@link Context}) and first
 * ({@link Order}) so that a missing or short secret stops the start with
 * {@link TokenSecretException}'s message before the data source migrates the database, instead of
 * failing the first request. Named {@code generator}, the name Micronaut's {@code JwtTokenGenerator}
 * looks for, so that bean signs with the same secret.
 */
@Factory
final class TokenSignatureFactory {

    @Context
    @Order(Ordered.HIGHEST_PRECEDENCE)
    @Named("generator")
    SignatureGeneratorConfiguration tokenSignature(@Property(name = TokenSecret.PROPERTY)
    @Nullable String secret) {
        return TokenSecret.signature(secret);
    }
}
