package dev.schemakit.service.user;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.IntStream;

import io.micronaut.core.annotation.Nullable;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.Tuple;

/**
 * Generators of hostile input for {@link HostileInputPropertyTest}: text that has broken parsers,
 * encoders and SQL before, JSON bodies of every wrong shape, raw bytes that are not UTF-8, and odd
 * paths and query strings. Everything is built as text or bytes by hand, so that what goes on the
 * wire is exactly what was generated (duplicate keys, lone surrogates, nesting no JSON library
 * would write).
 */
final class HostileInput {

    /** Marks generated text; no error body may ever contain it, since error bodies never echo values. */
    static final String CANARY = "zqcanary";

    static final List<String> SQL_FRAGMENTS = List.of(
            "'; DROP TABLE users; --", "%", "_", "\\", "' OR '1'='1", "\" OR \"\"=\"", "1; SELECT pg_sleep(5); --",
            "$$", "/*", "*/", "--", ";", "%_%", "\\%", "\\_", "' || (SELECT current_user) || '", "E'\\\\x00'",
            "users_username_lower_key", "NULL", "' UNION SELECT username, email FROM users --");

    static final List<String> UNICODE = List.of(
            "é", "e\u0301", "\u0301", "Z\u0334\u0321\u031b\u0337", "😀", "\uD835\uDC9C", "👩‍👩‍👧", "🏳️‍🌈", "שלום",
            "مرحبا", "\u202Eevil\u202C", "\u200F", "\u200B", "\uFEFF", "\uFFFD", "\uFFFE", "\uFFFF", "ǅ", "ß",
            "İ", "\u212A", "日本語", "\u0085", "\u2028", "\u2029", "\u00A0", "\uDBFF\uDFFF");

    static final List<String> CONTROL = IntStream.concat(IntStream.rangeClosed(1, 0x1F), IntStream.of(0x7F))
            .mapToObj(c -> String.valueOf((char) c))
            .toList();

    /** NUL and unpaired surrogates: JSON can carry them, PostgreSQL text and UTF-8 cannot. */
    static final List<String> UNSTORABLE = List.of("\u0000", "\uD800", "\uDFFF", "\uDBFF", "\uDC00\uD800");

    static final List<String> NUMBERS = List.of(
            "0", "-1", "1.5", "-0", "1e400", "-1e-400", "123456789012345678901234567890", "9223372036854775808",
            "1E2", "0.0000001", "1".repeat(1200), "0." + "1".repeat(1200),
            // Not JSON at all.
            "NaN", "Infinity", "01", "+1", ".5", "0x1F");

    static final List<String> ODD_CONTENT_TYPES = List.of(
            "application/json; charset=utf-8", "application/json; charset=ISO-8859-1",
            "application/json; charset=bogus",
            "application/json; charset=UTF-16", "APPLICATION/JSON", "application/json;;;",
            "application/json, text/plain",
            "application/problem+json", "application/merge-patch+json", "text/plain", "text/json",
            "application/x-www-form-urlencoded", "multipart/form-data; boundary=x", "application/xml", "*/*",
            "application/octet-stream", "application/vnd.api+json", "json", "x");

    private static final byte[][] INVALID_UTF8 = {
            {(byte) 0xFF}, {(byte) 0xC0, (byte) 0x80}, {(byte) 0xC3, 0x28}, {(byte) 0xED, (byte) 0xA0, (byte) 0x80},
            {(byte) 0xF4, (byte) 0x90, (byte) 0x80, (byte) 0x80}, {(byte) 0x80}, {(byte) 0xE2, (byte) 0x82}, {0}};

    private HostileInput() {
    }

    /** Any text: SQL, Unicode, control characters, unstorable characters, email-like and huge strings. */
    static Arbitrary<String> text() {
        Arbitrary<String> piece = Arbitraries.frequencyOf(
                Tuple.of(3, Arbitraries.of(SQL_FRAGMENTS)),
                Tuple.of(3, Arbitraries.of(UNICODE)),
                Tuple.of(2, Arbitraries.of(CONTROL)),
                Tuple.of(2, Arbitraries.of(UNSTORABLE)),
                Tuple.of(3, Arbitraries.strings().alpha().numeric().withChars("_.-@").ofMaxLength(12)),
                Tuple.of(1, Arbitraries.strings().all().ofMaxLength(8)),
                Tuple.of(1, Arbitraries.just(CANARY)));
        Arbitrary<String> joined = piece.list().ofMaxSize(8).map(pieces -> String.join("", pieces));
        Arbitrary<String> emailLike = Combinators.combine(joined, joined).as((local, domain) -> local + "@" + domain);
        // Most fit in the 16 KB body limit, so they reach the parser; some do not.
        Arbitrary<String> huge = Combinators.combine(piece, Arbitraries.integers().between(1_000, 20_000))
                .as((p, length) -> p.isEmpty() ? "x".repeat(length) : p.repeat(Math.max(1, length / p.length())));
        return Arbitraries.frequencyOf(Tuple.of(6, joined), Tuple.of(2, emailLike), Tuple.of(1, huge));
    }

    /** A JSON value as text: hostile strings, odd numbers, literals, arrays and objects up to {@code depth}. */
    static Arbitrary<String> jsonValue(int depth) {
        Arbitrary<String> scalar = Arbitraries.frequencyOf(
                Tuple.of(6, text().map(HostileInput::jsonString)),
                Tuple.of(2, Arbitraries.of(NUMBERS)),
                Tuple.of(2, Arbitraries.of("true", "false", "null", "\"true\"", "\"\"", "{}", "[]")),
                Tuple.of(1, deepNesting()));
        if (depth == 0) {
            return scalar;
        }
        Arbitrary<String> element = jsonValue(depth - 1);
        Arbitrary<String> array = element.list().ofMaxSize(3).map(items -> "[" + String.join(",", items) + "]");
        Arbitrary<String> object = Combinators.combine(text(), element).as((k, v) -> jsonString(k) + ":" + v)
                .list().ofMaxSize(3).map(members -> "{" + String.join(",", members) + "}");
        return Arbitraries.frequencyOf(Tuple.of(6, scalar), Tuple.of(1, array), Tuple.of(1, object));
    }

    /** Arrays and objects nested hundreds to thousands deep, balanced or left open. */
    static Arbitrary<String> deepNesting() {
        return Combinators.combine(Arbitraries.integers().between(1, 3), Arbitraries.integers().between(100, 8_000),
                Arbitraries.of(true, false)).as((kind, depth, closed) -> {
                    String open = switch (kind) {
                        case 1 -> "[";
                        case 2 -> "{\"a\":";
                        default -> "[{\"username\":";
                    };
                    String close = switch (kind) {
                        case 1 -> "]";
                        case 2 -> "}";
                        default -> "}]";
                    };
                    int times = Math.max(1, depth / open.length());
                    return open.repeat(times) + (kind == 1 ? "" : "1") + (closed ? close.repeat(times) : "");
                });
    }

    /**
     * A request body for {@code POST /users} or {@code PATCH /users/{id}}: objects with missing,
     * extra, duplicated, server-owned and wrongly typed members; other JSON values; and all of
     * these corrupted into bytes that are not JSON or not UTF-8.
     */
    static Arbitrary<Body> bodies() {
        Arbitrary<String> key = Arbitraries.frequencyOf(
                Tuple.of(6, Arbitraries.of("username", "email", "isActive")),
                Tuple.of(2, Arbitraries.of("id", "createdAt", "updatedAt", "version", "Username", "is_active", "")),
                Tuple.of(2, text()));
        Arbitrary<List<String[]>> members = Combinators.combine(key, jsonValue(2)).as((k, v) -> new String[] {k, v})
                .list().ofMaxSize(6);
        Arbitrary<Json> object = members.map(Json::object);
        // Plausible values too, so that some of these bodies are accepted and checked for verbatim storage.
        Arbitrary<String> usernames = Arbitraries.oneOf(text(),
                Arbitraries.strings().withChars("_.-").alpha().numeric().ofMinLength(3).ofMaxLength(20));
        Arbitrary<String> emails = Arbitraries.oneOf(text(), Combinators.combine(
                Arbitraries.strings().withChars("%_'+-").alpha().numeric().ofMinLength(1).ofMaxLength(20),
                Arbitraries.of("example.com", "bücher.de")).as((local, domain) -> local + "@" + domain));
        Arbitrary<Json> rightShape = Combinators.combine(usernames, emails,
                Arbitraries.of("true", "false", "\"true\"", "1", "null"))
                .as((username, email, active) -> Json.object(List.of(new String[] {"username", jsonString(username)},
                        new String[] {"email", jsonString(email)}, new String[] {"isActive", active})));
        Arbitrary<Json> notAnObject = jsonValue(2).map(value -> new Json(value, Set.of()));
        Arbitrary<Json> json = Arbitraries.frequencyOf(Tuple.of(5, object), Tuple.of(3, rightShape),
                Tuple.of(1, notAnObject));

        Arbitrary<byte[]> corruption = Arbitraries.of(INVALID_UTF8);
        Arbitrary<Body> wellEncoded = json.map(j -> new Body(j.text().getBytes(StandardCharsets.UTF_8), j.names()));
        Arbitrary<Body> corrupted = Combinators.combine(json, Arbitraries.integers().between(0, 4), corruption,
                Arbitraries.doubles().between(0, 1)).as((j, how, bad, where) -> {
                    byte[] bytes = j.text().getBytes(StandardCharsets.UTF_8);
                    int at = (int) (where * bytes.length);
                    byte[] result = switch (how) {
                        case 0 -> Arrays.copyOf(bytes, at);
                        case 1 -> insert(bytes, at, bad);
                        case 2 -> insert(bytes, 0, new byte[] {(byte) 0xEF, (byte) 0xBB, (byte) 0xBF});
                        case 3 -> j.text().getBytes(StandardCharsets.UTF_16);
                        default -> j.text().getBytes(StandardCharsets.ISO_8859_1);
                    };
                    return new Body(result, j.names());
                });
        Arbitrary<Body> noise = Arbitraries.bytes().array(byte[].class).ofMaxSize(64).map(b -> new Body(b, Set.of()));
        return Arbitraries.frequencyOf(Tuple.of(7, wellEncoded), Tuple.of(3, corrupted), Tuple.of(1, noise));
    }

    /** Mostly the JSON type the endpoint reads, otherwise any odd or wrong one, or none. */
    static Arbitrary<String> contentTypes(String usual) {
        return Arbitraries.frequencyOf(
                Tuple.of(8, Arbitraries.just(usual)),
                Tuple.of(3, Arbitraries.of(ODD_CONTENT_TYPES)),
                Tuple.of(1, Arbitraries.just("")));
    }

    /** {@code /users/{id}} with ids that are negative, huge, not numbers, encoded oddly, or escape the path. */
    static Arbitrary<String> oddUserPaths() {
        Arbitrary<String> fixed = Arbitraries.of(
                "-1", "0", "1", Long.toString(Long.MAX_VALUE), Long.toString(Long.MIN_VALUE), "9223372036854775808",
                "-9223372036854775809", "1" + "0".repeat(30), "1.0", "1e3", "0x1", "+1", "%2B1", "%20", "%201",
                "%00", "1%00", "%2e%2e", "..", "%2F", "1%2F2", "%C0%AE", "%FF", "%ED%A0%80", "%E2%80%AE1", "abc",
                "null", "true", "%27%3B%20DROP%20TABLE%20users%3B%20--", "1%3B", "1;x=1", "1/", "/1", "1/extra",
                "../users/1", "..%2Fusers", "%D9%A3", "%EF%BC%91", "1" + "9".repeat(5_000));
        Arbitrary<String> generated = text().map(HostileInput::percentEncode);
        return Arbitraries.frequencyOf(Tuple.of(2, fixed), Tuple.of(1, generated)).map(id -> "/users/" + id);
    }

    /** {@code /users?...} with odd, repeated, unknown and badly encoded values of limit, after, active and q. */
    static Arbitrary<String> oddListQueries() {
        Arbitrary<String> limit = Arbitraries.of("0", "-1", "1", "100", "101", "2147483648", "99999999999999999999",
                "1e2", "%201", "", "abc", "1.5", "0x10", "+5", "%D9%A3", "%00", "1%00", "20%27");
        Arbitrary<String> after = Arbitraries.oneOf(
                Arbitraries.of("", "MQ", "MQ==", "Mg", "LTE", "MA", "OTIyMzM3MjAzNjg1NDc3NTgwOA", "%00", "..", "%FF",
                        "%2F%2F%2F%2F"),
                Arbitraries.bytes().array(byte[].class).ofMaxSize(24)
                        .map(b -> percentEncode(Base64.getUrlEncoder().withoutPadding().encodeToString(b))),
                text().map(
                        t -> percentEncode(Base64.getUrlEncoder().encodeToString(t.getBytes(StandardCharsets.UTF_8)))),
                text().map(HostileInput::percentEncode));
        Arbitrary<String> active = Arbitraries.of("true", "false", "TRUE", "1", "yes", "", "null", "%00", "tru%C3%A9");
        Arbitrary<String> q = Arbitraries.oneOf(Arbitraries.of(SQL_FRAGMENTS).map(HostileInput::percentEncode),
                text().map(HostileInput::percentEncode), Arbitraries.of("%00", "a%00", "%FF", "%ED%A0%80", "%C0%80"),
                Arbitraries.integers().between(1_000, 6_000).map("q"::repeat));
        Arbitrary<String> param = Arbitraries.frequencyOf(
                Tuple.of(2, limit.map(v -> "limit=" + v)),
                Tuple.of(2, after.map(v -> "after=" + v)),
                Tuple.of(2, active.map(v -> "active=" + v)),
                Tuple.of(3, q.map(v -> "q=" + v)),
                Tuple.of(1, Combinators.combine(text(), text())
                        .as((name, value) -> percentEncode(name) + "=" + percentEncode(value))),
                Tuple.of(1, Arbitraries.of("limit", "q", "&", "=", "==", "after")));
        return param.list().ofMaxSize(5).map(params -> "/users?" + String.join("&", params));
    }

    /** A JSON string literal for {@code value}; lone surrogates and control characters as escapes. */
    static String jsonString(String value) {
        StringBuilder out = new StringBuilder(value.length() + 2).append('"');
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            boolean pairedHigh = Character.isHighSurrogate(c) && i + 1 < value.length()
                    && Character.isLowSurrogate(value.charAt(i + 1));
            if (pairedHigh) {
                out.append(c).append(value.charAt(++i));
            } else if (c == '"' || c == '\\') {
                out.append('\\').append(c);
            } else if (c < 0x20 || Character.isSurrogate(c)) {
                out.append(String.format("\\u%04x", (int) c));
            } else {
                out.append(c);
            }
        }
        return out.append('"').toString();
    }

    /** Every byte of the UTF-8 of {@code value} other than letters and digits as {@code %XX}. */
    static String percentEncode(String value) {
        StringBuilder out = new StringBuilder();
        for (byte b : value.getBytes(StandardCharsets.UTF_8)) {
            int c = b & 0xFF;
            if (c < 0x80 && Character.isLetterOrDigit(c)) {
                out.append((char) c);
            } else {
                out.append('%').append(String.format("%02X", c));
            }
        }
        return out.toString();
    }

    private static byte[] insert(byte[] bytes, int at, byte[] inserted) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(bytes.length + inserted.length);
        out.write(bytes, 0, at);
        out.writeBytes(inserted);
        out.write(bytes, at, bytes.length - at);
        return out.toByteArray();
    }

    /** JSON text and the member names at its top level. */
    record Json(String text, Set<String> names) {

        static Json object(List<String[]> members) {
            Set<String> names = new LinkedHashSet<>();
            List<String> written = new ArrayList<>();
            for (String[] member : members) {
                names.add(member[0]);
                written.add(jsonString(member[0]) + ":" + member[1]);
            }
            return new Json("{" + String.join(",", written) + "}", names);
        }
    }

    /**
     * A generated request body.
     *
     * @param bytes exactly what is sent
     * @param names the member names the body sent at its top level, which an error may name
     */
    record Body(byte[] bytes, Set<String> names) {

        @Override
        public String toString() {
            return preview(bytes);
        }
    }

    /** The first bytes of {@code bytes} for a failure message, with everything unprintable escaped. */
    static String preview(@Nullable byte[] bytes) {
        if (bytes == null) {
            return "(no body)";
        }
        String text = new String(bytes, 0, Math.min(bytes.length, 300), StandardCharsets.UTF_8);
        StringBuilder out = new StringBuilder(bytes.length + " bytes: ");
        text.codePoints().forEach(c -> {
            if (c < 0x20 || c == 0x7F || (c >= 0x80 && c < 0xA0)) {
                out.append(String.format("\\x%02x", c));
            } else {
                out.appendCodePoint(c);
            }
        });
        return bytes.length > 300 ? out.append("...").toString() : out.toString();
    }
}
