package dev.schemakit.service.replica;

import java.util.Locale;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import dev.schemakit.service.problem.ProblemException;
import dev.schemakit.service.problem.ProblemType;

/**
 * A position in the primary's write-ahead log, in PostgreSQL's text form of a {@code pg_lsn}:
 * two hexadecimal numbers of up to 8 digits, {@code <high>/<low>} (such as {@code 0/16B3748}).
 * A write's response carries the position after its commit ({@code pg_current_wal_insert_lsn()}
 * once it has committed) in {@value #HEADER}; a read that sends it back is served only by a
 * database that has replayed at least that far.
 */
public record ConsistencyToken(long position) implements Comparable<ConsistencyToken> {

    /** The header that carries it, in responses to writes and in requests to read. */
    public static final String HEADER = "Consistency-Token";

    private static final Pattern LSN = Pattern.compile("([0-9A-Fa-f]{1,8})/([0-9A-Fa-f]{1,8})");

    /**
     * The token in a request's {@value #HEADER} header; empty when the request has none.
     *
     * @throws ProblemException of {@link ProblemType#BAD_REQUEST}, naming the header but not repeating
     *         its value, if the value is not a WAL position
     */
    public static Optional<ConsistencyToken> fromHeader(String value) {
        if (value == null) {
            return Optional.empty();
        }
        return Optional.of(parse(value.trim()).orElseThrow(() -> new ProblemException(ProblemType.BAD_REQUEST,
                "The " + HEADER + " header must be a value this API returned in that header, such as 0/16B3748.")));
    }

    /** The token of PostgreSQL's text form of a {@code pg_lsn}; empty for any other text, null included. */
    static Optional<ConsistencyToken> parse(String lsn) {
        if (lsn == null) {
            return Optional.empty();
        }
        Matcher matcher = LSN.matcher(lsn);
        if (!matcher.matches()) {
            return Optional.empty();
        }
        return Optional.of(new ConsistencyToken(
                Long.parseLong(matcher.group(1), 16) << 32 | Long.parseLong(matcher.group(2), 16)));
    }

    /** Whether a database that has replayed up to {@code this} has everything up to {@code other}. */
    boolean covers(ConsistencyToken other) {
        return compareTo(other) >= 0;
    }

    @Override
    public int compareTo(ConsistencyToken other) {
        return Long.compareUnsigned(position, other.position);
    }

    /** PostgreSQL's text form, the header's value. */
    @Override
    public String toString() {
        return Long.toHexString(position >>> 32).toUpperCase(Locale.ROOT) + "/"
                + Long.toHexString(position & 0xFFFFFFFFL).toUpperCase(Locale.ROOT);
    }
}
