package dev.schemakit.service.idp;

import java.util.List;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import dev.schemakit.service.idp.AuthorizationMatrix.Operation;
import io.micronaut.context.annotation.Property;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;

/**
 * The matrix with {@code schemakit.auth.reads: own} and creating left to admins (the default): a
 * caller without {@code users:admin} reads only the user its subject owns (403 {@code not-owner}
 * for another, a list of its own user alone), and only {@code users:admin} creates users.
 */
@MicronautTest
@Property(name = "schemakit.auth.reads", value = "own")
class OwnReadsMatrixTest extends ProviderTestSupport {

    static List<Arguments> matrix() {
        return AuthorizationMatrix.rows("""
                -                       | GET_OWN      | 403 | read
                -                       | LIST         | 403 | read
                -                       | SIGN_UP      | 403 | admin
                users:read              | GET_OWN      | 200 | -
                users:read              | GET_OTHER    | 403 | not-owner-read
                users:read              | LIST         | 200 | alice
                users:read              | SIGN_UP      | 403 | admin
                users:write             | GET_OWN      | 403 | read
                users:write             | PATCH_OWN    | 200 | -
                users:write             | PATCH_OTHER  | 403 | not-owner
                users:write             | SIGN_UP      | 403 | admin
                users:read users:write  | GET_OTHER    | 403 | not-owner-read
                users:read users:write  | LIST         | 200 | alice
                users:read users:write  | DELETE_OTHER | 403 | not-owner
                users:admin             | GET_OTHER    | 200 | -
                users:admin             | LIST         | 200 | alice+bob
                users:admin             | SIGN_UP      | 201 | -
                """);
    }

    @ParameterizedTest(name = "[{0}] {1} -> {2} {3}")
    @MethodSource("matrix")
    void ownReadsAndAdminSignUp(String scopes, Operation operation, int status, String outcome) {
        AuthorizationMatrix.check(api, dsl, scopes, operation, status, outcome);
    }
}
