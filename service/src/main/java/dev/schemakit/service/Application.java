package dev.schemakit.service;

import java.sql.SQLException;
import java.util.Arrays;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

import org.flywaydb.core.api.FlywayException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import dev.schemakit.service.db.DbCommandLine;
import dev.schemakit.service.security.TokenCommandLine;
import io.micronaut.context.env.Environment;
import io.micronaut.runtime.Micronaut;
import io.swagger.v3.oas.annotations.OpenAPIDefinition;
import io.swagger.v3.oas.annotations.enums.SecuritySchemeType;
import io.swagger.v3.oas.annotations.info.Info;
import io.swagger.v3.oas.annotations.security.SecurityScheme;
import io.swagger.v3.oas.annotations.tags.Tag;

/**
 * Starts the service. Creating the data source applies the migrations of the {@code schema} jar
 * (micronaut-flyway), and that happens while the application context starts, before the HTTP
 * server binds its port. If starting fails, the process logs one line naming the cause (the stack
 * trace only at DEBUG for this class) and exits with status 1.
 * <p>
 * {@code db <command> ...} runs a database command instead ({@link DbCommandLine}): no HTTP server,
 * no migration at startup, the command's exit status. {@code token --subject <name>} prints a bearer
 * token signed with the configured secret ({@link TokenCommandLine}).
 */
@OpenAPIDefinition(info = @Info(
        title = "schemakit",
        version = "${api.version}",
        description = """
                Users of a schema-first service: create, read, list (cursor pages), patch and delete. \
                Every error is an `application/problem+json` body (RFC 9457) whose `type` is one of \
                `https://schemakit.dev/problems/*`; `validation` and `duplicate-user` list the \
                offending fields in `errors`."""),
        tags = @Tag(name = "users", description = "Create, read, list, change and delete users."))
@SecurityScheme(name = "bearerAuth", type = SecuritySchemeType.HTTP, scheme = "bearer", bearerFormat = "JWT",
        description = """
                A JWT from the identity provider the service is configured with (RS256 or ES256, with its issuer \
                and this service's audience), or, without one, signed (HS256) with the service's secret. Its \
                `scope` claim grants `users:read` (read users), `users:write` (change and delete the user its \
                `sub` owns; sign up, where allowed) and `users:admin` (everything). Each operation's \
                description and `x-required-scopes` say which it needs; a valid token without them gets 403 \
                `insufficient-scope`.""")
public final class Application {

    private static final Logger LOG = LoggerFactory.getLogger(Application.class);
    // The "Line : 6" of Flyway's report of a failed script.
    private static final Pattern SCRIPT_LINE = Pattern.compile("(?m)^Line\\s*:\\s*(\\d+)");

    private Application() {
    }

    public static void main(String[] args) {
        if (args.length > 0 && args[0].equals("db")) {
            System.exit(DbCommandLine.run(Arrays.copyOfRange(args, 1, args.length)));
        }
        if (args.length > 0 && args[0].equals("token")) {
            System.exit(TokenCommandLine.run(Arrays.copyOfRange(args, 1, args.length)));
        }
        // No banner: the start-up is one log line (ops.StartupLog).
        new Launcher().banner(false).args(args).mainClass(Application.class).start();
    }

    /**
     * The message worth showing for a failed start, on one line: Flyway's, which names the
     * migration, followed for a failed statement by the database's error, its SQLSTATE and the
     * line of the script; else the driver's (the innermost {@link SQLException}); else the root
     * cause's. Micronaut's own wrappers only add bean paths.
     */
    static String describe(Throwable failure) {
        Throwable root = failure;
        String flyway = null;
        SQLException sql = null;
        for (Throwable t = failure; t != null; t = t.getCause()) {
            if (flyway == null && t instanceof FlywayException) {
                flyway = t.getMessage();
            }
            if (t instanceof SQLException e) {
                sql = e;
            }
            root = t;
        }
        String rootMessage = root.getMessage() != null ? firstLine(root.getMessage()) : root.getClass().getName();
        if (flyway != null && sql != null) {
            // Flyway's report of a failed script spans lines (a ruler, SQL State, Message, Line, ...).
            Matcher line = SCRIPT_LINE.matcher(flyway);
            return "Database migration failed: " + firstLine(flyway) + (line.find() ? " at line " + line.group(1) : "")
                    + ": " + firstLine(sql.getMessage())
                    + (sql.getSQLState() != null ? " (SQLSTATE " + sql.getSQLState() + ")" : "");
        }
        if (flyway != null) {
            String message = oneLine(flyway);
            return message.contains(rootMessage) ? "Database migration failed: " + message
                    : "Database migration failed: " + message + " Cause: " + rootMessage;
        }
        return sql != null ? "Cannot use the database: " + firstLine(sql.getMessage()) : rootMessage;
    }

    private static String firstLine(String message) {
        return message.lines().map(String::strip).filter(line -> !line.isEmpty()).findFirst().orElse("");
    }

    private static String oneLine(String message) {
        return message.lines()
                .map(String::strip)
                .filter(line -> !line.isEmpty() && !line.chars().allMatch(c -> c == '-'))
                .collect(Collectors.joining(" "));
    }

    /** Micronaut's launcher, reporting a failed start without a stack trace. */
    private static final class Launcher extends Micronaut {

        @Override
        protected void handleStartupException(Environment environment, Throwable exception) {
            LOG.error("Startup failed. {}", describe(exception));
            LOG.debug("Startup failure", exception);
            System.exit(1);
        }
    }
}
