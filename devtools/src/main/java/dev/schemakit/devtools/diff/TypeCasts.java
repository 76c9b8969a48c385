package dev.schemakit.devtools.diff;

/** What PostgreSQL's pg_cast says about converting a column from one type to another. */
public interface TypeCasts {

    /** Whether every value of {@code from} converts to {@code to} implicitly (int to bigint, varchar to text). */
    boolean implicit(int from, int to);

    /**
     * Whether ALTER COLUMN ... TYPE converts on its own (an implicit or assignment cast, or output
     * as a string type); when not, the statement needs {@code USING column::type}.
     */
    boolean assignment(int from, int to, String toCategory);
}
