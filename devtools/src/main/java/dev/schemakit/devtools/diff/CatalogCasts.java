package dev.schemakit.devtools.diff;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;

/** {@link TypeCasts} from a database's pg_cast. */
public final class CatalogCasts implements TypeCasts {

    private static final String CAST_CONTEXT = "SELECT castcontext::text FROM pg_cast WHERE castsource = ? AND casttarget = ?";

    private final Connection connection;

    public CatalogCasts(Connection connection) {
        this.connection = connection;
    }

    @Override
    public boolean implicit(int from, int to) {
        return "i".equals(context(from, to));
    }

    @Override
    public boolean assignment(int from, int to, String toCategory) {
        String context = context(from, to);
        // Without a cast, assignment still converts to a string type through the old type's output.
        return "i".equals(context) || "a".equals(context) || (context == null && "S".equals(toCategory));
    }

    private String context(int from, int to) {
        try (PreparedStatement statement = connection.prepareStatement(CAST_CONTEXT)) {
            statement.setInt(1, from);
            statement.setInt(2, to);
            try (ResultSet rs = statement.executeQuery()) {
                return rs.next() ? rs.getString(1) : null;
            }
        } catch (SQLException e) {
            throw new IllegalStateException("Cannot read pg_cast: " + e.getMessage(), e);
        }
    }
}
