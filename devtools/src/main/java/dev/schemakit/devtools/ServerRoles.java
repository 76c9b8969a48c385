package dev.schemakit.devtools;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The roles a schema grants to, or names in policies, on a throwaway server. Roles belong to the
 * server, not to a database, so migrations do not create them; the throwaway server gets them
 * (without login) before anything is applied, and a server that outlives the build loses again
 * those it did not have.
 */
public final class ServerRoles {

    private static final Pattern MISSING_ROLE = Pattern.compile("role \"([^\"]+)\" does not exist");

    private ServerRoles() {
    }

    /**
     * Creates the roles the server lacks, {@code NOLOGIN}.
     *
     * @return those it created, for {@link #drop}
     */
    public static List<String> createMissing(Connection server, List<String> roles) throws SQLException {
        List<String> created = new ArrayList<>();
        if (roles.isEmpty()) {
            return created;
        }
        Set<String> existing = names(server);
        try (Statement statement = server.createStatement()) {
            for (String role : roles) {
                if (existing.add(role)) {
                    // quote_ident made it an identifier; DDL takes no bind parameters.
                    statement.execute("CREATE ROLE " + identifier(server, role) + " NOLOGIN");
                    created.add(role);
                }
            }
        }
        return created;
    }

    /**
     * Drops the roles, after what they own or were granted in the database of {@code database}. A
     * role another database still uses stays: it is harmless, and its name says whose it is.
     */
    public static void drop(Connection database, List<String> roles) {
        for (String role : roles) {
            try (Statement statement = database.createStatement()) {
                String name = identifier(database, role);
                statement.execute("DROP OWNED BY " + name);
                statement.execute("DROP ROLE IF EXISTS " + name);
            } catch (SQLException e) {
                // As above: it stays.
            }
        }
    }

    /** The names of the server's roles. */
    public static Set<String> names(Connection connection) throws SQLException {
        Set<String> roles = new TreeSet<>();
        try (Statement statement = connection.createStatement();
                ResultSet rs = statement.executeQuery("SELECT rolname FROM pg_roles")) {
            while (rs.next()) {
                roles.add(rs.getString(1));
            }
        }
        return roles;
    }

    /**
     * What to do about a database error that names a missing role, as the end of a message; empty
     * when the error names none.
     */
    public static String hint(String error) {
        Matcher role = MISSING_ROLE.matcher(error == null ? "" : error);
        return role.find()
                ? "Roles belong to the server, not to a schema: name it in the roles option (-Droles="
                        + role.group(1) + "), and the throwaway server gets it before anything is applied."
                : "";
    }

    private static String identifier(Connection connection, String role) throws SQLException {
        try (PreparedStatement quote = connection.prepareStatement("SELECT quote_ident(?)")) {
            quote.setString(1, role);
            try (ResultSet rs = quote.executeQuery()) {
                rs.next();
                return rs.getString(1);
            }
        }
    }
}
