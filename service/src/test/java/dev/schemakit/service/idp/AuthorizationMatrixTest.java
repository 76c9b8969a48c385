package dev.schemakit.service.idp;

import java.util.List;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import dev.schemakit.service.idp.AuthorizationMatrix.Operation;
import io.micronaut.context.annotation.Property;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;

/**
 * Every scope a provider token can carry, against the caller's own user and another's, for every
 * method, with reads needing {@code users:read} (the default) and self sign-up allowed: only
 * {@code users:admin} changes or deletes another user (403 {@code not-owner} with
 * {@code users:write}), {@code users:write} changes its own, and a token without the scope an
 * operation needs gets 403 {@code insufficient-scope}, the table unchanged.
 */
@MicronautTest
@Property(name = "schemakit.auth.sign-up", value = "self")
class AuthorizationMatrixTest extends ProviderTestSupport {

    static List<Arguments> matrix() {
        return AuthorizationMatrix.rows("""
                -                       | GET_OWN      | 403 | read
                -                       | GET_OTHER    | 403 | read
                -                       | LIST         | 403 | read
                -                       | PATCH_OWN    | 403 | write
                -                       | PATCH_OTHER  | 403 | write
                -                       | DELETE_OWN   | 403 | write
                -                       | DELETE_OTHER | 403 | write
                -                       | SIGN_UP      | 403 | write
                users:read              | GET_OWN      | 200 | -
                users:read              | GET_OTHER    | 200 | -
                users:read              | LIST         | 200 | alice+bob
                users:read              | PATCH_OWN    | 403 | write
                users:read              | PATCH_OTHER  | 403 | write
                users:read              | DELETE_OWN   | 403 | write
                users:read              | DELETE_OTHER | 403 | write
                users:read              | SIGN_UP      | 403 | write
                users:write             | GET_OWN      | 403 | read
                users:write             | GET_OTHER    | 403 | read
                users:write             | LIST         | 403 | read
                users:write             | PATCH_OWN    | 200 | -
                users:write             | PATCH_OTHER  | 403 | not-owner
                users:write             | DELETE_OWN   | 204 | -
                users:write             | DELETE_OTHER | 403 | not-owner
                users:write             | SIGN_UP      | 201 | -
                users:read users:write  | GET_OWN      | 200 | -
                users:read users:write  | GET_OTHER    | 200 | -
                users:read users:write  | LIST         | 200 | alice+bob
                users:read users:write  | PATCH_OWN    | 200 | -
                users:read users:write  | PATCH_OTHER  | 403 | not-owner
                users:read users:write  | DELETE_OWN   | 204 | -
                users:read users:write  | DELETE_OTHER | 403 | not-owner
                users:read users:write  | SIGN_UP      | 201 | -
                users:admin             | GET_OWN      | 200 | -
                users:admin             | GET_OTHER    | 200 | -
                users:admin             | LIST         | 200 | alice+bob
                users:admin             | PATCH_OWN    | 200 | -
                users:admin             | PATCH_OTHER  | 200 | -
                users:admin             | DELETE_OWN   | 204 | -
                users:admin             | DELETE_OTHER | 204 | -
                users:admin             | SIGN_UP      | 201 | -
                """);
    }

    @ParameterizedTest(name = "[{0}] {1} -> {2} {3}")
    @MethodSource("matrix")
    void scopeOwnershipAndMethodDecideTheAnswer(String scopes, Operation operation, int status, String outcome) {
        AuthorizationMatrix.check(api, dsl, scopes, operation, status, outcome);
    }
}
