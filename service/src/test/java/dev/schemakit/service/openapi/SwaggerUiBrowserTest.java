package dev.schemakit.service.openapi;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.schemakit.service.ApiTestSupport;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import io.micronaut.web.router.Router;
import jakarta.inject.Inject;

/**
 * Opens Swagger UI, as served by the running service, in headless Chromium and reads the page
 * after its scripts ran: every operation of the service is listed with its summary. Chromium may
 * resolve no host name but the service's, so the page works only if everything it needs comes from
 * the service itself.
 * <p>
 * Needs Debian's {@code chromium} ({@code .ci/run} installs it); without it the test fails, saying so.
 */
@MicronautTest
class SwaggerUiBrowserTest extends ApiTestSupport {

    private static final List<String> CHROMIUM_CANDIDATES = List.of(
            "/usr/bin/chromium", "/usr/bin/chromium-browser", "/usr/bin/google-chrome");

    // One operation row of Swagger UI: method, then path, then summary.
    private static final Pattern OPERATION = Pattern.compile(
            "opblock-summary-method\">(\\w+)</span>.*?data-path=\"([^\"]+)\".*?"
                    + "opblock-summary-description\">([^<]*)<",
            Pattern.DOTALL);

    @Inject
    Router router;

    @TempDir
    Path profile;

    @Test
    void swaggerUiListsEveryOperationWithItsSummary() throws Exception {
        String dom = renderedPage("/swagger-ui/");

        Map<String, String> listed = new TreeMap<>();
        Matcher operation = OPERATION.matcher(dom);
        while (operation.find()) {
            listed.put(operation.group(1) + " " + unescape(operation.group(2)), unescape(operation.group(3)));
        }

        OpenApiDocument document = OpenApiDocument.fetch(api);
        Map<String, String> expected = new TreeMap<>();
        for (ControllerRoutes.Route route : ControllerRoutes.of(router)) {
            expected.put(route.key(), (String) document.operation(route.method(), route.path()).get("summary"));
        }
        assertTrue(expected.containsKey("POST /users") && expected.containsKey("GET /users/{id}"), expected::toString);
        assertEquals(expected, listed, () -> "page as rendered:\n" + dom);
    }

    /** The page's DOM after its scripts ran and its requests were answered. */
    private String renderedPage(String path) throws IOException, InterruptedException {
        String chromium = chromium();
        String url = server.getURI().resolve(path).toString();
        List<String> command = new ArrayList<>(List.of(chromium,
                "--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
                "--disable-component-update", "--disable-sync", "--disable-quic", "--no-first-run",
                "--user-data-dir=" + profile.resolve("profile"),
                // Any other host fails to resolve: the page must load everything from the service.
                "--host-resolver-rules=MAP * ~NOTFOUND, EXCLUDE " + server.getHost(),
                // Virtual time stands still while requests are pending, so the budget is not a
                // race against a slow machine.
                "--virtual-time-budget=30000",
                "--dump-dom", url));
        Path dom = profile.resolve("dom.html");
        Path stderr = profile.resolve("chromium.log");
        Process process = new ProcessBuilder(command)
                .redirectOutput(dom.toFile())
                .redirectError(stderr.toFile())
                .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")))
                .start();
        if (!process.waitFor(3, TimeUnit.MINUTES)) {
            process.destroyForcibly();
            fail("Chromium did not finish rendering " + url);
        }
        String log = Files.readString(stderr, StandardCharsets.UTF_8);
        assertEquals(0, process.exitValue(), () -> "Chromium failed on " + url + ":\n" + log);
        return Files.readString(dom, StandardCharsets.UTF_8);
    }

    private static String chromium() {
        for (String candidate : CHROMIUM_CANDIDATES) {
            if (Files.isExecutable(Path.of(candidate))) {
                return candidate;
            }
        }
        return fail("Headless Chromium is needed to test the API viewer and none was found at "
                + CHROMIUM_CANDIDATES + ". Install it: apt-get install chromium chromium-driver");
    }

    private static String unescape(String html) {
        return html.replace("&lt;", "<").replace("&gt;", ">").replace("&quot;", "\"")
                .replace("&#39;", "'").replace("&amp;", "&");
    }
}
