package dev.schemakit.service.security;

import java.util.Optional;

import org.reactivestreams.Publisher;

import io.micronaut.core.annotation.Nullable;
import io.micronaut.core.async.publisher.Publishers;
import io.micronaut.http.HttpMethod;
import io.micronaut.http.HttpRequest;
import io.micronaut.security.authentication.Authentication;
import io.micronaut.security.rules.SecurityRule;
import io.micronaut.security.rules.SecurityRuleResult;
import jakarta.inject.Singleton;

/**
 * Who may call {@code /users} and {@code /users/...}, as far as the token alone decides: a caller
 * with a valid bearer token passes when its scopes allow the method ({@link AccessPolicy}); an
 * anonymous caller may only read ({@code GET}, {@code HEAD}), and only when
 * {@code schemakit.auth.reads} is {@code anonymous} and it sent no bearer token: a client whose
 * token is refused learns so rather than silently reading as anonymous. A rejected anonymous caller
 * gets 401, a rejected authenticated one 403 {@code insufficient-scope} ({@link UnauthorizedHandler}
 * asks {@link #missingScope} which scope). Whether the caller owns the user it names is the user
 * API's to decide, against the database. Other paths are left to the other rules: the health
 * endpoints are open to all because they are configured as not sensitive.
 * <p>
 * A rule rather than {@code intercept-url-map} or {@code @Secured} because what reads and creating
 * need is a setting, and so the policy for the whole resource is read in one place.
 */
@Singleton
final class UserApiAccessRule implements SecurityRule<HttpRequest<?>> {

    private static final String USERS = "/users";

    private final AccessPolicy policy;

    UserApiAccessRule(AccessPolicy policy) {
        this.policy = policy;
    }

    @Override
    public Publisher<SecurityRuleResult> check(@Nullable HttpRequest<?> request,
            @Nullable Authentication authentication) {
        if (request == null || !isUsersPath(request.getPath())) {
            return Publishers.just(SecurityRuleResult.UNKNOWN);
        }
        if (authentication != null) {
            return Publishers.just(missingScope(request, authentication).isEmpty()
                    ? SecurityRuleResult.ALLOWED
                    : SecurityRuleResult.REJECTED);
        }
        boolean read = request.getMethod() == HttpMethod.GET || request.getMethod() == HttpMethod.HEAD;
        boolean open = read && policy.anonymousMayRead() && !UnauthorizedHandler.sentBearerToken(request);
        return Publishers.just(open ? SecurityRuleResult.ALLOWED : SecurityRuleResult.REJECTED);
    }

    /**
     * The scope that {@code authentication} lacks for {@code request}, or empty when it has what the
     * request needs or the request is not to {@code /users}.
     */
    Optional<String> missingScope(HttpRequest<?> request, Authentication authentication) {
        if (!isUsersPath(request.getPath())) {
            return Optional.empty();
        }
        return policy.missingScope(request.getMethod(), Caller.of(authentication));
    }

    private static boolean isUsersPath(String path) {
        return path.equals(USERS) || path.startsWith(USERS + "/");
    }

    @Override
    public int getOrder() {
        // Before Micronaut's rules, so an annotation or URL map elsewhere cannot open /users by accident.
        return -1000;
    }
}
