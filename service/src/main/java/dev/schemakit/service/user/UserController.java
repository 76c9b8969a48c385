package dev.schemakit.service.user;

import java.net.URI;
import java.util.Set;

import io.micronaut.core.annotation.Nullable;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.HttpStatus;
import io.micronaut.http.MediaType;
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
import jakarta.validation.ConstraintViolation;
import jakarta.validation.ConstraintViolationException;
import jakarta.validation.Validator;

/**
 * {@code /users}: create, read, list, patch and delete users. Bodies are JSON with camelCase
 * names; every error is an {@code application/problem+json} body (see
 * {@link dev.schemakit.service.problem.ProblemType}).
 */
@Controller("/users")
// JDBC blocks: keep it off the Netty event loop.
@ExecuteOn(TaskExecutors.BLOCKING)
class UserController {

    private final UserRepository users;
    private final Validator validator;

    UserController(UserRepository users, Validator validator) {
        this.users = users;
        this.validator = validator;
    }

    /**
     * {@code POST /users} with {@code {username, email, isActive?}}: 201 with the user and
     * {@code Location: /users/{id}}; 400 for a body that is not a valid request; 409 if the
     * username or email is taken, ignoring case.
     */
    @UserApiDocs.CreateUser
    @Post
    HttpResponse<UserResponse> create(@Body JsonNode body) {
        User user = users.insert(validated(CreateUserRequest.from(body)));
        URI location = UriBuilder.of("/users").path(Long.toString(user.id())).build();
        return HttpResponse.created(UserResponse.from(user), location);
    }

    /** {@code GET /users/{id}}: 200 with the user, 404 if there is none. */
    @UserApiDocs.GetUser
    @Get("/{id}")
    UserResponse get(long id) {
        return users.findById(id)
                .map(UserResponse::from)
                .orElseThrow(() -> new UserNotFoundException(id));
    }

    /**
     * {@code GET /users?limit=&after=&active=&q=}: a page of users ordered by id (see
     * {@link ListUsersQuery} for the parameters, {@link UserPageResponse} for the result); 400 for
     * an invalid parameter.
     */
    @UserApiDocs.ListUsers
    @Get
    UserPageResponse list(@Nullable @QueryValue String limit, @Nullable @QueryValue String after,
            @Nullable @QueryValue String active, @Nullable @QueryValue String q) {
        ListUsersQuery query = ListUsersQuery.parse(limit, after, active, q);
        return UserPageResponse.of(users.findPage(query, query.limit() + 1), query.limit());
    }

    /**
     * {@code PATCH /users/{id}} with a JSON merge patch of {@code username}, {@code email},
     * {@code isActive}: 200 with the user as it is afterwards; 400 for a body that is not a valid
     * patch (including a JSON {@code null}); 404 if there is no such user; 409 if the new username
     * or email is taken, ignoring case.
     */
    @UserApiDocs.UpdateUser
    @Patch("/{id}")
    @Consumes({MediaType.APPLICATION_JSON_MERGE_PATCH, MediaType.APPLICATION_JSON})
    UserResponse update(long id, @Body JsonNode body) {
        return users.update(id, validated(UpdateUserRequest.from(body)))
                .map(UserResponse::from)
                .orElseThrow(() -> new UserNotFoundException(id));
    }

    /** {@code DELETE /users/{id}}: 204, or 404 if there is no such user. */
    @UserApiDocs.DeleteUser
    // Its only bodies are problems: a client that accepts just application/problem+json, as one
    // generated from the OpenAPI document does, must not get 406.
    @Produces({MediaType.APPLICATION_JSON, MediaType.APPLICATION_JSON_PROBLEM})
    @Delete("/{id}")
    @Status(HttpStatus.NO_CONTENT)
    void delete(long id) {
        if (!users.delete(id)) {
            throw new UserNotFoundException(id);
        }
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
