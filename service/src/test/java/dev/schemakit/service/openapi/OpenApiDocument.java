package dev.schemakit.service.openapi;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;

import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import org.yaml.snakeyaml.Yaml;

import dev.schemakit.service.Api;

/**
 * The OpenAPI document as the running service serves it at {@value #PATH}, read as plain maps so a
 * test sees exactly what a client downloads.
 */
final class OpenApiDocument {

    static final String PATH = "/openapi/schemakit.yml";

    private final String text;
    private final Map<String, Object> root;

    private OpenApiDocument(String text, Map<String, Object> root) {
        this.text = text;
        this.root = root;
    }

    /** Downloads the document; fails the test unless it is served with 200. */
    static OpenApiDocument fetch(Api api) {
        HttpResponse<String> response = api.get(PATH);
        assertEquals(200, response.statusCode(), response::body);
        return new OpenApiDocument(response.body(), map(new Yaml().load(response.body())));
    }

    String text() {
        return text;
    }

    Map<String, Object> info() {
        return map(root.get("info"));
    }

    Map<String, Object> components() {
        return map(root.get("components"));
    }

    Map<String, Object> schema(String name) {
        return map(map(components().get("schemas")).get(name));
    }

    /** Every operation as {@code "METHOD /path"}, the form {@link ControllerRoutes.Route#key()} uses. */
    List<String> operationKeys() {
        List<String> keys = new ArrayList<>();
        map(root.get("paths")).forEach((path, item) -> map(item).keySet().stream()
                .filter(key -> !key.equals("parameters") && !key.equals("summary") && !key.equals("description"))
                .forEach(method -> keys.add(method.toUpperCase(Locale.ROOT) + " " + path)));
        return keys;
    }

    /** The operation for {@code method} on {@code path}; fails the test if the document lacks it. */
    Map<String, Object> operation(String method, String path) {
        Map<String, Object> item = map(map(root.get("paths")).get(path));
        Object operation = item.get(method.toLowerCase(Locale.ROOT));
        assertNotNull(operation, method + " " + path + " is not in the document");
        return map(operation);
    }

    Map<String, Object> responses(String method, String path) {
        return map(operation(method, path).get("responses"));
    }

    /** {@code value} as a YAML mapping; an absent one as an empty map. */
    @SuppressWarnings("unchecked")
    static Map<String, Object> map(Object value) {
        return value == null ? Map.of() : (Map<String, Object>) value;
    }

    /** {@code value} as a YAML sequence; an absent one as an empty list. */
    @SuppressWarnings("unchecked")
    static List<Object> list(Object value) {
        return value == null ? List.of() : (List<Object>) value;
    }
}
