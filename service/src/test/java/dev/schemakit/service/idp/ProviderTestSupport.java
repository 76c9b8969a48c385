package dev.schemakit.service.idp;

import java.util.HashMap;
import java.util.Map;

import dev.schemakit.service.ApiTestSupport;
import org.junit.jupiter.api.Tag;

/**
 * Base of the HTTP tests whose server takes its tokens from the shared {@link Keycloak} (RS256 and
 * ES256 against its key set, its issuer and the service's audience) instead of an HS256 secret.
 * {@link #api} sends no token by default here: each test asks the provider for the ones it needs.
 */
// What these tests prove does not depend on where PostgreSQL comes from (.ci/run runs them once).
@Tag("any-postgres")
public abstract class ProviderTestSupport extends ApiTestSupport {

    protected static Keycloak keycloak() {
        return Keycloak.shared();
    }

    @Override
    public Map<String, String> getProperties() {
        Map<String, String> properties = new HashMap<>(super.getProperties());
        properties.putAll(keycloak().serviceProperties());
        return properties;
    }

    /** The tests' API sending {@code Authorization: Bearer <token>}. */
    protected dev.schemakit.service.Api bearer(String token) {
        return api.withAuthorization("Bearer " + token);
    }
}
