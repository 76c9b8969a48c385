package dev.schemakit.service.security;

import java.io.PrintStream;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jwt.JWTClaimsSet;

import io.micronaut.context.ApplicationContext;
import io.micronaut.context.env.Environment;

/**
 * {@code token --subject <name> [--ttl <duration>]}: prints a bearer token the service accepts, a
 * JWT signed (HS256) with the configured secret ({@code SCHEMAKIT_AUTH_JWT_SECRET}), for local use
 * and scripts. Exit status 0 when it printed the token (one line on stdout, nothing else), 1 when
 * no usable secret is configured, 2 for arguments it does not accept. Every failure is one
 * paragraph on stderr.
 */
public final class TokenCommandLine {

    static final int OK = 0;
    static final int FAILED = 1;
    static final int USAGE = 2;

    static final Duration DEFAULT_TTL = Duration.ofHours(1);

    private static final String HELP = """
            Usage: token --subject <name> [--ttl <duration>]

            Prints a bearer token for this service: a JWT signed (HS256) with the secret in
            SCHEMAKIT_AUTH_JWT_SECRET, the same setting the service verifies tokens with. Send it as
            'Authorization: Bearer <token>'.
              --subject <name>    whom the token is for (the JWT's sub claim)
              --ttl <duration>    how long it is valid: a whole number followed by s, m, h or d,
                                  such as 90s, 30m, 12h or 7d (default 1h)

            Exit status: 0 printed, 1 no usable secret, 2 bad arguments.
            """;

    private static final Pattern DURATION = Pattern.compile("([1-9][0-9]{0,8})([smhd])");

    private final PrintStream out;
    private final PrintStream err;
    private final Supplier<String> secret;
    private final Clock clock;

    TokenCommandLine(PrintStream out, PrintStream err, Supplier<String> secret, Clock clock) {
        this.out = out;
        this.err = err;
        this.secret = secret;
        this.clock = clock;
    }

    /** Runs {@code token <args>} with the configured secret; returns the exit status. */
    public static int run(String... args) {
        return new TokenCommandLine(System.out, System.err, TokenCommandLine::configuredSecret, Clock.systemUTC())
                .execute(args);
    }

    int execute(String... args) {
        try {
            Map<String, String> options = parse(List.of(args));
            if (options.containsKey("--help")) {
                out.print(HELP);
                return OK;
            }
            String subject = options.get("--subject");
            if (subject == null || subject.isBlank()) {
                throw new UsageException("--subject <name> is required.");
            }
            Duration ttl = options.containsKey("--ttl") ? duration(options.get("--ttl")) : DEFAULT_TTL;
            out.println(mint(subject, ttl));
            return OK;
        } catch (UsageException e) {
            err.println("token: " + e.getMessage() + " See 'token --help'.");
            return USAGE;
        } catch (TokenSecretException e) {
            err.println("token: " + e.getMessage());
            return FAILED;
        }
    }

    private String mint(String subject, Duration ttl) {
        Instant now = clock.instant();
        JWTClaimsSet claims = new JWTClaimsSet.Builder()
                .subject(subject)
                .issueTime(Date.from(now))
                .expirationTime(Date.from(now.plus(ttl)))
                .build();
        try {
            return TokenSecret.signature(secret.get()).sign(claims).serialize();
        } catch (JOSEException e) {
            // The secret was checked above and HS256 is always available, so this is a defect.
            throw new IllegalStateException("Signing the token failed", e);
        }
    }

    private static Map<String, String> parse(List<String> args) {
        Map<String, String> options = new HashMap<>();
        for (int i = 0; i < args.size(); i++) {
            String arg = args.get(i);
            if (arg.equals("--help") || arg.equals("-h")) {
                options.put("--help", "");
                continue;
            }
            String name = arg.contains("=") ? arg.substring(0, arg.indexOf('=')) : arg;
            if (!name.equals("--subject") && !name.equals("--ttl")) {
                throw new UsageException(arg.startsWith("-")
                        ? "Unknown option " + name + "; the options are --subject and --ttl."
                        : "Unexpected argument '" + arg + "'; the subject is given as --subject <name>.");
            }
            String value;
            if (arg.contains("=")) {
                value = arg.substring(arg.indexOf('=') + 1);
            } else if (i + 1 < args.size()) {
                value = args.get(++i);
            } else {
                throw new UsageException(name + " needs a value.");
            }
            if (options.put(name, value) != null) {
                throw new UsageException(name + " is given twice.");
            }
        }
        return options;
    }

    private static Duration duration(String text) {
        Matcher matcher = DURATION.matcher(text);
        if (!matcher.matches()) {
            throw new UsageException("--ttl '" + text + "' is not a duration such as 90s, 30m, 12h or 7d.");
        }
        long amount = Long.parseLong(matcher.group(1));
        return switch (matcher.group(2)) {
            case "s" -> Duration.ofSeconds(amount);
            case "m" -> Duration.ofMinutes(amount);
            case "h" -> Duration.ofHours(amount);
            default -> Duration.ofDays(amount);
        };
    }

    /** The secret as the service reads it, through Micronaut's environment only: no bean starts. */
    private static String configuredSecret() {
        Environment environment = ApplicationContext.builder().build().getEnvironment().start();
        try {
            return environment.getProperty(TokenSecret.PROPERTY, String.class).orElse(null);
        } finally {
            environment.stop();
        }
    }

    /** Arguments the command does not accept (exit status 2). */
    private static final class UsageException extends RuntimeException {

        UsageException(String message) {
            super(message);
        }
    }
}
