package dev.schemakit.service.user;

import java.net.URI;
import java.util.Optional;
import java.util.Set;

import dev.schemakit.service.problem.ProblemException;
import dev.schemakit.service.problem.ProblemType;
import dev.schemakit.service.replica.ConsistencyToken;
import dev.schemakit.service.replica.ReplicaReads;
import dev.schemakit.service.security.AccessPolicy;
import dev.schemakit.service.security.Caller;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.http.HttpHeaders;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.HttpStatus;
import io.micronaut.http.MediaType;
import io.micronaut.http.MutableHttpResponse;
import io.micronaut.http.annotation.Body;
import io.micronaut.http.annotation.Consumes;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Delete;
import io.micronaut.http.annotation.Get;
import io.micronaut.http.annotation.Patch;
import io.micronaut.http.annotation.Post;
import io.micronaut.http.annotation.Produces;
import io.micronaut.http.annotation.QueryValue;
import io.micronaut.http.annotation.Status;
import io.micronaut.http.uri.UriBuilder;
import io.micronaut.json.tree.JsonNode;
import io.micronaut.scheduling.TaskExecutors;
import io.micronaut.scheduling.annotation.ExecuteOn;
import io.micronaut.security.authentication.Authentication;
import jakarta.validation.ConstraintViolation;
import jakarta.validation.ConstraintViolationException;
import jakarta.validation.Validator;

/**
 * {@code /users}: create, read, list, patch and delete users. Bodies are JSON with camelCase
 * names; every error is an {@code application/problem+json} body (see
 * {@link dev.schemakit.service.problem.ProblemType}).
 * <p>
 * A single user's responses carry {@code ETag: "<version>"}. {@code PATCH} and {@code DELETE}
 * honour {@code If-Match} (strong comparison; {@code *} matches any version; a request without it
 * is unconditional): when the user exists at a version the header does not name, they answer 412
 * and change nothing. A missing user is 404 with or without the header, since preconditions only
 * apply to a request that would otherwise succeed (RFC 9110 §13.2.1). {@code GET /users/{id}}
 * honours {@code If-None-Match} with 304. A malformed header of either kind is a 400.
 * <p>
 * Who may call which operation at all is decided before the request reaches this class, from the
 * token's scopes ({@link AccessPolicy}); here a caller without {@code users:admin} is held to the
 * user its token's subject owns: {@code PATCH} and {@code DELETE} of another user are 403
 * {@code not-owner} (decided before the body is read, and again in the statement itself), and so
 * are reads of another user when {@code schemakit.auth.reads} is {@code own}, where the list holds
 * only the caller's own user. A caller signing itself up owns the user it creates; only an admin may
 * send {@code subject}, to link a user to another subject (403 {@code insufficient-scope} for anyone
 * else). A missing user is 404 for everyone.
 * <p>
 * When reads may be served by a replica, the responses to writes carry
 * {@code Consistency-Token}, and the reads honour it: see {@link ConsistencyToken}; a malformed one
 * is a 400.
 */
@Controller("/users")
// JDBC blocks: keep it off the Netty event loop.
@ExecuteOn(TaskExecutors.BLOCKING)
class UserController {

    private final UserRepository users;
    private final ReplicaReads reads;
    private final Validator validator;
    private final AccessPolicy policy;

    UserController(UserRepository users, ReplicaReads reads, Validator validator, AccessPolicy policy) {
        this.users = users;
        this.reads = reads;
        this.validator = validator;
        this.policy = policy;
    }

    /**
     * {@code POST /users} with {@code {username, email, isActive?}}: 201 with the user and
     * {@code Location: /users/{id}}; 400 for a body that is not a valid request; 409 if the
     * username or email is taken, ignoring case.
     */
    @UserApiDocs.CreateUser
    @Post
    HttpResponse<User> create(@Body JsonNode body, Authentication authentication) {
        Caller caller = Caller.of(authentication);
        refuseSubjectUnlessAdmin(body, caller);
        CreateUserRequest request = validated(CreateUserRequest.from(body));
        // Signing itself up, a caller owns what it creates; an admin links the user to whom it names.
        User user = users.insert(request, caller.isAdmin() ? request.subject() : caller.subject());
        URI location = UriBuilder.of("/users").path(Long.toString(user.id())).build();
        return withToken(withETag(HttpResponse.created(user, location), user));
    }

    /**
     * {@code GET /users/{id}}: 200 with the user and its {@code ETag}; 304 without a body if
     * {@code If-None-Match} names its current tag (weak comparison) or is {@code *}; 400 for a
     * malformed {@code If-None-Match}; 404 if there is no such user.
     */
    @UserApiDocs.GetUser
    @Get("/{id}")
    HttpResponse<User> get(long id, HttpHeaders headers, @Nullable Authentication authentication) {
        Optional<EntityTags> ifNoneMatch = EntityTags.parse("If-None-Match", headers.getAll(HttpHeaders.IF_NONE_MATCH));
        User user = users.findById(id, token(headers)).orElseThrow(UserController::notFound);
        Caller caller = authentication == null ? null : Caller.of(authentication);
        if (policy.readsOnlyOwnUser(caller) && (caller == null || !user.isOwnedBy(caller.subject()))) {
            throw new ProblemException(ProblemType.NOT_OWNER, "Only the user's owner, or a token with the scope "
                    + AccessPolicy.ADMIN + ", may read it; this token's subject does not own it.");
        }
        if (ifNoneMatch.isPresent() && ifNoneMatch.get().matchesWeakly(user.version())) {
            return withETag(HttpResponse.notModified(), user);
        }
        return withETag(HttpResponse.ok(user), user);
    }

    /**
     * {@code GET /users?limit=&after=&active=&q=}: a page of users ordered by id (see
     * {@link ListUsersQuery} for the parameters, {@link UserPageResponse} for the result); 400 for
     * an invalid parameter.
     */
    @UserApiDocs.ListUsers
    @Get
    UserPageResponse list(@Nullable
    @QueryValue String limit,
            @Nullable
            @QueryValue String after,
            @Nullable
            @QueryValue String active,
            @Nullable
            @QueryValue String q, HttpHeaders headers, @Nullable Authentication authentication) {
        ListUsersQuery query = ListUsersQuery.parse(limit, after, active, q);
        Caller caller = authentication == null ? null : Caller.of(authentication);
        Optional<String> ownedBy = policy.readsOnlyOwnUser(caller) && caller != null
                ? Optional.of(caller.subject())
                : Optional.empty();
        return UserPageResponse.of(users.findPage(query, query.limit() + 1, token(headers), ownedBy),
                query.limit());
    }

    /**
     * {@code PATCH /users/{id}} with a JSON merge patch of {@code username}, {@code email},
     * {@code isActive}: 200 with the user as it is afterwards; 400 for a body that is not a valid
     * patch (including a JSON {@code null}) or a malformed {@code If-Match}; 404 if there is no
     * such user; 409 if the new username or email is taken, ignoring case; 412 if {@code If-Match}
     * does not name the user's current version. A patch that sets a field increments the version
     * (the new {@code ETag} is in the response); an empty one changes nothing.
     */
    @UserApiDocs.UpdateUser
    @Patch("/{id}")
    @Consumes({MediaType.APPLICATION_JSON_MERGE_PATCH, MediaType.APPLICATION_JSON})
    HttpResponse<User> update(long id, @Body JsonNode body, HttpHeaders headers, Authentication authentication) {
        Optional<String> owner = ownerRequiredFor(id, Caller.of(authentication));
        refuseSubjectUnlessAdmin(body, Caller.of(authentication));
        EntityTags ifMatch = ifMatch(headers);
        User user = users.update(id, validated(UpdateUserRequest.from(body)), ifMatch, owner)
                .orElseThrow(UserController::notFound);
        return withToken(withETag(HttpResponse.ok(user), user));
    }

    /**
     * {@code DELETE /users/{id}}: 204; 400 for a malformed {@code If-Match}; 404 if there is no such
     * user; 412 if {@code If-Match} does not name the user's current version.
     */
    @UserApiDocs.DeleteUser
    // Its only bodies are problems: a client that accepts just application/problem+json, as one
    // generated from the OpenAPI document does, must not get 406.
    @Produces({MediaType.APPLICATION_JSON, MediaType.APPLICATION_JSON_PROBLEM})
    @Delete("/{id}")
    @Status(HttpStatus.NO_CONTENT)
    HttpResponse<Void> delete(long id, HttpHeaders headers, Authentication authentication) {
        Optional<String> owner = ownerRequiredFor(id, Caller.of(authentication));
        if (!users.delete(id, ifMatch(headers), owner)) {
            throw notFound();
        }
        return withToken(HttpResponse.noContent());
    }

    /**
     * The subject that must own user {@code id} for {@code caller} to change it, or empty for an
     * admin. Refuses at once when the user exists and is someone else's (or no one's), before the
     * body is read; the write checks the owner again, in its statement.
     */
    private Optional<String> ownerRequiredFor(long id, Caller caller) {
        if (caller.isAdmin()) {
            return Optional.empty();
        }
        if (!users.isOwnedBy(id, caller.subject()) && users.findById(id).isPresent()) {
            throw UserRepository.notOwner();
        }
        return Optional.of(caller.subject());
    }

    /** Only an admin may name the owner of a user; anyone else sending {@code subject} is refused. */
    private static void refuseSubjectUnlessAdmin(JsonNode body, Caller caller) {
        if (!caller.isAdmin() && body.isObject() && body.get("subject") != null) {
            throw AccessPolicy.insufficientScope(AccessPolicy.ADMIN,
                    "Only a token with the scope " + AccessPolicy.ADMIN + " may set a user's subject.");
        }
    }

    /** The request's {@code Consistency-Token}, empty when it has none. */
    private static Optional<ConsistencyToken> token(HttpHeaders headers) {
        return ConsistencyToken.fromHeader(headers.get(ConsistencyToken.HEADER));
    }

    /** Adds the primary's WAL position after a write, when reads may go to a replica. */
    private <T> MutableHttpResponse<T> withToken(MutableHttpResponse<T> response) {
        reads.positionAfterWrite().ifPresent(token -> response.header(ConsistencyToken.HEADER, token.toString()));
        return response;
    }

    private static ProblemException notFound() {
        return new ProblemException(ProblemType.USER_NOT_FOUND, "No user has this id.");
    }

    /** The request's {@code If-Match}, {@link EntityTags#ANY} when it has none. */
    private static EntityTags ifMatch(HttpHeaders headers) {
        return EntityTags.parse("If-Match", headers.getAll(HttpHeaders.IF_MATCH)).orElse(EntityTags.ANY);
    }

    private static <T> MutableHttpResponse<T> withETag(MutableHttpResponse<T> response, User user) {
        return response.header(HttpHeaders.ETAG, EntityTags.of(user.version()));
    }

    /**
     * @throws ConstraintViolationException if {@code request} breaks its jakarta constraints
     */
    private <T> T validated(T request) {
        Set<ConstraintViolation<T>> violations = validator.validate(request);
        if (!violations.isEmpty()) {
            throw new ConstraintViolationException(violations);
        }
        return request;
    }
}
