package dev.schemakit.service.security;

import java.util.List;
import java.util.Locale;
import java.util.Optional;

import io.micronaut.context.annotation.Replaces;
import io.micronaut.context.event.ApplicationEventPublisher;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.server.util.locale.HttpLocaleResolver;
import io.micronaut.security.event.TokenValidatedEvent;
import io.micronaut.security.token.TokenAuthenticationFetcher;
import io.micronaut.security.token.reader.TokenResolver;
import io.micronaut.security.token.validator.TokenValidator;
import jakarta.inject.Singleton;

/**
 * Micronaut's bearer-token fetcher, except that the {@link TokenValidatedEvent} it publishes for
 * every request names no host and the root locale: nothing here listens to that event, and
 * resolving each request's host and locale for it was about 7 % of the service's CPU on a
 * {@code GET /users/{id}} (docs/performance.md). Tokens are read and verified exactly as before.
 */
@Singleton
@Replaces(TokenAuthenticationFetcher.class)
final class BearerTokenFetcher extends TokenAuthenticationFetcher {

    BearerTokenFetcher(List<TokenValidator<HttpRequest<?>>> validators, TokenResolver<HttpRequest<?>> resolver,
            ApplicationEventPublisher<TokenValidatedEvent> events) {
        super(validators, resolver, events, request -> null, new HttpLocaleResolver() {
            @Override
            public Optional<Locale> resolve(HttpRequest<?> request) {
                return Optional.of(Locale.ROOT);
            }

            @Override
            public Locale resolveOrDefault(HttpRequest<?> request) {
                return Locale.ROOT;
            }
        });
    }
}
