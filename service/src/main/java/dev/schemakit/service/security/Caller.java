package dev.schemakit.service.security;

import java.util.Set;

import io.micronaut.security.authentication.Authentication;

/**
 * The caller of a request, as its verified bearer token names it.
 *
 * @param subject the token's {@code sub}: the identity that may own one user
 * @param scopes  the scopes the token grants (its {@code scope} claim, split at spaces); only the exact
 *                values of {@link AccessPolicy} mean anything here
 */
public record Caller(String subject, Set<String> scopes) {

    public Caller {
        scopes = Set.copyOf(scopes);
    }

    /** The caller that {@code authentication} describes. */
    public static Caller of(Authentication authentication) {
        return new Caller(authentication.getName(), Set.copyOf(authentication.getRoles()));
    }

    /** Whether the token grants {@value AccessPolicy#ADMIN}: every operation on every user. */
    public boolean isAdmin() {
        return scopes.contains(AccessPolicy.ADMIN);
    }

    boolean has(String scope) {
        return scopes.contains(scope);
    }
}
