package dev.schemakit.service.user;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

import dev.schemakit.service.problem.FieldError;
import dev.schemakit.service.problem.ProblemException;
import dev.schemakit.service.problem.ProblemType;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.json.tree.JsonNode;

/**
 * Reads the fields of a JSON object body strictly, collecting every problem before reporting:
 * a field that is not {@code fields} is an error (server-owned ones get their own message), as is
 * JSON {@code null}, a value of the wrong JSON type, or a string with an unpaired surrogate. Nothing is coerced: {@code "true"} is not a
 * boolean and {@code 5} is not a string.
 * <p>
 * Working on the JSON tree rather than binding straight to a record is what lets a missing field
 * be told apart from an explicit {@code null}, as JSON merge-patch needs, and lets each error
 * name its field.
 */
final class JsonObjectReader {

    /** Fields of a user that only the server sets. */
    static final Set<String> SERVER_OWNED = Set.of("id", "createdAt", "updatedAt", "version");

    private final JsonNode body;
    private final List<FieldError> errors = new ArrayList<>();

    private JsonObjectReader(JsonNode body) {
        this.body = body;
    }

    /**
     * Starts reading {@code body}, recording an error for each member not in {@code fields}.
     *
     * @throws ProblemException of {@link ProblemType#MALFORMED_BODY} if {@code body} is not a JSON object
     */
    static JsonObjectReader of(JsonNode body, Set<String> fields) {
        if (!body.isObject()) {
            throw new ProblemException(ProblemType.MALFORMED_BODY, "The request body must be a JSON object.");
        }
        JsonObjectReader reader = new JsonObjectReader(body);
        for (Map.Entry<String, JsonNode> member : body.entries()) {
            String name = member.getKey();
            if (SERVER_OWNED.contains(name)) {
                reader.errors.add(new FieldError(name, "is assigned by the server and must not be sent"));
            } else if (!fields.contains(name)) {
                reader.errors.add(new FieldError(name, "is not a field of this request"));
            }
        }
        return reader;
    }

    /**
     * The string value of {@code field}, or {@code null} if the body has no such member. A string
     * with an unpaired surrogate ({@code "\ud800"}) is an error: it is no Unicode text, and UTF-8
     * (so the database) cannot store it; it would be saved as {@code ?}.
     */
    @Nullable
    String string(String field) {
        JsonNode value = present(field);
        if (value == null) {
            return null;
        }
        if (!value.isString()) {
            errors.add(new FieldError(field, "must be a string"));
            return null;
        }
        String text = value.getStringValue();
        if (hasUnpairedSurrogate(text)) {
            errors.add(new FieldError(field, "must be valid Unicode text (it has an unpaired surrogate)"));
            return null;
        }
        return text;
    }

    private static boolean hasUnpairedSurrogate(String text) {
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (Character.isHighSurrogate(c) && i + 1 < text.length() && Character.isLowSurrogate(text.charAt(i + 1))) {
                i++;
            } else if (Character.isSurrogate(c)) {
                return true;
            }
        }
        return false;
    }

    /** The boolean value of {@code field}, or {@code null} if the body has no such member. */
    @Nullable
    Boolean bool(String field) {
        JsonNode value = present(field);
        if (value == null) {
            return null;
        }
        if (!value.isBoolean()) {
            errors.add(new FieldError(field, "must be true or false"));
            return null;
        }
        return value.getBooleanValue();
    }

    /**
     * @throws ProblemException of {@link ProblemType#VALIDATION} listing every error found so far, if
     *         there is any
     */
    void throwIfInvalid() {
        if (!errors.isEmpty()) {
            throw ProblemException.invalid(errors);
        }
    }

    @Nullable
    private JsonNode present(String field) {
        JsonNode value = body.get(field);
        if (value != null && value.isNull()) {
            // Every field of a user is NOT NULL; in a merge patch null would mean "remove".
            errors.add(new FieldError(field, "must not be null"));
            return null;
        }
        return value;
    }
}
