package dev.schemakit.service.user;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

import dev.schemakit.service.problem.ProblemException;
import dev.schemakit.service.problem.ProblemType;

/**
 * The value of an {@code If-Match} or {@code If-None-Match} header (RFC 9110 §13.1.1, §13.1.2):
 * {@code *}, or a comma-separated list of entity tags ({@code "3"}, {@code W/"3"}), possibly spread
 * over several header lines. A user's entity tag is its row version in quotes, {@link #of(long)}.
 */
final class EntityTags {

    /** {@code *}: matches whatever version the user has. */
    static final EntityTags ANY = new EntityTags(true, List.of());

    private final boolean any;
    private final List<Tag> tags;

    private record Tag(boolean weak, String opaque) {
    }

    private EntityTags(boolean any, List<Tag> tags) {
        this.any = any;
        this.tags = tags;
    }

    /** The strong entity tag of a user at {@code version}, such as {@code "3"}. */
    static String of(long version) {
        return "\"" + version + "\"";
    }

    /**
     * Parses the lines of header {@code name}; empty if there are none. A list with no elements at
     * all (the header sent empty) is valid and matches nothing.
     *
     * @throws ProblemException of {@link ProblemType#BAD_REQUEST} naming {@code name} if a value is
     *         neither {@code *} alone nor a list of entity tags
     */
    static Optional<EntityTags> parse(String name, List<String> lines) {
        if (lines.isEmpty()) {
            return Optional.empty();
        }
        String value = String.join(",", lines);
        if (value.strip().equals("*")) {
            return Optional.of(ANY);
        }
        List<Tag> tags = new ArrayList<>();
        int i = 0;
        int n = value.length();
        while (i < n) {
            i = skipWhitespace(value, i);
            if (i == n) {
                break;
            }
            if (value.charAt(i) == ',') {
                // RFC 9110 §5.6.1.2: empty list elements are allowed and ignored.
                i++;
                continue;
            }
            boolean weak = value.startsWith("W/", i);
            int open = weak ? i + 2 : i;
            if (open >= n || value.charAt(open) != '"') {
                throw malformed(name);
            }
            int close = open + 1;
            while (close < n && isTagCharacter(value.charAt(close))) {
                close++;
            }
            if (close >= n || value.charAt(close) != '"') {
                throw malformed(name);
            }
            tags.add(new Tag(weak, value.substring(open + 1, close)));
            i = skipWhitespace(value, close + 1);
            if (i < n && value.charAt(i) != ',') {
                throw malformed(name);
            }
        }
        return Optional.of(new EntityTags(false, List.copyOf(tags)));
    }

    /** The answer to a malformed header: it is named, its value not repeated. */
    private static ProblemException malformed(String name) {
        return new ProblemException(ProblemType.BAD_REQUEST,
                "The " + name + " header must be * or a comma-separated list of entity tags such as \"3\".");
    }

    /** Whether this is {@code *}. */
    boolean isAny() {
        return any;
    }

    /**
     * The versions named by strong tags, the only ones {@code If-Match} may match (RFC 9110 §8.8.3.2
     * strong comparison): {@code W/"3"}, {@code "03"} and {@code "x"} name none.
     */
    Set<Long> strongVersions() {
        Set<Long> versions = new TreeSet<>();
        for (Tag tag : tags) {
            if (!tag.weak()) {
                version(tag.opaque()).ifPresent(versions::add);
            }
        }
        return versions;
    }

    /** {@code If-Match} against a user at {@code version}: {@code *}, or a strong tag equal to its own. */
    boolean matchesStrongly(long version) {
        return any || strongVersions().contains(version);
    }

    /**
     * {@code If-None-Match} against a user at {@code version}: {@code *}, or any tag, weak or
     * strong, with its opaque part (RFC 9110 §8.8.3.2 weak comparison).
     */
    boolean matchesWeakly(long version) {
        if (any) {
            return true;
        }
        String opaque = Long.toString(version);
        return tags.stream().anyMatch(tag -> tag.opaque().equals(opaque));
    }

    /** The version an opaque tag is the canonical spelling of, if any. */
    private static Optional<Long> version(String opaque) {
        if (!opaque.matches("[1-9][0-9]{0,18}")) {
            return Optional.empty();
        }
        try {
            return Optional.of(Long.parseLong(opaque));
        } catch (NumberFormatException e) {
            // 19 digits above Long.MAX_VALUE: not a version this service ever handed out.
            return Optional.empty();
        }
    }

    private static int skipWhitespace(String value, int i) {
        while (i < value.length() && (value.charAt(i) == ' ' || value.charAt(i) == '\t')) {
            i++;
        }
        return i;
    }

    /** {@code etagc} of RFC 9110 §8.8.3: visible ASCII except {@code "}, and obs-text. */
    private static boolean isTagCharacter(char c) {
        return c == 0x21 || (c >= 0x23 && c <= 0x7E) || (c >= 0x80 && c <= 0xFF);
    }
}
