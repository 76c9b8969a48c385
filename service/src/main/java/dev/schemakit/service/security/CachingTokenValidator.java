package dev.schemakit.service.security;

import java.text.ParseException;
import java.time.Duration;
import java.util.Date;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;

import org.reactivestreams.Publisher;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.Expiry;
import com.github.benmanes.caffeine.cache.Scheduler;
import com.nimbusds.jwt.JWT;

import io.micronaut.context.annotation.Property;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.core.async.publisher.Publishers;
import io.micronaut.http.HttpRequest;
import io.micronaut.scheduling.TaskExecutors;
import io.micronaut.security.authentication.Authentication;
import io.micronaut.security.token.jwt.validator.JsonWebTokenValidator;
import io.micronaut.security.token.jwt.validator.JwtAuthenticationFactory;
import io.micronaut.security.token.validator.TokenValidator;
import jakarta.inject.Named;
import jakarta.inject.Singleton;

/**
 * The one validator of bearer tokens: Micronaut's Nimbus validator (the signature, with this
 * service's secret or the identity provider's keys ({@link TokenSignatureFactory}), then every
 * claims validator: {@code exp}, {@code nbf}, {@code sub}, {@link ExpiryRequiredValidator},
 * {@link SubjectValidator}, {@link IssuerAudienceValidator}), with the tokens it accepted remembered,
 * so that a client sending the same token on every request pays for the signature check and the
 * JSON parsing once in a while rather than every time.
 * <p>
 * An entry is keyed by the token's exact text, so a token that differs in any character is verified
 * afresh, and the cache only ever holds tokens this process verified. An entry is dropped at the
 * token's {@code exp}, or {@code schemakit.auth.jwks-refresh} (5 minutes) after it was verified,
 * whichever comes first, and is never served after either: a token signed with a key the identity
 * provider has since removed is verified again, and refused, within that time of the service seeing
 * the key gone. A token whose {@code nbf} lies in the future is never accepted. Nothing is remembered
 * of a token that was refused. The reactive Nimbus validator is switched off in
 * {@code application.yml} ({@code micronaut.security.token.jwt.nimbus.reactive-validator}) so that
 * tokens are not verified twice.
 * <p>
 * A token found in the cache is answered on the calling thread; any other is verified on the
 * blocking executor, since fetching the provider's keys waits on the network and must not hold up
 * the event loop. When the provider's keys cannot be fetched at all, the publisher fails with
 * {@link ProviderUnavailableException}.
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
    private final long reverifyAfterMillis;
    private final ExecutorService verifying;
    private final Cache<String, Verified> verified;

    CachingTokenValidator(JsonWebTokenValidator<JWT, HttpRequest<?>> validator,
            JwtAuthenticationFactory authenticationFactory,
            @Property(name = TokenSignatureFactory.JWKS_REFRESH, defaultValue = "5m") Duration reverifyAfter,
            @Named(TaskExecutors.BLOCKING) ExecutorService blocking) {
        this.validator = validator;
        this.authenticationFactory = authenticationFactory;
        this.reverifyAfterMillis = reverifyAfter.toMillis();
        this.verifying = blocking;
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
        return Publishers.fromCompletableFuture(() -> {
            CompletableFuture<Authentication> result = new CompletableFuture<>();
            verifying.execute(() -> {
                try {
                    // An empty result (null) completes the publisher without an authentication: refused.
                    result.complete(validator.validate(token, request)
                            .flatMap(this::remember)
                            .map(entry -> {
                                verified.put(token, entry);
                                return entry.authentication();
                            })
                            .orElse(null));
                } catch (RuntimeException e) {
                    // Completed with the exception itself, not wrapped as supplyAsync would, so that
                    // its exception handler (ProviderUnavailableHandler) answers the request.
                    result.completeExceptionally(e);
                }
            });
            return result;
        });
    }

    /** The entry for {@code jwt}, which passed every check; empty when it has no usable claims. */
    private Optional<Verified> remember(JWT jwt) {
        try {
            Date expiresAt = jwt.getJWTClaimsSet().getExpirationTime();
            Date notBefore = jwt.getJWTClaimsSet().getNotBeforeTime();
            if (expiresAt == null) {
                return Optional.empty();
            }
            long keepUntil = Math.min(expiresAt.getTime(), System.currentTimeMillis() + reverifyAfterMillis);
            return authenticationFactory.createAuthentication(jwt).map(authentication -> new Verified(authentication,
                    keepUntil, notBefore == null ? Long.MIN_VALUE : notBefore.getTime()));
        } catch (ParseException e) {
            // The validator has just parsed these claims, so this does not happen; refuse the token if it does.
            return Optional.empty();
        }
    }

    /**
     * A verified token's authentication, with when it must be verified again (its {@code exp} at the
     * latest) and its {@code nbf}, in epoch milliseconds.
     */
    private record Verified(Authentication authentication, long expiresAtMillis, long notBeforeMillis) {

        /** How long the entry may be kept from now. */
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
