package dev.schemakit.maven;

import java.sql.SQLException;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.flywaydb.core.api.FlywayException;

/** Failures of the libraries, told in one line each. */
final class Failures {

    // The "Line : 6" of Flyway's report of a failed script.
    private static final Pattern SCRIPT_LINE = Pattern.compile("(?m)^Line\\s*:\\s*(\\d+)");
    // The file in Flyway's first line, "Script V2__x.sql failed" or "Migration V2__x.sql failed".
    private static final Pattern SCRIPT = Pattern.compile("^\\w+ (\\S+) failed");

    private Failures() {
    }

    /**
     * A failed migration: Flyway's first line, which names the migration, then the line of the
     * script and the database's error with its SQLSTATE where there was one.
     */
    static String migration(FlywayException e) {
        String flyway = firstLine(e.getMessage());
        SQLException sql = null;
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof SQLException found) {
                sql = found;
            }
        }
        if (sql == null) {
            return "Migrating the throwaway database failed: " + oneLine(e.getMessage()) + ".";
        }
        Matcher line = SCRIPT_LINE.matcher(e.getMessage() == null ? "" : e.getMessage());
        Matcher script = SCRIPT.matcher(flyway);
        String what = script.find() ? "Migration " + script.group(1) + " failed" : flyway;
        return what + (line.find() ? " at line " + line.group(1) : "") + ": " + firstLine(sql.getMessage())
                + (sql.getSQLState() != null ? " (SQLSTATE " + sql.getSQLState() + ")." : ".");
    }

    /** The innermost cause's message, on one line. */
    static String describe(Throwable e) {
        Throwable root = e;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        String message = root.getMessage() == null ? root.getClass().getSimpleName() : oneLine(root.getMessage());
        return message.endsWith(".") ? message.substring(0, message.length() - 1) : message;
    }

    private static String firstLine(String message) {
        return message == null ? ""
                : message.lines().map(String::strip).filter(l -> !l.isEmpty()).findFirst().orElse("");
    }

    private static String oneLine(String message) {
        return message.lines()
                .map(String::strip)
                .filter(l -> !l.isEmpty() && !l.chars().allMatch(c -> c == '-'))
                .reduce((a, b) -> a + " " + b)
                .orElse("");
    }
}
