package dev.schemakit.service.user;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.Set;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;

import dev.schemakit.service.problem.FieldError;
import dev.schemakit.service.problem.Problem;
import dev.schemakit.service.problem.ProblemException;
import dev.schemakit.service.problem.ProblemType;
import io.micronaut.jackson.core.tree.JsonNodeTreeCodec;
import io.micronaut.json.tree.JsonNode;

class JsonObjectReaderTest {

    private static final Set<String> FIELDS = Set.of("name", "flag");

    @Test
    void readsPresentFieldsAndNullForAbsentOnes() {
        JsonObjectReader reader = JsonObjectReader.of(json("""
                {"name": "alice"}
                """), FIELDS);

        assertEquals("alice", reader.string("name"));
        assertNull(reader.bool("flag"));
        reader.throwIfInvalid();
    }

    @Test
    void readsBooleans() {
        JsonObjectReader reader = JsonObjectReader.of(json("""
                {"flag": false}
                """), FIELDS);

        assertEquals(Boolean.FALSE, reader.bool("flag"));
        reader.throwIfInvalid();
    }

    @Test
    void keepsSurrogatePairs() {
        JsonObjectReader reader = JsonObjectReader.of(json("""
                {"name": "smile \\ud83d\\ude00"}
                """), FIELDS);

        assertEquals("smile \ud83d\ude00", reader.string("name"));
        reader.throwIfInvalid();
    }

    @Test
    void rejectsABodyThatIsNotAnObject() {
        Problem expected = Problem.of(ProblemType.MALFORMED_BODY, "The request body must be a JSON object.");
        for (String body : new String[] {"[]", "\"alice\"", "1", "true", "null"}) {
            ProblemException thrown = assertThrows(ProblemException.class,
                    () -> JsonObjectReader.of(json(body), FIELDS), body);
            assertEquals(expected, thrown.problem(), body);
        }
    }

    @Test
    void reportsEveryErrorAtOnceSortedByField() {
        JsonObjectReader reader = JsonObjectReader.of(json("""
                {"version": 2, "nickname": "al", "name": 5, "flag": "true", "id": 1}
                """), FIELDS);
        assertNull(reader.string("name"));
        assertNull(reader.bool("flag"));

        assertInvalid(reader,
                new FieldError("flag", "must be true or false"),
                new FieldError("id", "is assigned by the server and must not be sent"),
                new FieldError("name", "must be a string"),
                new FieldError("nickname", "is not a field of this request"),
                new FieldError("version", "is assigned by the server and must not be sent"));
    }

    @Test
    void rejectsNull() {
        JsonObjectReader reader = JsonObjectReader.of(json("""
                {"name": null, "flag": null}
                """), FIELDS);
        assertNull(reader.string("name"));
        assertNull(reader.bool("flag"));

        assertInvalid(reader, new FieldError("flag", "must not be null"), new FieldError("name", "must not be null"));
    }

    @Test
    void rejectsUnpairedSurrogates() {
        for (String name : new String[] {"\\ud800", "a\\udc00", "\\ude00\\ud83d"}) {
            JsonObjectReader reader = JsonObjectReader.of(json("{\"name\": \"" + name + "\"}"), FIELDS);
            assertNull(reader.string("name"), name);

            assertInvalid(reader, new FieldError("name", "must be valid Unicode text (it has an unpaired surrogate)"));
        }
    }

    private static void assertInvalid(JsonObjectReader reader, FieldError... errors) {
        ProblemException thrown = assertThrows(ProblemException.class, reader::throwIfInvalid);
        assertEquals(new Problem(ProblemType.VALIDATION.uri(), "Invalid request", 400,
                "The request has invalid fields or parameters; each is listed in errors.", List.of(errors), null),
                thrown.problem());
    }

    private static JsonNode json(String text) {
        try (JsonParser parser = new JsonFactory().createParser(text)) {
            return JsonNodeTreeCodec.getInstance().readTree(parser);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
