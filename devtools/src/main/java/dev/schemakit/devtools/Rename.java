package dev.schemakit.devtools;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A rename the user declared, {@code table.column=new_column} or {@code table=new_table}. The
 * generator never guesses one: a table or column gone on one side and new on the other is a
 * drop and an add unless a rename says otherwise.
 *
 * @param table  the table, by its name before any table rename
 * @param column the column, {@code null} for a table rename
 * @param to     the new name
 */
public record Rename(String table, String column, String to) {

    private static final Pattern SYNTAX = Pattern.compile("([^.=\\s]+)(?:\\.([^.=\\s]+))?=([^.=\\s]+)");

    /** Parses {@code users.name=full_name} or {@code users=people}. */
    public static Rename parse(String text) {
        Matcher matcher = SYNTAX.matcher(text.strip());
        if (!matcher.matches()) {
            throw new DevToolsException("-Drename=" + text + " is not table.column=new_name or table=new_name,"
                    + " e.g. -Drename=users.name=full_name.");
        }
        return new Rename(matcher.group(1), matcher.group(2), matcher.group(3));
    }

    public boolean isColumn() {
        return column != null;
    }

    @Override
    public String toString() {
        return table + (column == null ? "" : "." + column) + "=" + to;
    }
}
