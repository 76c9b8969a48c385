package dev.schemakit.service.security;

import java.net.URL;
import java.security.Key;
import java.time.Duration;
import java.util.List;
import java.util.Set;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.KeySourceException;
import com.nimbusds.jose.crypto.factories.DefaultJWSVerifierFactory;
import com.nimbusds.jose.jwk.source.JWKSource;
import com.nimbusds.jose.jwk.source.JWKSourceBuilder;
import com.nimbusds.jose.jwk.source.RateLimitReachedException;
import com.nimbusds.jose.proc.JWSVerificationKeySelector;
import com.nimbusds.jose.proc.SecurityContext;
import com.nimbusds.jose.util.DefaultResourceRetriever;
import com.nimbusds.jwt.SignedJWT;

import io.micronaut.security.token.jwt.signature.SignatureConfiguration;

/**
 * Verifies RS256 and ES256 signatures with the keys an identity provider publishes as a JSON Web
 * Key Set, through Nimbus JOSE's {@link JWKSourceBuilder}: the set is fetched on first use and kept
 * for {@code refresh}; a token whose {@code kid} the kept set lacks makes it fetch the set again at
 * once (at most twice per {@code refresh / 2}, 30 s at most, so forged {@code kid}s cannot flood the
 * provider), which is how a key the provider adds is accepted without a restart. A key the provider
 * removes is refused once the kept set is older than {@code refresh}. While the provider cannot be
 * reached, the last set fetched stays in use for up to ten times {@code refresh}; with no set at
 * hand, a token cannot be verified either way and {@link #verify} throws
 * {@link ProviderUnavailableException} (a 503) rather than refusing it.
 * <p>
 * Micronaut Security's own JWKS support is not used: in 4.15 it verifies only through the reactive
 * validator, which {@link CachingTokenValidator} does not use, and fetches the set again only when
 * its cache expires, so a rotated key would fail requests until then.
 * <p>
 * A fetch blocks the calling thread (at most about 4 s, a retry included); {@link CachingTokenValidator}
 * calls this off the event loop.
 */
final class ProviderKeys implements SignatureConfiguration {

    /** The signature algorithms accepted from the provider; HS256 never is, whatever a token's header says. */
    static final Set<JWSAlgorithm> ALGORITHMS = Set.of(JWSAlgorithm.RS256, JWSAlgorithm.ES256);

    private static final Logger LOG = LoggerFactory.getLogger(ProviderKeys.class);
    private static final int TIMEOUT_MILLIS = 2_000;
    private static final int SIZE_LIMIT_BYTES = 256 * 1024;
    private static final long MAX_RATE_LIMIT_MILLIS = 30_000;

    private final JWSVerificationKeySelector<SecurityContext> keySelector;
    private final long retryAfterSeconds;
    /**
     * Whether the last fetch failed with no earlier set to fall back on, so that a request turned
     * away by the rate limit in the meantime is told the provider is away, not that its token is bad.
     */
    private volatile boolean unavailable;
    private final DefaultJWSVerifierFactory verifiers = new DefaultJWSVerifierFactory();

    ProviderKeys(URL jwksUrl, Duration refresh) {
        long ttl = refresh.toMillis();
        long minimumInterval = Math.min(MAX_RATE_LIMIT_MILLIS, ttl / 2);
        // The next fetch is allowed once the rate limit's interval has passed.
        this.retryAfterSeconds = Math.max(1, (minimumInterval + 999) / 1000);
        JWKSource<SecurityContext> keys = JWKSourceBuilder
                .<SecurityContext>create(jwksUrl,
                        new DefaultResourceRetriever(TIMEOUT_MILLIS, TIMEOUT_MILLIS, SIZE_LIMIT_BYTES))
                .cache(ttl, TIMEOUT_MILLIS * 2L)
                .refreshAheadCache(false)
                .rateLimited(minimumInterval)
                .retrying(true)
                .outageTolerant(ttl * 10)
                .build();
        this.keySelector = new JWSVerificationKeySelector<>(ALGORITHMS, keys);
    }

    @Override
    public String supportedAlgorithmsMessage() {
        return "Algorithms supported: RS256, ES256";
    }

    @Override
    public boolean supports(JWSAlgorithm algorithm) {
        return ALGORITHMS.contains(algorithm);
    }

    @Override
    public boolean verify(SignedJWT jwt) throws JOSEException {
        if (!ALGORITHMS.contains(jwt.getHeader().getAlgorithm())) {
            return false;
        }
        List<? extends Key> candidates;
        try {
            candidates = keySelector.selectJWSKeys(jwt.getHeader(), null);
            unavailable = false;
        } catch (RateLimitReachedException e) {
            if (unavailable) {
                throw providerUnavailable();
            }
            // A set is at hand and lacks the token's kid, and key ids asked for too often (forged
            // ones, typically) have used up the fetches allowed: the token is refused.
            return false;
        } catch (KeySourceException e) {
            // Unreachable, an error status or not a key set, and no earlier set to fall back on.
            unavailable = true;
            LOG.warn("The identity provider's keys could not be fetched, so bearer tokens are answered 503: {}",
                    e.toString());
            throw providerUnavailable();
        }
        for (Key key : candidates) {
            if (jwt.verify(verifiers.createJWSVerifier(jwt.getHeader(), key))) {
                return true;
            }
        }
        return false;
    }

    private ProviderUnavailableException providerUnavailable() {
        return new ProviderUnavailableException("the identity provider's keys could not be fetched", retryAfterSeconds);
    }
}
