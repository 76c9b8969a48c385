package dev.schemakit.service.security;

import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;
import java.util.stream.Collectors;

import io.micronaut.context.annotation.Context;
import io.micronaut.context.annotation.Value;
import io.micronaut.context.env.Environment;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.core.annotation.Order;
import io.micronaut.core.order.Ordered;
import io.micronaut.http.HttpHeaders;
import io.micronaut.http.HttpMethod;
import dev.schemakit.service.problem.ProblemException;
import dev.schemakit.service.problem.ProblemType;

/**
 * Who may do what on {@code /users}: the scopes a token needs for each method (checked by
 * {@link UserApiAccessRule} before the request is read) and what ownership adds (checked by the
 * user API against the database). Three scopes:
 * <ul>
 * <li>{@value #READ}: read users, as {@code schemakit.auth.reads} allows;</li>
 * <li>{@value #WRITE}: change and delete the one user linked to the token's subject; create it,
 * when {@code schemakit.auth.sign-up} is {@code self};</li>
 * <li>{@value #ADMIN}: every operation on every user, linking users to subjects included.</li>
 * </ul>
 * {@code schemakit.auth.reads} ({@link Reads}) says what a caller without {@value #ADMIN} may read,
 * {@code schemakit.auth.sign-up} ({@link SignUp}) who may create users. Both are read once, at start;
 * a value that is not one of theirs stops the start with {@link AuthSettingsException}.
 */
@Context
@Order(Ordered.HIGHEST_PRECEDENCE)
public final class AccessPolicy {

    public static final String READ = "users:read";
    public static final String WRITE = "users:write";
    public static final String ADMIN = "users:admin";

    /** What a caller without {@value #ADMIN} may read. */
    public enum Reads {
        /** Anyone, without a token too (a token that is sent must still be valid). */
        ANONYMOUS,
        /** Any caller with a valid token, whatever its scopes. */
        AUTHENTICATED,
        /** A token with {@value #READ}: every user. */
        SCOPE,
        /** A token with {@value #READ}: only the user linked to its subject. */
        OWN
    }

    /** Who may create users. */
    public enum SignUp {
        /** A token with {@value #WRITE} creates the one user linked to its subject. */
        SELF,
        /** Only a token with {@value #ADMIN}. */
        ADMIN
    }

    static final String READS_PROPERTY = "schemakit.auth.reads";
    static final String SIGN_UP_PROPERTY = "schemakit.auth.sign-up";
    /** Replaced by {@link #READS_PROPERTY}; refused so that an old deployment does not silently change. */
    static final String REMOVED_READS_PROPERTY = "schemakit.auth.reads-require-token";

    private final Reads reads;
    private final SignUp signUp;

    AccessPolicy(@Value("${" + READS_PROPERTY + ":scope}") String reads,
            @Value("${" + SIGN_UP_PROPERTY + ":admin}") String signUp, Environment environment) {
        if (environment.containsProperty(REMOVED_READS_PROPERTY)) {
            throw new AuthSettingsException("SCHEMAKIT_AUTH_READS_REQUIRE_TOKEN (" + REMOVED_READS_PROPERTY
                    + ") is no longer read: set SCHEMAKIT_AUTH_READS (" + READS_PROPERTY + ") to anonymous,"
                    + " authenticated, scope or own instead (false was anonymous, true authenticated).");
        }
        this.reads = parse(Reads.class, reads, "SCHEMAKIT_AUTH_READS", READS_PROPERTY);
        this.signUp = parse(SignUp.class, signUp, "SCHEMAKIT_AUTH_SIGN_UP", SIGN_UP_PROPERTY);
    }

    /** What callers without {@value #ADMIN} may read. */
    public Reads reads() {
        return reads;
    }

    /** Who may create users. */
    public SignUp signUp() {
        return signUp;
    }

    /** Whether a request that sent no token may read. */
    boolean anonymousMayRead() {
        return reads == Reads.ANONYMOUS;
    }

    /**
     * The scope a request of {@code method} to {@code /users} needs that {@code caller} lacks, or
     * empty when its scopes let it through; ownership is decided later, by the user API. Methods
     * the API does not have pass, so that they get their 405.
     */
    Optional<String> missingScope(HttpMethod method, Caller caller) {
        if (caller.isAdmin()) {
            return Optional.empty();
        }
        String needed = switch (method) {
            case GET, HEAD -> reads == Reads.ANONYMOUS || reads == Reads.AUTHENTICATED ? null : READ;
            case POST -> signUp == SignUp.SELF ? WRITE : ADMIN;
            case PATCH, DELETE -> WRITE;
            default -> null;
        };
        return needed == null || caller.has(needed) ? Optional.empty() : Optional.of(needed);
    }

    /**
     * Whether {@code caller} may read only the user linked to its subject; {@code null} is an
     * anonymous caller, which reads only where {@link Reads#ANONYMOUS} lets everyone read.
     */
    public boolean readsOnlyOwnUser(@Nullable Caller caller) {
        return reads == Reads.OWN && (caller == null || !caller.isAdmin());
    }

    /**
     * The 403 {@link ProblemType#INSUFFICIENT_SCOPE} refusal of a request that needs {@code scope},
     * with the {@code WWW-Authenticate} challenge that names it (RFC 6750 §3.1).
     *
     * @param detail what the scope is needed for, written by the caller, never quoting the request
     */
    public static ProblemException insufficientScope(String scope, String detail) {
        return new ProblemException(ProblemType.INSUFFICIENT_SCOPE, detail).withHeader(HttpHeaders.WWW_AUTHENTICATE,
                UnauthorizedHandler.CHALLENGE + ", error=\"insufficient_scope\", scope=\"" + scope + "\"");
    }

    private static <E extends Enum<E>> E parse(Class<E> type, String value, String variable, String property) {
        try {
            return Enum.valueOf(type, value.strip().toUpperCase(Locale.ROOT).replace('-', '_'));
        } catch (IllegalArgumentException e) {
            String allowed = Arrays.stream(type.getEnumConstants())
                    .map(constant -> constant.name().toLowerCase(Locale.ROOT))
                    .collect(Collectors.joining(", "));
            throw new AuthSettingsException(variable + " (" + property + ") must be one of " + allowed + ".");
        }
    }
}
