package dev.schemakit.service.security;

import java.text.ParseException;
import java.time.Duration;
import java.util.Date;
import java.util.Optional;

import org.reactivestreams.Publisher;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.Expiry;
import com.github.benmanes.caffeine.cache.Scheduler;
import com.nimbusds.jwt.JWT;

import io.micronaut.core.annotation.Nullable;
import io.micronaut.core.async.publisher.Publishers;
import io.micronaut.http.HttpRequest;
import io.micronaut.security.authentication.Authentication;
import io.micronaut.security.token.jwt.validator.JsonWebTokenValidator;
import io.micronaut.security.token.jwt.validator.JwtAuthenticationFactory;
import io.micronaut.security.token.validator.TokenValidator;
import jakarta.inject.Singleton;

/**
 * The one validator of bearer tokens: Micronaut's Nimbus validator (signature, then every claims
 * validator: {@code exp}, {@code nbf}, {@code sub}, {@link ExpiryRequiredValidator}), with the
 * tokens it accepted remembered until they expire, so that a client sending the same token on every
 * request pays for the HMAC and the JSON parsing once.
 * <p>
 * An entry is keyed by the token's exact text, so a token that differs in any character is verified
 * afresh, and the cache only ever holds tokens this process verified with its own secret. An entry
 * is dropped at the token's {@code exp} and is never served at or after it; a token whose
 * {@code nbf} lies in the future is never accepted. Nothing is remembered of a token that was
 * refused. The reactive Nimbus validator is switched off in {@code application.yml}
 * ({@code micronaut.security.token.jwt.nimbus.reactive-validator}) so that tokens are not verified
 * twice.
 */
@Singleton
final class CachingTokenValidator implements TokenValidator<HttpRequest<?>> {

    /**
     * Enough for every client of a busy instance to hold a token or two, at under 1 KB an entry (a
     * few MB at most); past it the least used entries go and their tokens are verified again on
     * their next use.
     */
    static final int MAXIMUM_TOKENS = 10_000;

    private final JsonWebTokenValidator<JWT, HttpRequest<?>> validator;
    private final JwtAuthenticationFactory authenticationFactory;
    private final Cache<String, Verified> verified;

    CachingTokenValidator(JsonWebTokenValidator<JWT, HttpRequest<?>> validator,
            JwtAuthenticationFactory authenticationFactory) {
        this.validator = validator;
        this.authenticationFactory = authenticationFactory;
        this.verified = Caffeine.newBuilder()
                .maximumSize(MAXIMUM_TOKENS)
                .expireAfter(Expiry.creating((String token, Verified entry) -> entry.remaining()))
                // Removes entries at their expiry even when no request comes to trigger it.
                .scheduler(Scheduler.systemScheduler())
                .build();
    }

    @Override
    public Publisher<Authentication> validateToken(String token, @Nullable HttpRequest<?> request) {
        Verified hit = verified.getIfPresent(token);
        if (hit != null && hit.isCurrent()) {
            return Publishers.just(hit.authentication());
        }
        return validator.validate(token, request)
                .flatMap(this::remember)
                .map(entry -> {
                    verified.put(token, entry);
                    return Publishers.just(entry.authentication());
                })
                .orElseGet(Publishers::empty);
    }

    /** The entry for {@code jwt}, which passed every check; empty when it has no usable claims. */
    private Optional<Verified> remember(JWT jwt) {
        try {
            Date expiresAt = jwt.getJWTClaimsSet().getExpirationTime();
            Date notBefore = jwt.getJWTClaimsSet().getNotBeforeTime();
            if (expiresAt == null) {
                return Optional.empty();
            }
            return authenticationFactory.createAuthentication(jwt).map(authentication -> new Verified(authentication,
                    expiresAt.getTime(), notBefore == null ? Long.MIN_VALUE : notBefore.getTime()));
        } catch (ParseException e) {
            // The validator has just parsed these claims, so this does not happen; refuse the token if it does.
            return Optional.empty();
        }
    }

    /** A verified token's authentication, with its {@code exp} and {@code nbf} in epoch milliseconds. */
    private record Verified(Authentication authentication, long expiresAtMillis, long notBeforeMillis) {

        /** How long the entry may be kept from now: until {@code exp}. */
        Duration remaining() {
            return Duration.ofMillis(Math.max(0, expiresAtMillis - System.currentTimeMillis()));
        }

        /** The wall clock is checked as well: the cache may not have removed an entry yet. */
        boolean isCurrent() {
            long now = System.currentTimeMillis();
            return now < expiresAtMillis && now >= notBeforeMillis;
        }
    }
}
