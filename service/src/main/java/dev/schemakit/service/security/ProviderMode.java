package dev.schemakit.service.security;

import io.micronaut.context.condition.Condition;
import io.micronaut.context.condition.ConditionContext;

/**
 * Tokens come from an identity provider: {@value #JWKS_URL} ({@code SCHEMAKIT_AUTH_JWKS_URL}) is set
 * to something other than blanks. Otherwise the service verifies HS256 tokens signed with its own
 * secret ({@link SecretMode}); never both, so no secret can mint a token that passes for the
 * provider's.
 */
final class ProviderMode implements Condition {

    static final String JWKS_URL = "schemakit.auth.jwks-url";

    @Override
    public boolean matches(ConditionContext context) {
        return context.getProperty(JWKS_URL, String.class).filter(url -> !url.isBlank()).isPresent();
    }

    /** The opposite of {@link ProviderMode}: bearer tokens are HS256, signed with this service's secret. */
    static final class SecretMode implements Condition {

        @Override
        public boolean matches(ConditionContext context) {
            return !new ProviderMode().matches(context);
        }
    }
}
