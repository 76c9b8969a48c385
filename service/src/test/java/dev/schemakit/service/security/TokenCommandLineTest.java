package dev.schemakit.service.security;

import static dev.schemakit.model.Tables.USERS;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.http.HttpResponse;
import java.text.ParseException;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;

import org.junit.jupiter.api.Test;

import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;

import dev.schemakit.service.ApiTestSupport;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;

/** {@code token}: mints tokens the running server accepts, and refuses what it cannot honour. */
@MicronautTest
class TokenCommandLineTest extends ApiTestSupport {

    private static final Instant NOW = Instant.parse("2026-11-24T10:00:00Z");

    record Run(int exitCode, String out, String err) {
    }

    private Run token(String secret, Clock clock, String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int exitCode = TokenCommandLine.commandLine(() -> secret, clock)
                .setOut(new PrintWriter(out, true))
                .setErr(new PrintWriter(err, true))
                .execute(args);
        return new Run(exitCode, out.toString(), err.toString());
    }

    private Run token(String... args) {
        return token(serverSecret(), Clock.fixed(NOW, ZoneOffset.UTC), args);
    }

    private String serverSecret() {
        return server.getApplicationContext().getRequiredProperty(TokenSecret.PROPERTY, String.class);
    }

    @Test
    void mintsATokenTheServerAccepts() {
        Run run = token(serverSecret(), Clock.systemUTC(), "--subject", "alice", "--scope", "users:admin");

        assertEquals(0, run.exitCode(), run.err());
        assertEquals("", run.err());
        assertTrue(run.out().endsWith("\n") && run.out().lines().count() == 1, run.out());
        HttpResponse<String> created = api.withAuthorization("Bearer " + run.out().strip()).post("/users", """
                {"username": "alice", "email": "alice@example.com"}
                """);
        assertEquals(201, created.statusCode(), created.body());
        assertEquals(1, dsl.fetchCount(USERS));
    }

    @Test
    void tokenCarriesSubjectAndExpiresAfterTheTtl() throws ParseException {
        JWTClaimsSet oneHour = claims(token("--subject", "alice", "--scope", "users:read"));
        JWTClaimsSet ninetySeconds = claims(token("--subject=bob", "--ttl=90s", "--scope=users:write"));
        JWTClaimsSet twoDays = claims(token("--ttl", "2d", "--subject", "carol", "--scope", "users:admin"));

        assertEquals("alice", oneHour.getSubject());
        assertEquals(NOW, oneHour.getIssueTime().toInstant());
        assertEquals(NOW.plusSeconds(3600), oneHour.getExpirationTime().toInstant());
        assertEquals("bob", ninetySeconds.getSubject());
        assertEquals(NOW.plusSeconds(90), ninetySeconds.getExpirationTime().toInstant());
        assertEquals(NOW.plusSeconds(2 * 86400), twoDays.getExpirationTime().toInstant());
    }

    @Test
    void aTokenPastItsTtlIsRefused() {
        Run run = token(serverSecret(), Clock.fixed(Instant.now().minusSeconds(120), ZoneOffset.UTC),
                "--subject", "alice", "--scope", "users:admin", "--ttl", "60s");

        api.assertProblem(api.withAuthorization("Bearer " + run.out().strip()).delete("/users/1"), 401,
                AuthenticationTest.BAD_TOKEN);
    }

    @Test
    void scopesGoIntoTheScopeClaimSpaceSeparated() throws ParseException {
        JWTClaimsSet repeated = claims(token("--subject", "alice", "--scope", "users:read", "--scope", "users:write"));
        JWTClaimsSet spaced = claims(token("--subject", "alice", "--scope", " users:read  users:write users:read "));
        JWTClaimsSet none = claims(token("--subject", "alice", "--scope", ""));

        assertEquals("users:read users:write", repeated.getClaim("scope"));
        assertEquals("users:read users:write", spaced.getClaim("scope"));
        assertEquals(null, none.getClaim("scope"));
    }

    @Test
    void aTokenWithoutTheScopeForAWriteIs403() {
        Run run = token(serverSecret(), Clock.systemUTC(), "--subject", "alice", "--scope", "users:read");

        HttpResponse<String> response = api.withAuthorization("Bearer " + run.out().strip()).post("/users", """
                {"username": "alice", "email": "alice@example.com"}
                """);

        api.assertProblem(response, 403, """
                {"type": "https://schemakit.dev/problems/insufficient-scope", "title": "Insufficient scope",
                 "status": 403, "detail": "This request needs a bearer token with the scope users:admin."}
                """);
        assertEquals(0, dsl.fetchCount(USERS));
    }

    @Test
    void helpDescribesTheOptions() {
        Run run = token("--help");

        assertEquals(0, run.exitCode());
        assertEquals("", run.err());
        assertTrue(run.out().startsWith("Usage: token [-h] --subject=<name> [--ttl=<duration>] --scope=<scopes>\n"
                + "             [--scope=<scopes>]...\n"), run.out());
        assertTrue(run.out().contains("\n      --subject=<name>   Whom the token is for"), run.out());
        assertTrue(run.out().contains("\n      --scope=<scopes>   What the token allows"), run.out());
        assertTrue(run.out().contains("\n      --ttl=<duration>   How long it is valid"), run.out());
        assertTrue(run.out().endsWith("\nExit status:\n  0   printed\n  1   no usable secret\n  2   bad arguments\n"),
                run.out());
    }

    @Test
    void rejectsBadArgumentsWithExitStatus2() {
        // Apart from the blank subject, the scopes' and the duration's format, the messages are picocli's.
        assertUsage("token: Missing required options: '--subject=<name>', '--scope=<scopes>'. See 'token --help'.\n");
        assertUsage("token: Missing required option: '--scope=<scopes>'. See 'token --help'.\n", "--subject", "alice");
        assertUsage("token: --subject <name> is required. See 'token --help'.\n", "--subject", " ", "--scope",
                "users:read");
        assertUsage("token: Missing required option: '--subject=<name>'. See 'token --help'.\n", "alice",
                "--scope", "users:read");
        assertUsage("token: Unmatched argument at index 4: 'alice'. See 'token --help'.\n",
                "--subject", "bob", "--scope", "users:read", "alice");
        assertUsage("token: Unknown options: '--role', 'admin'. See 'token --help'.\n",
                "--subject", "alice", "--scope", "users:read", "--role", "admin");
        assertUsage("token: --scope takes scopes such as users:read, separated by spaces. See 'token --help'.\n",
                "--subject", "alice", "--scope", "users:\"admin\"");
        assertUsage("token: Invalid value for option '--ttl': '1 hour' is not a duration such as 90s, 30m, 12h or 7d."
                + " See 'token --help'.\n", "--subject", "alice", "--scope", "users:read", "--ttl", "1 hour");
        assertUsage("token: Invalid value for option '--ttl': '0s' is not a duration such as 90s, 30m, 12h or 7d."
                + " See 'token --help'.\n", "--subject", "alice", "--scope", "users:read", "--ttl", "0s");
        assertUsage("token: Missing required parameter for option '--subject' (<name>). See 'token --help'.\n",
                "--scope", "users:read", "--subject");
        assertUsage("token: option '--subject' (<name>) should be specified only once. See 'token --help'.\n",
                "--subject", "a", "--subject", "b", "--scope", "users:read");
    }

    @Test
    void refusesWithoutASecret() {
        Run run = token(null, Clock.systemUTC(), "--subject", "alice", "--scope", "users:read");

        assertEquals(1, run.exitCode());
        assertEquals("", run.out());
        assertEquals("token: No token secret is configured: set SCHEMAKIT_AUTH_JWT_SECRET (schemakit.auth.jwt-secret)"
                + " to a random string of at least 32 bytes, for example the output of 'openssl rand -base64 32'.\n",
                run.err());
    }

    @Test
    void refusesAShortSecret() {
        Run run = token("too-short", Clock.systemUTC(), "--subject", "alice", "--scope", "users:read");

        assertEquals(1, run.exitCode());
        assertEquals("", run.out());
        assertEquals("token: The token secret SCHEMAKIT_AUTH_JWT_SECRET (schemakit.auth.jwt-secret) is 9 bytes long;"
                + " HS256 needs at least 32, for example the output of 'openssl rand -base64 32'.\n", run.err());
    }

    private void assertUsage(String expectedErr, String... args) {
        Run run = token(args);

        assertEquals(2, run.exitCode(), run.err());
        assertEquals("", run.out());
        assertEquals(expectedErr, run.err());
    }

    private static JWTClaimsSet claims(Run run) throws ParseException {
        assertEquals(0, run.exitCode(), run.err());
        return SignedJWT.parse(run.out().strip()).getJWTClaimsSet();
    }
}
