package dev.schemakit.service.security;

import java.net.MalformedURLException;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.URL;
import java.time.Duration;

import io.micronaut.context.annotation.Context;
import io.micronaut.context.annotation.Factory;
import io.micronaut.context.annotation.Property;
import io.micronaut.context.annotation.Requires;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.core.annotation.Order;
import io.micronaut.core.order.Ordered;
import io.micronaut.security.token.jwt.signature.SignatureConfiguration;
import io.micronaut.security.token.jwt.signature.SignatureGeneratorConfiguration;
import jakarta.inject.Named;

/**
 * The one way bearer-token signatures are verified, chosen by the settings: HS256 with this
 * service's secret ({@link ProviderMode.SecretMode}), or the keys of an identity provider
 * ({@link ProviderMode}). Created eagerly ({@link Context}) and first ({@link Order}) so that
 * missing or contradictory settings stop the start with one paragraph naming the fix
 * ({@link TokenSecretException}, {@link AuthSettingsException}) before the data source migrates the
 * database, instead of failing the first request.
 */
@Factory
final class TokenSignatureFactory {

    static final String ISSUER = "schemakit.auth.issuer";
    static final String AUDIENCE = "schemakit.auth.audience";
    static final String JWKS_REFRESH = "schemakit.auth.jwks-refresh";

    /**
     * The HS256 secret. Named {@code generator}, the name Micronaut's {@code JwtTokenGenerator}
     * looks for, so that bean signs with the same secret.
     */
    @Context
    @Order(Ordered.HIGHEST_PRECEDENCE)
    @Named("generator")
    @Requires(condition = ProviderMode.SecretMode.class)
    SignatureGeneratorConfiguration tokenSignature(@Property(name = TokenSecret.PROPERTY)
    @Nullable String secret) {
        return TokenSecret.signature(secret);
    }

    /** The identity provider's published keys; its tokens must also name the configured issuer and audience. */
    @Context
    @Order(Ordered.HIGHEST_PRECEDENCE)
    @Requires(condition = ProviderMode.class)
    SignatureConfiguration providerKeys(@Property(name = ProviderMode.JWKS_URL) String jwksUrl,
            @Property(name = ISSUER)
            @Nullable String issuer,
            @Property(name = AUDIENCE)
            @Nullable String audience,
            @Property(name = TokenSecret.PROPERTY)
            @Nullable String secret,
            @Property(name = JWKS_REFRESH, defaultValue = "5m") Duration refresh) {
        if (secret != null && !secret.isBlank()) {
            throw new AuthSettingsException("Both SCHEMAKIT_AUTH_JWKS_URL and SCHEMAKIT_AUTH_JWT_SECRET are set: tokens"
                    + " come either from an identity provider or from this service's secret, not both. Unset one.");
        }
        if (issuer == null || issuer.isBlank() || audience == null || audience.isBlank()) {
            throw new AuthSettingsException("SCHEMAKIT_AUTH_JWKS_URL is set, so tokens come from an identity provider:"
                    + " set SCHEMAKIT_AUTH_ISSUER (" + ISSUER + ") to its issuer, the exact iss of its tokens, and"
                    + " SCHEMAKIT_AUTH_AUDIENCE (" + AUDIENCE + ") to the audience (aud) its tokens for this"
                    + " service carry.");
        }
        if (refresh.isNegative() || refresh.getSeconds() < 2) {
            throw new AuthSettingsException("SCHEMAKIT_AUTH_JWKS_REFRESH (" + JWKS_REFRESH + ") must be at least 2s.");
        }
        return new ProviderKeys(httpUrl(jwksUrl.strip()), refresh);
    }

    private static URL httpUrl(String text) {
        try {
            URI uri = new URI(text);
            if (!uri.isAbsolute() || uri.getHost() == null
                    || !("https".equals(uri.getScheme()) || "http".equals(uri.getScheme()))) {
                throw new URISyntaxException(text, "not an absolute http(s) URL");
            }
            return uri.toURL();
        } catch (URISyntaxException | MalformedURLException | IllegalArgumentException e) {
            throw new AuthSettingsException("SCHEMAKIT_AUTH_JWKS_URL (" + ProviderMode.JWKS_URL + ") must be the"
                    + " absolute http or https URL of the identity provider's JSON Web Key Set, such as"
                    + " https://idp.example/realms/app/protocol/openid-connect/certs.");
        }
    }
}
