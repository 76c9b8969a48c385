package dev.schemakit.service.security;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.function.Supplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jwt.JWTClaimsSet;

import io.micronaut.context.ApplicationContext;
import io.micronaut.context.env.Environment;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.ParseResult;
import picocli.CommandLine.Spec;
import picocli.CommandLine.TypeConversionException;

/**
 * {@code token --subject <name> --scope <scopes> [--ttl <duration>]}: prints a bearer token the
 * service accepts, a JWT signed (HS256) with the configured secret ({@code SCHEMAKIT_AUTH_JWT_SECRET}),
 * for local use and scripts. The scopes go into the {@code scope} claim, space-separated, as an
 * identity provider writes them; {@code --scope ''} mints a token without any. Exit status 0 when it printed the token (one line on stdout, nothing else), 1 when
 * no usable secret is configured, 2 for arguments it does not accept (picocli's codes). Every
 * failure is one paragraph on stderr.
 */
@Command(name = "token",
        description = "Prints a bearer token for this service: a JWT signed (HS256) with the secret in "
                + "SCHEMAKIT_AUTH_JWT_SECRET, the same setting the service verifies tokens with, granting the "
                + "given scopes. Send it as 'Authorization: Bearer <token>'.",
        descriptionHeading = "%n",
        optionListHeading = "%n",
        exitCodeListHeading = "%nExit status:%n",
        exitCodeList = {"0:printed", "1:no usable secret", "2:bad arguments"})
public final class TokenCommandLine implements Callable<Integer> {

    private static final Pattern DURATION = Pattern.compile("([1-9][0-9]{0,8})([smhd])");
    /** A scope token of RFC 6749 §3.3: printable ASCII without space, '"' and '\\'. */
    private static final Pattern SCOPE = Pattern.compile("[\\x21\\x23-\\x5B\\x5D-\\x7E]+");

    @Option(names = "--subject", required = true, paramLabel = "<name>",
            description = "Whom the token is for (the JWT's sub claim).")
    private String subject;

    @Option(names = "--scope", required = true, paramLabel = "<scopes>",
            description = "What the token allows, space-separated; the option may repeat: users:read, users:write "
                    + "(change the user linked to the subject), users:admin (everything). '' for none.")
    private List<String> scopes;

    @Option(names = "--ttl", paramLabel = "<duration>", defaultValue = "1h", converter = TtlConverter.class,
            description = "How long it is valid: a whole number followed by s, m, h or d, such as 90s, 30m, "
                    + "12h or 7d (default: ${DEFAULT-VALUE}).")
    private Duration ttl;

    @Option(names = {"-h", "--help"}, usageHelp = true, description = "Show this help and exit.")
    private boolean help;

    @Spec
    private CommandSpec spec;

    private final Supplier<String> secret;
    private final Clock clock;

    private TokenCommandLine(Supplier<String> secret, Clock clock) {
        this.secret = secret;
        this.clock = clock;
    }

    /** Runs {@code token <args>} with the configured secret; returns the exit status. */
    public static int run(String... args) {
        return commandLine(TokenCommandLine::configuredSecret, Clock.systemUTC()).execute(args);
    }

    /** The command, reading its secret from {@code secret} and the time from {@code clock}. */
    static CommandLine commandLine(Supplier<String> secret, Clock clock) {
        return new CommandLine(new TokenCommandLine(secret, clock))
                .setParameterExceptionHandler(TokenCommandLine::usageError)
                .setExecutionExceptionHandler(TokenCommandLine::failure);
    }

    @Override
    public Integer call() {
        if (subject.isBlank()) {
            throw new ParameterException(spec.commandLine(), "--subject <name> is required.");
        }
        Set<String> granted = new LinkedHashSet<>();
        for (String value : scopes) {
            for (String scope : value.strip().split("\\s+")) {
                if (scope.isEmpty()) {
                    continue;
                }
                if (!SCOPE.matcher(scope).matches()) {
                    throw new ParameterException(spec.commandLine(),
                            "--scope takes scopes such as users:read, separated by spaces.");
                }
                granted.add(scope);
            }
        }
        Instant now = clock.instant();
        JWTClaimsSet.Builder claims = new JWTClaimsSet.Builder()
                .subject(subject)
                .issueTime(Date.from(now))
                .expirationTime(Date.from(now.plus(ttl)));
        if (!granted.isEmpty()) {
            claims.claim("scope", String.join(" ", granted));
        }
        try {
            spec.commandLine().getOut().println(TokenSecret.signature(secret.get()).sign(claims.build()).serialize());
        } catch (JOSEException e) {
            // The secret was checked and HS256 is always available, so this is a defect.
            throw new IllegalStateException("Signing the token failed", e);
        }
        return CommandLine.ExitCode.OK;
    }

    /** One line naming what is wrong with the arguments and where the usage is. */
    private static int usageError(ParameterException e, String[] args) {
        String message = e.getMessage().endsWith(".") ? e.getMessage() : e.getMessage() + ".";
        e.getCommandLine().getErr().println("token: " + message + " See 'token --help'.");
        return e.getCommandLine().getCommandSpec().exitCodeOnInvalidInput();
    }

    /** A missing or short secret gets its message alone, for the operator to fix; anything else is a defect. */
    private static int failure(Exception e, CommandLine commandLine, ParseResult parsed) throws Exception {
        if (!(e instanceof TokenSecretException)) {
            throw e;
        }
        commandLine.getErr().println("token: " + e.getMessage());
        return commandLine.getCommandSpec().exitCodeOnExecutionException();
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

    /** {@code 90s}, {@code 30m}, {@code 12h}, {@code 7d}: a positive whole number and a unit. */
    static final class TtlConverter implements ITypeConverter<Duration> {

        @Override
        public Duration convert(String text) {
            Matcher matcher = DURATION.matcher(text);
            if (!matcher.matches()) {
                throw new TypeConversionException("'" + text + "' is not a duration such as 90s, 30m, 12h or 7d.");
            }
            long amount = Long.parseLong(matcher.group(1));
            return switch (matcher.group(2)) {
                case "s" -> Duration.ofSeconds(amount);
                case "m" -> Duration.ofMinutes(amount);
                case "h" -> Duration.ofHours(amount);
                default -> Duration.ofDays(amount);
            };
        }
    }
}
