package dev.schemakit.service.security;

import java.util.Collection;

import io.micronaut.context.annotation.Property;
import io.micronaut.core.annotation.NonNull;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.http.HttpRequest;
import io.micronaut.security.token.Claims;
import io.micronaut.security.token.jwt.validator.GenericJwtClaimsValidator;
import jakarta.inject.Singleton;

/**
 * When {@code schemakit.auth.issuer} is set, a token's {@code iss} must equal it exactly; when
 * {@code schemakit.auth.audience} is set, its {@code aud} (a string or a list) must contain it. An
 * identity provider signs tokens for many clients and services with the same keys: these checks keep
 * a token meant for another service, or an ID token, from being accepted here.
 * <p>
 * Micronaut's issuer validator is not used because it accepts any issuer the configured one ends
 * with, ignoring the protocol (for the issuer {@code https://idp.example/realms/app} it accepts
 * {@code app}); its audience validator would need the value under a second name.
 */
@Singleton
final class IssuerAudienceValidator implements GenericJwtClaimsValidator<HttpRequest<?>> {

    private final @Nullable String issuer;
    private final @Nullable String audience;

    IssuerAudienceValidator(@Property(name = TokenSignatureFactory.ISSUER)
    @Nullable String issuer,
            @Property(name = TokenSignatureFactory.AUDIENCE)
            @Nullable String audience) {
        this.issuer = issuer == null || issuer.isBlank() ? null : issuer.strip();
        this.audience = audience == null || audience.isBlank() ? null : audience.strip();
    }

    @Override
    public boolean validate(@NonNull Claims claims, @Nullable HttpRequest<?> request) {
        if (issuer != null && !issuer.equals(claims.get(Claims.ISSUER))) {
            return false;
        }
        if (audience == null) {
            return true;
        }
        Object aud = claims.get(Claims.AUDIENCE);
        return aud instanceof Collection<?> list ? list.contains(audience) : audience.equals(aud);
    }
}
