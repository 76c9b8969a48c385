package dev.schemakit.devtools;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A rename the user declared, {@code table.column=new_column}, {@code table=new_table} or, for a
 * value of an enum type, {@code type.value=new_value}. The generator never guesses one: a table,
 * column or value gone on one side and new on the other is a drop and an add unless a rename says
 * otherwise.
 *
 * @param table  the table (by its name before any table rename), or the enum type
 * @param column the column or the enum value, {@code null} for a table rename
 * @param to     the new name
 */
public record Rename(String table, String column, String to) {

    private static final Pattern SYNTAX = Pattern.compile("([^.=\\s]+)(?:\\.([^.=\\s]+))?=([^.=\\s]+)");

    /** Parses {@code users.name=full_name} or {@code users=people}. */
    public static Rename parse(String text) {
        Matcher matcher = SYNTAX.matcher(text.strip());
        if (!matcher.matches()) {
            throw new DevToolsException("-Drename=" + text + " is not table.column=new_name, table=new_name or"
                    + " enum_type.value=new_value, e.g. -Drename=users.name=full_name.");
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
