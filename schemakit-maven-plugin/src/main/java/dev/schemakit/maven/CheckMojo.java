package dev.schemakit.maven;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import org.apache.maven.plugin.MojoFailureException;
import org.apache.maven.plugins.annotations.Mojo;
import org.apache.maven.plugins.annotations.Parameter;

import dev.schemakit.devtools.DriftCheck;
import dev.schemakit.flyway.MigrationChecksums;

/**
 * Fails, naming each problem and what fixes it, when the declared schema and the schema the
 * migrations build differ (drift), when the generated jOOQ classes are older than the migrations or
 * the generator's settings, and, with {@code -Dlint}, when squawk finds a problem in a migration.
 * Every check runs, so one run reports every problem.
 */
@Mojo(name = "check", threadSafe = true)
public class CheckMojo extends AbstractCodegenMojo {

    /**
     * Also lints every migration with squawk (through {@code npx}, so Node.js must be installed); a
     * finding fails the check unless the migration accepts it with a {@code -- squawk-ignore <rule>}
     * line after its reason.
     */
    @Parameter(property = "lint", defaultValue = "false")
    boolean lint;

    @Override
    void run() throws MojoFailureException {
        List<String> problems = new ArrayList<>();
        generatedClassesProblem().ifPresent(problems::add);
        problems.addAll(DriftCheck.run(sources(), lint, comparison(), info(), info()));
        if (!problems.isEmpty()) {
            throw new MojoFailureException(String.join("\n\n", problems));
        }
    }

    /** Whether the classes the {@code generate} goal wrote are those it would write now. */
    private Optional<String> generatedClassesProblem() throws MojoFailureException {
        boolean generates = project.getBuildPlugins().stream()
                .filter(p -> p.getKey().equals(mojoExecution.getMojoDescriptor().getPluginDescriptor()
                        .getPluginLookupKey()))
                .flatMap(p -> p.getExecutions().stream())
                .anyMatch(e -> e.getGoals().contains("generate"));
        if (!generates) {
            getLog().info("the generate goal is not bound in " + project.getArtifactId() + "; no generated classes"
                    + " to check");
            return Optional.empty();
        }
        CodegenSettings settings = settings();
        Optional<String> recorded = read(fingerprintFile(settings));
        if (recorded.isEmpty()) {
            return Optional.of("No jOOQ classes have been generated in " + project.getArtifactId() + " (or its target"
                    + " folder was cleaned since). Run ./mvnw generate-sources.");
        }
        if (recorded.get().equals(fingerprint(settings))) {
            info().println("generated classes in " + settings.packageName() + " match the migrations");
            return Optional.empty();
        }
        List<String> differences;
        try {
            differences = MigrationChecksums.differences(
                    MigrationChecksums.parse(read(listingFile(settings)).orElse("")),
                    MigrationChecksums.of(migrations.toPath()));
        } catch (IOException e) {
            throw new MojoFailureException("Cannot read the migrations in " + migrations + ": " + e.getMessage());
        }
        String what = differences.isEmpty()
                ? "were generated with other settings (the plugin, jOOQ, the JDK or the <generator> configuration"
                        + " changed since, or a migration's .conf file)"
                : "are older than the migrations: " + String.join("; ", differences);
        return Optional.of("The jOOQ classes in " + settings.packageName() + " " + what
                + ". Run ./mvnw generate-sources to regenerate them.");
    }
}
