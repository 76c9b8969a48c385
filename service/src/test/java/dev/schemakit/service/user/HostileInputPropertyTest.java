package dev.schemakit.service.user;

import static dev.schemakit.model.Tables.USERS;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpRequest.BodyPublishers;
import java.net.http.HttpResponse;
import java.net.http.HttpResponse.BodyHandlers;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Date;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

import org.jooq.DSLContext;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.JWSObject;
import com.nimbusds.jose.Payload;
import com.nimbusds.jose.crypto.MACSigner;

import dev.schemakit.model.tables.records.UsersRecord;
import dev.schemakit.service.PostgresTestSupport;
import dev.schemakit.service.openapi.ContractCheckingHttpClient;
import dev.schemakit.service.problem.ProblemType;
import dev.schemakit.service.user.HostileInput.Body;
import io.micronaut.context.ApplicationContext;
import io.micronaut.context.env.Environment;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.json.JsonMapper;
import io.micronaut.json.tree.JsonNode;
import io.micronaut.runtime.server.EmbeddedServer;
import io.micronaut.security.token.generator.TokenGenerator;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.Tag;
import net.jqwik.api.Tuple;
import net.jqwik.api.lifecycle.AfterContainer;
import net.jqwik.api.lifecycle.BeforeContainer;

/**
 * Hostile input against the user API, as properties that jqwik checks with generated requests
 * (see {@link HostileInput} for what is generated). For every answer: never a 5xx or a broken
 * connection; every 4xx an {@code application/problem+json} body whose {@code type} is a
 * {@link ProblemType} and which carries no SQL, class names, stack frames, driver messages or
 * submitted values; bodies over 16 KB get 413; what the API accepts it stores and returns
 * verbatim, in the response, through {@code GET} and in the database. Every answer is also checked
 * against the served OpenAPI document ({@link ContractCheckingHttpClient}); the hostile requests
 * themselves are off the contract on purpose, the valid ones are checked too.
 * <p>
 * jqwik does not run JUnit Jupiter extensions such as {@code @MicronautTest}, so this class starts
 * the server itself, once, against the PostgreSQL container the other tests share.
 */
// What it proves does not depend on where PostgreSQL comes from (.ci/run runs it once).
@Tag("any-postgres")
class HostileInputPropertyTest {

    /** At least this many generated requests must be sent; the tries below add up to more. */
    private static final int MIN_REQUESTS = 10_000;

    private static final int MAX_BODY_BYTES = 16 * 1024;

    /** Far above any honest answer on a busy machine; a request that takes longer hangs the server. */
    private static final Duration TIMEOUT = Duration.ofSeconds(20);

    /**
     * What an error body must never contain: SQL, Java and driver vocabulary, stack frames. Matched
     * against every string of a problem body except the field names it repeats from the request.
     */
    private static final Pattern LEAK = Pattern.compile(String.join("|",
            "select\\s", "insert\\s+into", "update\\s+users", "delete\\s+from", "drop\\s+table", "\\bwhere\\s",
            "sqlstate", "\\bsql\\b", "syntax error", "duplicate key", "violates", "relation \"", "column \"",
            "org\\.", "java\\.", "javax\\.", "jakarta\\.", "dev\\.schemakit", "\\bio\\.", "jooq", "psql",
            "postgres", "pgjdbc", "hikari", "jdbc", "flyway", "micronaut", "netty", "jackson", "exception",
            "\\berror:", "caused by", "\\bat [\\w$.]+\\(", "\\.java:\\d", "stack ?trace", "\\$\\w+\\.",
            "users_", HostileInput.CANARY), Pattern.CASE_INSENSITIVE);

    private static final Set<
            String> USER_MEMBERS = Set.of("id", "username", "email", "isActive", "createdAt", "updatedAt",
                    "version");
    /** A user's members when a subject owns it. */
    private static final Set<String> OWNED_USER_MEMBERS = Set.of("id", "username", "email", "isActive", "createdAt",
            "updatedAt", "version", "subject");
    private static final String VICTIM = "victim";
    private static final Set<String> PROBLEM_MEMBERS = Set.of("type", "title", "status", "detail", "errors", "errorId");
    /** Names an error may give that are not taken from the request body. */
    private static final Set<String> PARAMETERS = Set.of("id", "username", "email", "isActive", "limit", "after",
            "active", "q");

    private static final AtomicInteger REQUESTS = new AtomicInteger();
    private static final AtomicInteger UNIQUE = new AtomicInteger();
    private static final AtomicLong NANOS_IN_HTTP = new AtomicLong();
    private static final Map<Integer, Integer> STATUSES = new TreeMap<>();

    private static EmbeddedServer server;
    private static String base;
    /** Checks requests and responses against the served OpenAPI document. */
    private static ContractCheckingHttpClient client;
    private static JsonMapper json;
    private static DSLContext dsl;
    /** A valid bearer token: the input is hostile, the caller is not locked out before it is read. */
    private static String authorization;
    /** Users that exist for the PATCH property to aim at. */
    private static List<Long> targets;
    /** A user owned by {@value #VICTIM}, which forged tokens aim at. */
    private static long victim;
    private static TokenGenerator tokens;

    @BeforeContainer
    static void startServer() {
        Map<String, Object> properties = new HashMap<>(new PostgresTestSupport() {
        }.getProperties());
        // Callers with users:write sign themselves up: forged subjects get to be stored.
        properties.put("schemakit.auth.sign-up", "self");
        server = ApplicationContext.run(EmbeddedServer.class, properties, Environment.TEST);
        base = "http://localhost:" + server.getPort();
        client = ContractCheckingHttpClient.wrap(HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build(),
                URI.create(base));
        json = server.getApplicationContext().getBean(JsonMapper.class);
        tokens = server.getApplicationContext().getBean(TokenGenerator.class);
        authorization = "Bearer " + tokens
                .generateToken(
                        Map.of("sub", "hostile-input", "scope", "users:admin", "exp",
                                Date.from(Instant.now().plus(Duration.ofHours(1)))))
                .orElseThrow();
        dsl = server.getApplicationContext().getBean(DSLContext.class);
        dsl.deleteFrom(USERS).execute();
        targets = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            String body = "{\"username\":\"target%d\",\"email\":\"target%d@example.com\"}".formatted(i, i);
            HttpResponse<String> created = send("POST", "/users", "application/json", utf8(body));
            assertEquals(201, created.statusCode(), created.body());
            targets.add(parse(created.body()).get("id").getLongValue());
        }
        HttpResponse<String> owned = send("POST", "/users", "application/json",
                utf8("{\"username\":\"victim\",\"email\":\"victim@example.com\",\"subject\":\"" + VICTIM + "\"}"));
        assertEquals(201, owned.statusCode(), owned.body());
        victim = parse(owned.body()).get("id").getLongValue();
    }

    @AfterContainer
    static void stopServerAndCountRequests() {
        try {
            System.out.printf("HostileInputPropertyTest: %d requests, %.1f s waiting for answers, statuses %s%n",
                    REQUESTS.get(), NANOS_IN_HTTP.get() / 1e9, STATUSES);
            assertTrue(REQUESTS.get() >= MIN_REQUESTS,
                    () -> "sent only " + REQUESTS.get() + " requests, fewer than " + MIN_REQUESTS);
        } finally {
            if (server != null) {
                server.close();
            }
        }
    }

    // POST /users

    @Property(tries = 2_600)
    void createAnswersHostileBodiesCleanly(@ForAll("bodies") Body body,
            @ForAll("postContentTypes") String contentType) {
        HttpResponse<String> response = sendHostile("POST", "/users", contentType, body.bytes());

        String request = describe("POST", "/users", contentType, body.bytes());
        assertBodyLimit(request, body.bytes(), contentType.equals("application/json"), response);
        JsonNode answer = assertAnswered(request, response, Set.of(201, 400, 409, 413, 415), sentNames(body));
        if (response.statusCode() == 201) {
            assertStoredAsSent(request, body.bytes(), answer);
            assertEquals("/users/" + answer.get("id").getLongValue(),
                    response.headers().firstValue("Location").orElse(null), request);
        }
    }

    // PATCH /users/{id}

    @Property(tries = 2_400)
    void patchAnswersHostileBodiesCleanly(@ForAll("bodies") Body body,
            @ForAll("patchContentTypes") String contentType, @ForAll("patchPaths") String path) {
        HttpResponse<String> response = sendHostile("PATCH", path, contentType, body.bytes());

        String request = describe("PATCH", path, contentType, body.bytes());
        boolean readable = targets.stream().anyMatch(id -> path.equals("/users/" + id))
                && (contentType.equals("application/json") || contentType.equals("application/merge-patch+json"));
        assertBodyLimit(request, body.bytes(), readable, response);
        JsonNode answer = assertAnswered(request, response, Set.of(200, 400, 404, 405, 409, 413, 414, 415),
                sentNames(body));
        if (response.statusCode() == 200) {
            assertStoredAsSent(request, body.bytes(), answer);
        }
    }

    // Valid text, SQL fragments included, is stored verbatim

    @Property(tries = 1_000)
    void storesValidTextVerbatim(@ForAll("usernames") String usernameStart, @ForAll("emailLocalParts") String local,
            @ForAll("emailDomains") String domain) {
        int unique = UNIQUE.incrementAndGet();
        // Unique by construction, so that a 409 would be a bug too.
        String username = usernameStart + "-u" + unique;
        String email = local + "@u" + unique + "." + domain;
        byte[] body = utf8("{\"username\":" + HostileInput.jsonString(username)
                + ",\"email\":" + HostileInput.jsonString(email) + "}");

        // Off the contract: the document gives email the `email` format (ASCII addresses), and these
        // go beyond it on purpose, to show what the service takes besides. Its answers are checked.
        HttpResponse<String> created = sendHostile("POST", "/users", "application/json", body);
        String request = describe("POST", "/users", "application/json", body);
        JsonNode user = assertAnswered(request, created, Set.of(201), Set.of());
        long id = user.get("id").getLongValue();
        assertEquals(username, user.get("username").getStringValue(), request);
        assertEquals(email, user.get("email").getStringValue(), request);

        HttpResponse<String> read = send("GET", "/users/" + id, null, null);
        JsonNode readBack = assertAnswered("GET /users/" + id, read, Set.of(200), Set.of());
        assertEquals(username, readBack.get("username").getStringValue(), request);
        assertEquals(email, readBack.get("email").getStringValue(), request);

        UsersRecord row = dsl.selectFrom(USERS).where(USERS.ID.eq(id)).fetchSingle();
        assertEquals(username, row.getUsername(), request);
        assertEquals(email, row.getEmail(), request);

        // `_`, `.` and `-` in the prefix match only themselves: the user is found, and nothing else is.
        String search = "/users?limit=100&q=" + HostileInput.percentEncode(username);
        HttpResponse<String> found = send("GET", search, null, null);
        JsonNode page = assertAnswered("GET " + search, found, Set.of(200), Set.of());
        List<Long> ids = new ArrayList<>();
        for (JsonNode item : page.get("items").values()) {
            ids.add(item.get("id").getLongValue());
        }
        assertEquals(List.of(id), ids, search);
    }

    // GET with odd paths and query strings

    @Property(tries = 2_000)
    void readsAnswerOddPathsAndQueriesCleanly(@ForAll("oddReads") String pathAndQuery) {
        HttpResponse<String> response = sendHostile("GET", pathAndQuery, null, null);

        String request = describe("GET", pathAndQuery, null, null);
        JsonNode answer = assertAnswered(request, response, Set.of(200, 400, 404, 405, 414), Set.of());
        if (response.statusCode() == 200 && answer.get("items") != null) {
            assertListMatchesQuery(request, pathAndQuery, answer);
        }
    }

    // Forged scopes and subjects, in tokens with a valid signature

    /**
     * A token grants exactly the scopes its {@code scope} claim names, as space-separated words or
     * list items: look-alikes ({@code USERS:ADMIN}, {@code users:admin2}, {@code users:*},
     * {@code users:admin,users:write}, tabs, NUL, Cyrillic letters) and claims of other JSON types
     * grant nothing. Whatever the claim, a caller without {@code users:admin} never changes or
     * deletes the victim's user; a subject the service cannot store (empty, over 255 characters, NUL,
     * a lone surrogate, neither a string nor a number) is a 401; any other subject, SQL and Unicode
     * included, signs up and is stored verbatim.
     */
    @Property(tries = 700)
    void forgedScopesAndSubjectsGrantNothingMore(@ForAll("scopeClaims") Object scope,
            @ForAll("subjects") Object subject, @ForAll("attempts") String attempt) {
        String token = "Bearer " + signed("{\"sub\":" + json(subject) + ",\"scope\":" + json(scope) + ",\"exp\":"
                + Instant.now().plus(Duration.ofHours(1)).getEpochSecond() + "}");
        UsersRecord before = dsl.selectFrom(USERS).where(USERS.ID.eq(victim)).fetchSingle();
        String username = "forged-u" + UNIQUE.incrementAndGet();
        HttpResponse<String> response = switch (attempt) {
            case "GET" -> sendAs(token, "GET", "/users/" + victim, null, null);
            case "PATCH" -> sendAs(token, "PATCH", "/users/" + victim, "application/merge-patch+json", utf8("{}"));
            case "DELETE" -> sendAs(token, "DELETE", "/users/" + victim, null, null, "If-Match", "\"999\"");
            default -> sendAs(token, "POST", "/users", "application/json",
                    utf8("{\"username\":\"" + username + "\",\"email\":\"" + username + "@example.com\"}"));
        };

        String request = attempt + " with sub " + HostileInput.jsonString(String.valueOf(subject)) + " and scope "
                + HostileInput.jsonString(String.valueOf(scope));
        boolean admin = grants(scope, "users:admin");
        boolean write = admin || grants(scope, "users:write");
        boolean read = admin || grants(scope, "users:read");
        // Nimbus reads a numeric sub as its decimal text; any other type makes the claims unreadable.
        Object sub = subject instanceof Number number ? String.valueOf(number) : subject;
        int expected;
        if (!(sub instanceof String text) || !storable(text)) {
            expected = 401;
        } else {
            expected = switch (attempt) {
                case "GET" -> read ? 200 : 403;
                case "PATCH" -> admin ? 200 : 403;
                case "DELETE" -> admin ? 412 : 403;
                default -> write ? 201 : 403;
            };
        }
        JsonNode answer = assertAnswered(request, response, Set.of(expected), Set.of());
        if (expected == 403) {
            boolean notOwner = write && !attempt.equals("GET") && !attempt.equals("POST");
            assertEquals(notOwner ? ProblemType.NOT_OWNER.uri().toString()
                    : ProblemType.INSUFFICIENT_SCOPE.uri().toString(), answer.get("type").getStringValue(), request);
        }
        if (expected == 201) {
            // Signing up, a caller owns what it creates, under its subject as sent; an admin links no one.
            UsersRecord created = dsl.selectFrom(USERS).where(USERS.USERNAME.eq(username)).fetchSingle();
            assertEquals(admin ? null : sub, created.getSubject(), request);
            dsl.deleteFrom(USERS).where(USERS.ID.eq(created.getId())).execute();
        }
        assertEquals(before, dsl.selectFrom(USERS).where(USERS.ID.eq(victim)).fetchSingle(), request);
    }

    /**
     * A JWT of exactly {@code claimsJson}, signed (HS256) with the server's secret: written by hand so
     * that claims of any JSON type, and strings that are no valid Unicode, reach the server as sent.
     */
    private static String signed(String claimsJson) {
        try {
            JWSObject jws = new JWSObject(new JWSHeader(JWSAlgorithm.HS256), new Payload(claimsJson));
            jws.sign(new MACSigner(server.getApplicationContext()
                    .getRequiredProperty("schemakit.auth.jwt-secret", String.class).getBytes(StandardCharsets.UTF_8)));
            return jws.serialize();
        } catch (JOSEException e) {
            throw new IllegalStateException(e);
        }
    }

    /** {@code value} as JSON: strings escaped as {@link HostileInput#jsonString} does, lists and maps in kind. */
    private static String json(Object value) {
        if (value instanceof String text) {
            return HostileInput.jsonString(text);
        }
        if (value instanceof List<?> list) {
            return list.stream().map(HostileInputPropertyTest::json).collect(Collectors.joining(",", "[", "]"));
        }
        if (value instanceof Map<?, ?> map) {
            return map.entrySet().stream()
                    .map(entry -> json(String.valueOf(entry.getKey())) + ":" + json(entry.getValue()))
                    .collect(Collectors.joining(",", "{", "}"));
        }
        return String.valueOf(value);
    }

    /** Whether {@code claim} grants {@code scope}: a word of a space-separated string, or an item of a list. */
    private static boolean grants(Object claim, String scope) {
        if (claim instanceof String text) {
            return Arrays.asList(text.split(" ")).contains(scope);
        }
        return claim instanceof List<?> list && list.contains(scope);
    }

    /** 1 to 255 characters of Unicode text without NUL: what a user's subject column holds. */
    private static boolean storable(String subject) {
        int length = subject.codePointCount(0, subject.length());
        return length >= 1 && length <= 255 && subject.indexOf('\0') < 0
                && subject.codePoints().noneMatch(c -> c >= 0xD800 && c <= 0xDFFF);
    }

    @Provide
    Arbitrary<Object> scopeClaims() {
        Arbitrary<String> words = Arbitraries.of("users:read", "users:write", "users:admin", "USERS:ADMIN",
                "users:admin2", "users:adminx", "users:*", "*", "admin", "users:", ":admin", "users:admin,users:write",
                "users:admin\t", "users:admin\u0000", "\u0000users:admin", "users:ad min", "users:\u0430dmin",
                "users:admin\u200B", "Users:Admin", "scope:users:admin", "", " ");
        Arbitrary<String> spaced = words.list().ofMaxSize(4).map(list -> String.join(" ", list));
        return Arbitraries.frequencyOf(
                Tuple.of(4, spaced.map(text -> (Object) text)),
                Tuple.of(2, words.list().ofMaxSize(3).map(list -> (Object) list)),
                Tuple.of(1, Arbitraries.of(42, true, 1.5, Map.of("users:admin", true), List.of(List.of("users:admin")))
                        .map(value -> (Object) value)));
    }

    @Provide
    Arbitrary<Object> subjects() {
        Arbitrary<String> valid = Arbitraries.oneOf(
                Arbitraries.of(HostileInput.SQL_FRAGMENTS),
                Arbitraries.of(HostileInput.UNICODE),
                Arbitraries.strings().ofMinLength(1).ofMaxLength(255).withCharRange('!', '~'),
                Arbitraries.strings().ofLength(255).withChars('x', 'é'),
                Arbitraries.create(() -> java.util.UUID.randomUUID().toString()));
        Arbitrary<Object> invalid = Arbitraries.of("", "x".repeat(256), "sub\u0000ject", "\u0000", "lone\uD800",
                "\uDC00", 7, List.of("admin"));
        return Arbitraries.frequencyOf(
                Tuple.of(4, valid.filter(sub -> !sub.equals(VICTIM) && !sub.equals("hostile-input"))
                        .map(sub -> (Object) sub)),
                Tuple.of(1, invalid));
    }

    @Provide
    Arbitrary<String> attempts() {
        return Arbitraries.of("GET", "PATCH", "DELETE", "POST");
    }

    // Bodies over the limit

    @Property(tries = 150)
    void bodiesOverTheLimitGet413(@ForAll("oversizedBodies") byte[] body, @ForAll("writes") String[] write) {
        HttpResponse<String> response = sendHostile(write[0], write[1], write[2], body);

        String request = describe(write[0], write[1], write[2], body);
        assertEquals(413, response.statusCode(), () -> request + "\n" + response.body());
        assertAnswered(request, response, Set.of(413), Set.of());
    }

    @Provide
    Arbitrary<Body> bodies() {
        return HostileInput.bodies();
    }

    @Provide
    Arbitrary<String> postContentTypes() {
        return HostileInput.contentTypes("application/json");
    }

    @Provide
    Arbitrary<String> patchContentTypes() {
        return Arbitraries.oneOf(HostileInput.contentTypes("application/merge-patch+json"),
                HostileInput.contentTypes("application/json"));
    }

    /**
     * Mostly existing users, otherwise odd paths short enough for Netty to read the request line
     * (4 KB): beyond it the server answers 414 and closes at once, and when the client is still
     * sending a body the answer is lost in the reset. Reads test the long paths.
     */
    @Provide
    Arbitrary<String> patchPaths() {
        return Arbitraries.frequencyOf(
                Tuple.of(8, Arbitraries.of(targets).map(id -> "/users/" + id)),
                Tuple.of(1, HostileInput.oddUserPaths().filter(path -> path.length() < 4_000)));
    }

    @Provide
    Arbitrary<String> oddReads() {
        return Arbitraries.oneOf(HostileInput.oddUserPaths(), HostileInput.oddListQueries());
    }

    @Provide
    Arbitrary<String> usernames() {
        Arbitrary<Character> character = Arbitraries.frequencyOf(
                Tuple.of(3, Arbitraries.of('_', '.', '-')),
                Tuple.of(5, Arbitraries.chars().alpha().numeric()));
        return character.list().ofMaxSize(70)
                .map(chars -> chars.stream().map(String::valueOf).collect(Collectors.joining()));
    }

    /**
     * Local parts the API must accept: dot-atoms of the characters RFC 5322 allows ({@code '},
     * {@code %}, {@code _} among them) and any Unicode text, or quoted strings holding SQL, spaces,
     * {@code ;} and escaped {@code \} and {@code "}. At most 64 characters.
     */
    @Provide
    Arbitrary<String> emailLocalParts() {
        Arbitrary<String> atomPiece = Arbitraries.frequencyOf(
                Tuple.of(4, Arbitraries.strings().withChars("!#$%&'*+/=?^_`{|}~-").withCharRange('a', 'z')
                        .withCharRange('0', '9').ofMinLength(1).ofMaxLength(6)),
                Tuple.of(3, bmpUnicode()),
                Tuple.of(1, Arbitraries.strings().withCharRange('\u0080', '\uD7FF').ofMinLength(1).ofMaxLength(4)));
        Arbitrary<String> atom = atomPiece.list().ofMinSize(1).ofMaxSize(4).map(pieces -> String.join("", pieces));
        Arbitrary<String> dotAtom = atom.list().ofMinSize(1).ofMaxSize(3).map(atoms -> String.join(".", atoms));
        Arbitrary<String> quotedPiece = Arbitraries.frequencyOf(
                Tuple.of(3, Arbitraries.of(HostileInput.SQL_FRAGMENTS).filter(s -> !s.contains("\""))
                        .map(s -> s.replace("\\", "\\\\"))),
                Tuple.of(1, Arbitraries.of("\\\"", "\\\\", " ", "(", ")", "<>", "[]", ":", "@", ",")),
                Tuple.of(2, bmpUnicode()));
        Arbitrary<String> quoted = quotedPiece.list().ofMinSize(1).ofMaxSize(3)
                .map(pieces -> "\"" + String.join("", pieces) + "\"");
        return Arbitraries.frequencyOf(Tuple.of(3, dotAtom), Tuple.of(2, quoted))
                .filter(local -> local.length() <= 64);
    }

    /**
     * The Unicode pieces outside the supplementary planes: the email validator (Micronaut's
     * {@code @Email}) takes only U+0080 to U+FFFF beyond ASCII, so an emoji address gets a 400.
     */
    private static Arbitrary<String> bmpUnicode() {
        return Arbitraries.of(HostileInput.UNICODE).filter(s -> s.codePoints().allMatch(c -> c <= 0xFFFF));
    }

    @Provide
    Arbitrary<String> emailDomains() {
        return Arbitraries.of("example.com", "example.org", "a-b.example", "bücher.de", "xn--bcher-kva.de", "例え.jp",
                "مثال.إختبار", "x_y.example", "sub.sub.example.com");
    }

    @Provide
    Arbitrary<byte[]> oversizedBodies() {
        return Arbitraries.integers().between(MAX_BODY_BYTES + 1, 64 * 1024)
                .map(size -> utf8("{\"username\":\"" + "x".repeat(size) + "\",\"email\":\"a@example.com\"}"));
    }

    @Provide
    Arbitrary<String[]> writes() {
        return Arbitraries.of(
                new String[] {"POST", "/users", "application/json"},
                new String[] {"PATCH", "/users/1", "application/merge-patch+json"},
                new String[] {"PATCH", "/users/1", "application/json"});
    }

    /**
     * {@link #send} with {@code authorization} instead of the admin's token, and {@code headers} (name
     * and value pairs). Off the contract: forged tokens and odd subjects are outside the document.
     */
    private static HttpResponse<String> sendAs(String authorization, String method, String pathAndQuery,
            @Nullable String contentType, @Nullable byte[] body, String... headers) {
        return send(client.offContract(), method, pathAndQuery, contentType, body, authorization, headers);
    }

    /** {@link #send} for a request that breaks the OpenAPI document on purpose: only its answer is checked. */
    private static HttpResponse<String> sendHostile(String method, String pathAndQuery, @Nullable String contentType,
            @Nullable byte[] body) {
        return send(client.offContract(), method, pathAndQuery, contentType, body);
    }

    /** {@link #send} for a request the OpenAPI document describes: the request is checked too. */
    private static HttpResponse<String> send(String method, String pathAndQuery, @Nullable String contentType,
            @Nullable byte[] body) {
        return send(client, method, pathAndQuery, contentType, body);
    }

    /**
     * Sends one request and counts it. Every request of this class goes through here, so headers
     * that every request needs are added in this one place.
     *
     * @param contentType the {@code Content-Type} header, or {@code null} or empty for none
     * @param body        the exact bytes to send, or {@code null} for none
     */
    private static HttpResponse<String> send(HttpClient client, String method, String pathAndQuery,
            @Nullable String contentType, @Nullable byte[] body) {
        return send(client, method, pathAndQuery, contentType, body, authorization);
    }

    private static HttpResponse<String> send(HttpClient client, String method, String pathAndQuery,
            @Nullable String contentType, @Nullable byte[] body, String authorization, String... headers) {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(base + pathAndQuery))
                .timeout(TIMEOUT)
                .method(method, body == null ? BodyPublishers.noBody() : BodyPublishers.ofByteArray(body));
        if (contentType != null && !contentType.isEmpty()) {
            request.header("Content-Type", contentType);
        }
        request.header("Authorization", authorization);
        for (int i = 0; i < headers.length; i += 2) {
            request.header(headers[i], headers[i + 1]);
        }
        REQUESTS.incrementAndGet();
        long start = System.nanoTime();
        try {
            HttpResponse<String> response = client.send(request.build(), BodyHandlers.ofString(StandardCharsets.UTF_8));
            STATUSES.merge(response.statusCode(), 1, Integer::sum);
            return response;
        } catch (IOException e) {
            // A reset or a timeout: the server failed to answer at all.
            throw new AssertionError(describe(method, pathAndQuery, contentType, body) + " got no answer: " + e, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        } finally {
            NANOS_IN_HTTP.addAndGet(System.nanoTime() - start);
        }
    }

    /**
     * Asserts what holds for every answer: not a 5xx, one of {@code statuses}, 2xx bodies JSON of
     * the documented shape, errors a clean problem (see {@link #assertCleanProblem}).
     *
     * @param sentNames member names the request body sent, which an error may repeat as its field
     * @return the body as JSON
     */
    private static JsonNode assertAnswered(String request, HttpResponse<String> response, Set<Integer> statuses,
            Set<String> sentNames) {
        int status = response.statusCode();
        String context = request + "\n-> " + status + " " + response.body();
        assertTrue(status < 500, () -> "server error for " + context);
        assertTrue(statuses.contains(status), () -> "unexpected status for " + context);
        String contentType = response.headers().firstValue("Content-Type").orElse("");
        JsonNode body = parse(response.body());
        if (status >= 400) {
            assertEquals("application/problem+json", contentType, context);
            assertCleanProblem(context, status, body, sentNames);
        } else {
            assertEquals("application/json", contentType, context);
            assertTrue(body.isObject(), context);
            if (body.get("items") != null) {
                assertEquals(Set.of("items", "next"), names(body), context);
                for (JsonNode item : body.get("items").values()) {
                    assertUserMembers(context, names(item));
                }
            } else {
                assertUserMembers(context, names(body));
            }
        }
        return body;
    }

    private static void assertUserMembers(String context, Set<String> members) {
        assertTrue(members.equals(USER_MEMBERS) || members.equals(OWNED_USER_MEMBERS), () -> context + ": " + members);
    }

    /**
     * The problem body's {@code type} is a {@link ProblemType} with its title and status, and no
     * string in it other than the field names the request itself sent leaks anything.
     */
    private static void assertCleanProblem(String context, int status, JsonNode problem, Set<String> sentNames) {
        assertTrue(problem.isObject(), context);
        assertTrue(PROBLEM_MEMBERS.containsAll(names(problem)), context);
        ProblemType type = Arrays.stream(ProblemType.values())
                .filter(t -> t.uri().toString().equals(problem.get("type").getStringValue()))
                .findFirst()
                .orElseThrow(() -> new AssertionError("type is not a ProblemType: " + context));
        assertEquals(type.status().getCode(), status, context);
        assertEquals(status, problem.get("status").getIntValue(), context);
        assertEquals(type.title(), problem.get("title").getStringValue(), context);
        assertNoLeak(context, problem.get("detail").getStringValue());
        JsonNode errors = problem.get("errors");
        if (errors != null) {
            assertTrue(errors.isArray() && errors.size() > 0, context);
            for (JsonNode error : errors.values()) {
                assertEquals(Set.of("field", "message"), names(error), context);
                String field = error.get("field").getStringValue();
                assertTrue(PARAMETERS.contains(field) || sentNames.contains(field),
                        () -> "error names a field the request did not send: " + field + " in " + context);
                assertNoLeak(context, error.get("message").getStringValue());
            }
        }
        if (problem.get("errorId") != null) {
            fail("an errorId belongs to a 500 only: " + context);
        }
    }

    private static void assertNoLeak(String context, String text) {
        Matcher leak = LEAK.matcher(text);
        assertFalse(leak.find(), () -> "leaks '" + leak.group() + "': " + context);
    }

    /**
     * The user in {@code answer} is the row in the database, and its username and email are the
     * ones the request body set, character for character.
     */
    private static void assertStoredAsSent(String request, byte[] sent, JsonNode answer) {
        long id = answer.get("id").getLongValue();
        UsersRecord row = dsl.selectFrom(USERS).where(USERS.ID.eq(id)).fetchSingle();
        assertEquals(row.getUsername(), answer.get("username").getStringValue(), request);
        assertEquals(row.getEmail(), answer.get("email").getStringValue(), request);
        assertEquals(row.getIsActive(), answer.get("isActive").getBooleanValue(), request);
        JsonNode sentJson;
        try {
            sentJson = json.readValue(sent, JsonNode.class);
        } catch (IOException e) {
            // Accepted although this parser refuses it: only the database comparison above applies.
            return;
        }
        for (String field : List.of("username", "email")) {
            JsonNode value = sentJson.isObject() ? sentJson.get(field) : null;
            if (value != null && value.isString()) {
                assertEquals(value.getStringValue(), row.get(field, String.class), request);
            }
        }
    }

    /** Every user of a 200 list answer passes the filters the query string asked for. */
    private static void assertListMatchesQuery(String request, String pathAndQuery, JsonNode page) {
        Map<String, String> params = new HashMap<>();
        for (String pair : pathAndQuery.substring(pathAndQuery.indexOf('?') + 1).split("&")) {
            int eq = pair.indexOf('=');
            if (eq > 0) {
                params.putIfAbsent(pair.substring(0, eq), pair.substring(eq + 1));
            }
        }
        String q = params.get("q");
        String active = params.get("active");
        for (JsonNode item : page.get("items").values()) {
            String username = item.get("username").getStringValue();
            if (q != null && q.chars().allMatch(c -> c < 0x80 && c != '%')) {
                assertTrue(username.toLowerCase(Locale.ROOT).startsWith(q.toLowerCase(Locale.ROOT)),
                        () -> username + " does not start with q: " + request);
            }
            if ("true".equals(active) || "false".equals(active)) {
                assertEquals(Boolean.parseBoolean(active), item.get("isActive").getBooleanValue(), request);
            }
        }
    }

    /**
     * A body over the limit is never accepted: it gets 413 when the endpoint would read it (a
     * {@code Content-Type} it takes, an existing path), otherwise the 4xx the server decides on
     * before reading it (415, 414, a 400 for the id in the path). A body within the limit never
     * gets 413.
     */
    private static void assertBodyLimit(String request, byte[] body, boolean readable, HttpResponse<String> response) {
        if (body.length > MAX_BODY_BYTES) {
            int status = response.statusCode();
            assertTrue(readable ? status == 413 : status >= 400 && status < 500,
                    () -> "not 413: " + request + "\n" + response.body());
        } else {
            assertNotEquals(413, response.statusCode(), () -> request + "\n" + response.body());
        }
    }

    /**
     * The member names the server saw in {@code body}: those of the body as this test's JSON parser
     * (the server's) reads it, bytes that are not UTF-8 replaced; else the names it was generated with.
     */
    private static Set<String> sentNames(Body body) {
        Set<String> names = new HashSet<>(body.names());
        for (Object text : List.of(body.bytes(), new String(body.bytes(), StandardCharsets.UTF_8))) {
            try {
                JsonNode parsed = text instanceof byte[] bytes ? json.readValue(bytes, JsonNode.class)
                        : json.readValue((String) text, JsonNode.class);
                if (parsed != null && parsed.isObject()) {
                    names.addAll(names(parsed));
                }
            } catch (IOException | RuntimeException e) {
                // Not JSON to this parser either; the generated names stand.
            }
        }
        return names;
    }

    private static JsonNode parse(String text) {
        try {
            JsonNode node = json.readValue(text, JsonNode.class);
            assertNotNull(node, text);
            return node;
        } catch (IOException e) {
            throw new AssertionError("not JSON: " + text, e);
        }
    }

    private static Set<String> names(JsonNode object) {
        Set<String> names = new HashSet<>();
        object.entries().forEach(entry -> names.add(entry.getKey()));
        return names;
    }

    private static String describe(String method, String pathAndQuery, @Nullable String contentType,
            @Nullable byte[] body) {
        String shownPath = pathAndQuery.length() > 300 ? pathAndQuery.substring(0, 300) + "..." : pathAndQuery;
        return method + " " + shownPath + " [Content-Type: " + contentType + "] " + HostileInput.preview(body);
    }

    private static byte[] utf8(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }
}
