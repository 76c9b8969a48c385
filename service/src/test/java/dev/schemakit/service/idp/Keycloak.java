package dev.schemakit.service.idp;

import static java.nio.charset.StandardCharsets.UTF_8;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpRequest.BodyPublishers;
import java.net.http.HttpResponse;
import java.net.http.HttpResponse.BodyHandlers;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * A real OpenID Connect provider for the tests: the Keycloak server distribution that Maven unpacks
 * into {@code target/keycloak} (the {@code keycloak.home} system property), run as a plain process
 * in development mode ({@code start-dev}, its own file database, wiped at each start), bound to
 * 127.0.0.1 on free ports. It starts once per test run, on first use, with the realm of
 * {@code src/test/resources/keycloak/schemakit-realm.json} imported (clients, the scopes
 * {@code users:read}, {@code users:write}, {@code users:admin}, the audience {@value #AUDIENCE} and the
 * users alice, bob, carol and dave, each with the password {@code <name>-password}), and is stopped
 * when the JVM exits, whether the tests passed or not.
 * <p>
 * Keycloak 26 needs Java 21 or newer: {@code KEYCLOAK_JAVA_HOME} if set, else this JVM if it is new
 * enough, else the newest JDK of 21 or more under {@code /usr/lib/jvm}.
 * <p>
 * Tokens come from the provider's token endpoint (password grant of a confidential client); keys
 * are added, disabled and removed through its admin REST API, with the temporary admin of the
 * {@code master} realm.
 */
public final class Keycloak {

    /** The audience that the realm's clients put into the tokens meant for the service. */
    public static final String AUDIENCE = "schemakit";
    /** The client whose tokens carry the service's audience and the scopes asked for. */
    public static final String CLIENT = "schemakit-tests";
    /** Like {@link #CLIENT}, with access tokens that live 4 seconds. */
    public static final String SHORT_LIVED_CLIENT = "schemakit-short-lived";
    /** Like {@link #CLIENT}, with access tokens signed ES256. */
    public static final String ES256_CLIENT = "schemakit-es256";
    /** A client whose tokens carry no audience of the service's. */
    public static final String OTHER_SERVICE_CLIENT = "another-service";

    private static final String REALM = "schemakit";
    private static final String CLIENT_SECRET = "schemakit-tests-secret";
    private static final String ADMIN = "admin";
    private static final String ADMIN_PASSWORD = "admin-password";
    private static final Duration START_TIMEOUT = Duration.ofMinutes(4);
    private static final ObjectMapper JSON = new ObjectMapper();

    private static Keycloak instance;

    private final Process process;
    private final Path log;
    private final URI base;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    private Keycloak(Process process, Path log, int port) {
        this.process = process;
        this.log = log;
        this.base = URI.create("http://127.0.0.1:" + port);
    }

    /** The one provider of this test run, started on first call (about 30 to 60 s). */
    public static synchronized Keycloak shared() {
        if (instance == null) {
            instance = start();
        }
        return instance;
    }

    /** The issuer of the realm's tokens, their exact {@code iss}. */
    public String issuer() {
        return base + "/realms/" + REALM;
    }

    /** The URL of the realm's JSON Web Key Set. */
    public String jwksUrl() {
        return issuer() + "/protocol/openid-connect/certs";
    }

    /** The settings that make the service take this provider's tokens (and no HS256 secret). */
    public Map<String, String> serviceProperties() {
        return Map.of(
                "schemakit.auth.jwks-url", jwksUrl(),
                "schemakit.auth.issuer", issuer(),
                "schemakit.auth.audience", AUDIENCE,
                "schemakit.auth.jwt-secret", "");
    }

    /** An access token of {@link #CLIENT} for {@code user}, asking for {@code scopes} (space-separated). */
    public String token(String user, String scopes) {
        return token(CLIENT, user, scopes);
    }

    /** An access token of {@code client} for {@code user}, asking for {@code scopes} (space-separated). */
    public String token(String client, String user, String scopes) {
        HttpResponse<String> response = requestToken(client, user, scopes);
        if (response.statusCode() != 200) {
            throw new IllegalStateException("Keycloak refused a token for " + user + ": " + response.statusCode()
                    + " " + response.body());
        }
        return read(response.body()).get("access_token").asText();
    }

    /** The token endpoint's raw answer, for the tests that expect a refusal. */
    public HttpResponse<String> requestToken(String client, String user, String scopes) {
        Map<String, String> form = new LinkedHashMap<>();
        form.put("grant_type", "password");
        form.put("client_id", client);
        form.put("client_secret", CLIENT_SECRET);
        form.put("username", user);
        form.put("password", user + "-password");
        if (!scopes.isEmpty()) {
            form.put("scope", scopes);
        }
        return send(HttpRequest.newBuilder(URI.create(issuer() + "/protocol/openid-connect/token"))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(BodyPublishers.ofString(form(form))));
    }

    /** The realm's id of {@code user}: the {@code sub} of its tokens. */
    public String subjectOf(String user) {
        JsonNode users = admin("GET", "/users?exact=true&username=" + encode(user), null);
        return users.get(0).get("id").asText();
    }

    /** Enables or disables {@code user} at the provider. */
    public void setUserEnabled(String user, boolean enabled) {
        ObjectNode change = JSON.createObjectNode().put("enabled", enabled);
        admin("PUT", "/users/" + subjectOf(user), change);
    }

    /** The ids of the realm's signing keys of {@code algorithm} that are enabled, as key ids ({@code kid}). */
    public List<String> signingKeyIds(String algorithm) {
        List<String> kids = new ArrayList<>();
        for (JsonNode key : admin("GET", "/keys", null).get("keys")) {
            if (algorithm.equals(key.path("algorithm").asText()) && "SIG".equals(key.path("use").asText())
                    && !"DISABLED".equals(key.path("status").asText())) {
                kids.add(key.get("kid").asText());
            }
        }
        return kids;
    }

    /**
     * Adds a generated signing key for {@code algorithm} (RS256 or ES256) with a priority above every
     * other, so that the provider signs new tokens with it; returns the key provider's component id.
     */
    public String addSigningKey(String algorithm, int priority) {
        ObjectNode config = JSON.createObjectNode();
        config.putArray("priority").add(Integer.toString(priority));
        config.putArray("enabled").add("true");
        config.putArray("active").add("true");
        String providerId;
        if (algorithm.equals("ES256")) {
            providerId = "ecdsa-generated";
            config.putArray("ecdsaEllipticCurveKey").add("P-256");
        } else {
            providerId = "rsa-generated";
            config.putArray("keySize").add("2048");
            config.putArray("algorithm").add(algorithm);
        }
        ObjectNode component = JSON.createObjectNode()
                .put("name", algorithm.toLowerCase() + "-" + priority)
                .put("providerId", providerId)
                .put("providerType", "org.keycloak.keys.KeyProvider")
                .put("parentId", REALM);
        component.set("config", config);
        HttpResponse<String> response = adminSend("POST", "/components", component);
        String location = response.headers().firstValue("Location").orElseThrow();
        return location.substring(location.lastIndexOf('/') + 1);
    }

    /** The component id of the key provider whose key has {@code kid}. */
    public String componentOfKey(String kid) {
        for (JsonNode key : admin("GET", "/keys", null).get("keys")) {
            if (kid.equals(key.path("kid").asText())) {
                return key.get("providerId").asText();
            }
        }
        throw new IllegalArgumentException("no key " + kid);
    }

    /**
     * Disables the key provider {@code componentId}: its key no longer signs and is no longer
     * published in the key set, so tokens it signed can no longer be verified.
     */
    public void disableKeyProvider(String componentId) {
        JsonNode component = admin("GET", "/components/" + componentId, null);
        ObjectNode changed = component.deepCopy();
        ((ObjectNode) changed.get("config")).putArray("enabled").add("false");
        ((ObjectNode) changed.get("config")).putArray("active").add("false");
        admin("PUT", "/components/" + componentId, changed);
    }

    /** The provider's log, for a failure message. */
    public String logTail() {
        try (Stream<String> lines = Files.lines(log)) {
            List<String> all = lines.collect(Collectors.toList());
            return String.join("\n", all.subList(Math.max(0, all.size() - 40), all.size()));
        } catch (IOException e) {
            return "(no log: " + e + ")";
        }
    }

    // The admin REST API.

    private JsonNode admin(String method, String path, JsonNode body) {
        HttpResponse<String> response = adminSend(method, path, body);
        return response.body().isEmpty() ? JSON.nullNode() : read(response.body());
    }

    private HttpResponse<String> adminSend(String method, String path, JsonNode body) {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(base + "/admin/realms/" + REALM + path))
                .header("Authorization", "Bearer " + adminToken())
                .method(method, body == null ? BodyPublishers.noBody() : BodyPublishers.ofString(body.toString()));
        if (body != null) {
            request.header("Content-Type", "application/json");
        }
        HttpResponse<String> response = send(request);
        if (response.statusCode() / 100 != 2) {
            throw new IllegalStateException("Keycloak admin API " + method + " " + path + ": " + response.statusCode()
                    + " " + response.body());
        }
        return response;
    }

    private String adminToken() {
        HttpResponse<String> response = send(HttpRequest.newBuilder(
                URI.create(base + "/realms/master/protocol/openid-connect/token"))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(BodyPublishers.ofString(form(Map.of("grant_type", "password", "client_id", "admin-cli",
                        "username", ADMIN, "password", ADMIN_PASSWORD)))));
        if (response.statusCode() != 200) {
            throw new IllegalStateException("no admin token from Keycloak: " + response.body());
        }
        return read(response.body()).get("access_token").asText();
    }

    private HttpResponse<String> send(HttpRequest.Builder request) {
        try {
            return http.send(request.timeout(Duration.ofSeconds(30)).build(), BodyHandlers.ofString());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private static JsonNode read(String text) {
        try {
            return JSON.readTree(text);
        } catch (IOException e) {
            throw new UncheckedIOException("not JSON: " + text, e);
        }
    }

    private static String form(Map<String, String> fields) {
        return fields.entrySet().stream()
                .map(field -> encode(field.getKey()) + "=" + encode(field.getValue()))
                .collect(Collectors.joining("&"));
    }

    private static String encode(String text) {
        return URLEncoder.encode(text, UTF_8);
    }

    // Starting and stopping.

    private static Keycloak start() {
        Path home = Paths.get(System.getProperty("keycloak.home", "target/keycloak/none"));
        if (!Files.isExecutable(home.resolve("bin/kc.sh"))) {
            throw new IllegalStateException("No Keycloak distribution at " + home.toAbsolutePath()
                    + "; the service's build unpacks it there (./mvnw -pl service generate-test-resources).");
        }
        try {
            // A fresh database and the realm to import, every run.
            deleteTree(home.resolve("data"));
            Path imports = Files.createDirectories(home.resolve("data/import"));
            try (var realm = Keycloak.class.getResourceAsStream("/keycloak/schemakit-realm.json")) {
                Files.copy(realm, imports.resolve("schemakit-realm.json"));
            }
            int port = freePort();
            Path log = home.resolve("keycloak.log");
            ProcessBuilder builder = new ProcessBuilder(home.resolve("bin/kc.sh").toString(), "start-dev",
                    "--http-host=127.0.0.1", "--http-port=" + port, "--http-management-port=" + freePort(),
                    "--import-realm", "--cache=local")
                    .redirectErrorStream(true)
                    .redirectOutput(log.toFile());
            builder.environment().put("JAVA_HOME", javaHome().toString());
            builder.environment().put("JAVA_OPTS_KC_HEAP", "-Xms64m -Xmx512m");
            builder.environment().put("KC_BOOTSTRAP_ADMIN_USERNAME", ADMIN);
            builder.environment().put("KC_BOOTSTRAP_ADMIN_PASSWORD", ADMIN_PASSWORD);
            Instant started = Instant.now();
            Keycloak keycloak = new Keycloak(builder.start(), log, port);
            Runtime.getRuntime().addShutdownHook(new Thread(keycloak::stop, "keycloak-stop"));
            keycloak.awaitRealm(started);
            System.out.printf("Keycloak: %s ready in %.1f s%n", keycloak.issuer(),
                    Duration.between(started, Instant.now()).toMillis() / 1000.0);
            return keycloak;
        } catch (IOException e) {
            throw new UncheckedIOException("Keycloak could not be started", e);
        }
    }

    private void awaitRealm(Instant started) {
        URI discovery = URI.create(issuer() + "/.well-known/openid-configuration");
        while (Duration.between(started, Instant.now()).compareTo(START_TIMEOUT) < 0) {
            if (!process.isAlive()) {
                throw new IllegalStateException("Keycloak exited with status " + process.exitValue()
                        + " while starting:\n" + logTail());
            }
            try {
                HttpResponse<Void> response = http.send(HttpRequest.newBuilder(discovery)
                        .timeout(Duration.ofSeconds(5)).build(), BodyHandlers.discarding());
                if (response.statusCode() == 200) {
                    return;
                }
            } catch (IOException e) {
                // Not listening yet.
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
            sleep(Duration.ofMillis(500));
        }
        stop();
        throw new IllegalStateException("Keycloak did not serve its realm within " + START_TIMEOUT.toSeconds()
                + " s:\n" + logTail());
    }

    /** Stops the server: SIGTERM to the script, which passes it on to Java, then a kill of what is left. */
    private void stop() {
        List<ProcessHandle> tree = Stream.concat(Stream.of(process.toHandle()), process.descendants()).toList();
        tree.forEach(ProcessHandle::destroy);
        try {
            if (!process.waitFor(20, TimeUnit.SECONDS)) {
                tree.forEach(ProcessHandle::destroyForcibly);
            }
            for (ProcessHandle handle : tree) {
                handle.onExit().get(10, TimeUnit.SECONDS);
            }
        } catch (Exception e) {
            tree.forEach(ProcessHandle::destroyForcibly);
        }
    }

    /** A JDK that runs Keycloak 26: 21 or newer. */
    private static Path javaHome() throws IOException {
        String configured = System.getenv("KEYCLOAK_JAVA_HOME");
        if (configured != null && !configured.isBlank()) {
            return Paths.get(configured);
        }
        if (Runtime.version().feature() >= 21) {
            return Paths.get(System.getProperty("java.home"));
        }
        Path jvms = Paths.get("/usr/lib/jvm");
        if (Files.isDirectory(jvms)) {
            try (Stream<Path> candidates = Files.list(jvms)) {
                Optional<Path> newest = candidates
                        .filter(dir -> Files.isExecutable(dir.resolve("bin/java")) && featureVersion(dir) >= 21)
                        .max(Comparator.comparingInt(Keycloak::featureVersion));
                if (newest.isPresent()) {
                    return newest.get();
                }
            }
        }
        throw new IllegalStateException("Keycloak needs Java 21 or newer and none was found: set KEYCLOAK_JAVA_HOME"
                + " to the home of such a JDK.");
    }

    /** The major Java version of the JDK in {@code home}, from its {@code release} file; 0 if unknown. */
    private static int featureVersion(Path home) {
        try (Stream<String> lines = Files.lines(home.resolve("release"))) {
            return lines.filter(line -> line.startsWith("JAVA_VERSION="))
                    .map(line -> line.substring("JAVA_VERSION=".length()).replace("\"", ""))
                    .map(version -> Integer.parseInt(version.split("[.+-]")[0]))
                    .findFirst()
                    .orElse(0);
        } catch (IOException | RuntimeException e) {
            return 0;
        }
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }

    private static void deleteTree(Path root) throws IOException {
        if (!Files.exists(root)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(root)) {
            for (Path path : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(path);
            }
        }
    }

    /** Sleeps, keeping the interrupt. */
    public static void sleep(Duration duration) {
        try {
            Thread.sleep(duration.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
