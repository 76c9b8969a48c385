package dev.schemakit.maven;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

import org.apache.maven.plugin.MojoFailureException;
import org.apache.maven.plugins.annotations.Parameter;
import org.codehaus.plexus.util.xml.Xpp3Dom;
import org.jooq.meta.jaxb.Generator;

import dev.schemakit.flyway.MigrationChecksums;

/** The settings of the code generation, which {@code generate} uses and {@code check} checks against. */
abstract class AbstractCodegenMojo extends AbstractSchemakitMojo {

    /**
     * The package of the generated classes. The short form of
     * {@code <generator><target><packageName>}; give one or the other.
     */
    @Parameter(property = "schemakit.packageName")
    String packageName;

    /**
     * jOOQ's code generator configuration, in jOOQ's own shape (see
     * https://www.jooq.org/doc/3.19/manual/code-generation/codegen-configuration/); leave out the
     * JDBC connection, which is the throwaway database's. Defaults where it says nothing: the
     * {@code PostgresDatabase}, input schema {@code public}, Flyway's history table excluded, target
     * directory {@code target/generated-sources/jooq}.
     */
    @Parameter
    Generator generator;

    /**
     * More Flyway settings, by Flyway's own property names (for example
     * {@code <flyway.placeholders.owner>app</flyway.placeholders.owner>}). The locations are the
     * {@code migrations} folder's.
     */
    @Parameter
    Map<String, String> flywayProperties = Map.of();

    /** The resolved settings. */
    CodegenSettings settings() throws MojoFailureException {
        return CodegenSettings.resolve(packageName, generator, flywayProperties, project);
    }

    /** The fingerprint of everything the generated code depends on, with these settings. */
    String fingerprint(CodegenSettings settings) throws MojoFailureException {
        Map<String, String> parts = new TreeMap<>();
        parts.put("plugin", pluginIdentity());
        parts.put("jooq", org.jooq.Constants.FULL_VERSION);
        parts.put("java", System.getProperty("java.specification.version"));
        parts.put("settings", settings.describe());
        Xpp3Dom configuration = mojoExecution.getConfiguration();
        Xpp3Dom generatorXml = configuration == null ? null : configuration.getChild("generator");
        parts.put("generator", generatorXml == null ? "" : generatorXml.toString());
        try {
            parts.put("migrations", Fingerprints.ofFolder(migrations.toPath()));
        } catch (IOException e) {
            throw new MojoFailureException("Cannot read the migrations in " + migrations + ": " + e.getMessage());
        }
        return MigrationChecksums.sha256(parts.toString());
    }

    /**
     * The plugin's version, and for a snapshot the checksum of its classes, so that a snapshot
     * plugin built anew with other code generates anew.
     */
    private String pluginIdentity() {
        var descriptor = mojoExecution.getMojoDescriptor().getPluginDescriptor();
        String identity = descriptor.getVersion();
        File classes = descriptor.getPluginArtifact() == null ? null : descriptor.getPluginArtifact().getFile();
        if (identity.endsWith("-SNAPSHOT") && classes != null && classes.exists()) {
            try {
                identity += " " + Fingerprints.ofClasses(classes.toPath());
            } catch (IOException e) {
                identity += " " + classes.lastModified();
            }
        }
        return identity;
    }

    /** Where the fingerprint of the classes generated with {@code settings} is recorded. */
    Path fingerprintFile(CodegenSettings settings) {
        return Path.of(project.getBuild().getDirectory(), "schemakit", settings.packageName() + ".fingerprint");
    }

    /** Where the listing of the migrations the classes come from is written, as a resource folder. */
    Path resourcesFolder() {
        return Path.of(project.getBuild().getDirectory(), "generated-resources", "schemakit");
    }

    /** The listing written with the classes generated with {@code settings}, if any. */
    Path listingFile(CodegenSettings settings) {
        return resourcesFolder().resolve(MigrationChecksums.resource(settings.packageName()));
    }

    static Optional<String> read(Path file) {
        try {
            return Files.isRegularFile(file) ? Optional.of(Files.readString(file).trim()) : Optional.empty();
        } catch (IOException e) {
            return Optional.empty();
        }
    }
}
