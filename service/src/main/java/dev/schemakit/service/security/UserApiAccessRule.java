package dev.schemakit.service.security;

import org.reactivestreams.Publisher;

import io.micronaut.context.annotation.Value;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.core.async.publisher.Publishers;
import io.micronaut.http.HttpMethod;
import io.micronaut.http.HttpRequest;
import io.micronaut.security.authentication.Authentication;
import io.micronaut.security.rules.SecurityRule;
import io.micronaut.security.rules.SecurityRuleResult;
import jakarta.inject.Singleton;

/**
 * Who may call {@code /users} and {@code /users/...}: a caller with a valid bearer token may use
 * every method; an anonymous caller may only read ({@code GET}, {@code HEAD}), and only when
 * {@code schemakit.auth.reads-require-token} is {@code false} and it sent no bearer token: a
 * client whose token is refused learns so rather than silently reading as anonymous. Everyone else
 * is rejected, which {@link UnauthorizedHandler} answers with 401. Other paths are left to the other rules: the health
 * endpoints are open to all because they are configured as not sensitive.
 * <p>
 * A rule rather than {@code intercept-url-map} because whether reads are open is a boolean setting,
 * and rather than {@code @Secured} so the policy for the whole resource is read in one place.
 */
@Singleton
final class UserApiAccessRule implements SecurityRule<HttpRequest<?>> {

    private static final String USERS = "/users";

    private final boolean readsRequireToken;

    UserApiAccessRule(@Value("${schemakit.auth.reads-require-token:true}") boolean readsRequireToken) {
        this.readsRequireToken = readsRequireToken;
    }

    @Override
    public Publisher<SecurityRuleResult> check(@Nullable HttpRequest<?> request,
            @Nullable Authentication authentication) {
        if (request == null || !isUsersPath(request.getPath())) {
            return Publishers.just(SecurityRuleResult.UNKNOWN);
        }
        if (authentication != null) {
            return Publishers.just(SecurityRuleResult.ALLOWED);
        }
        boolean read = request.getMethod() == HttpMethod.GET || request.getMethod() == HttpMethod.HEAD;
        boolean open = read && !readsRequireToken && !UnauthorizedHandler.sentBearerToken(request);
        return Publishers.just(open ? SecurityRuleResult.ALLOWED : SecurityRuleResult.REJECTED);
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
