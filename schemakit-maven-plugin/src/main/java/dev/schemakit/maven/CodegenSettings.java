package dev.schemakit.maven;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import org.apache.maven.plugin.MojoFailureException;
import org.apache.maven.project.MavenProject;
import org.jooq.meta.jaxb.Configuration;
import org.jooq.meta.jaxb.Database;
import org.jooq.meta.jaxb.Generator;
import org.jooq.meta.jaxb.Logging;
import org.jooq.meta.jaxb.SchemaMappingType;
import org.jooq.meta.jaxb.Target;
import org.jooq.util.jaxb.tools.MiniJAXB;

/**
 * The code generation's settings: the user's {@code <generator>} and the plugin's defaults where it
 * says nothing.
 *
 * @param packageName      the package of the generated classes
 * @param outputDirectory  the source folder they are written to
 * @param userGenerator    jOOQ's generator configuration as the user wrote it, without JDBC; null for none
 * @param flywayProperties extra Flyway settings
 */
record CodegenSettings(String packageName, Path outputDirectory, Generator userGenerator,
        Map<String, String> flywayProperties) {

    static final String POSTGRES_DATABASE = "org.jooq.meta.postgres.PostgresDatabase";
    static final String DEFAULT_SCHEMA = "public";
    private static final String JOOQ_PACKAGE = new Target().getPackageName();
    private static final String JOOQ_DIRECTORY = new Target().getDirectory();

    /**
     * Resolves the package and the output folder, without touching the rest: this is all an
     * up-to-date build needs.
     *
     * @throws MojoFailureException naming the setting to fix when the package is missing, given twice
     *                              or not a package name
     */
    static CodegenSettings resolve(String packageName, Generator generator, Map<String, String> flywayProperties,
            MavenProject project) throws MojoFailureException {
        Target target = generator == null || generator.getTarget() == null ? new Target() : generator.getTarget();
        // jOOQ's Target comes with a package and a directory of its own; only other values are the user's.
        String targetPackage = blank(target.getPackageName()) || JOOQ_PACKAGE.equals(target.getPackageName().trim())
                ? null
                : target.getPackageName().trim();
        String shortForm = blank(packageName) ? null : packageName.trim();
        if (targetPackage != null && shortForm != null && !targetPackage.equals(shortForm)) {
            throw new MojoFailureException("The schemakit plugin is given two packages: <packageName>" + shortForm
                    + "</packageName> and <generator><target><packageName>" + targetPackage + "</packageName>. Keep"
                    + " one of them.");
        }
        String resolved = shortForm != null ? shortForm : targetPackage;
        if (resolved == null) {
            throw new MojoFailureException("The schemakit plugin needs the package of the classes it generates: add"
                    + " <packageName>com.example.db</packageName> (your package) to its <configuration>.");
        }
        if (!resolved.matches("[A-Za-z_$][\\w$]*(\\.[A-Za-z_$][\\w$]*)*")) {
            throw new MojoFailureException("<packageName>" + resolved + "</packageName> is not a Java package name;"
                    + " use dotted identifiers such as com.example.db.");
        }
        Path output = blank(target.getDirectory()) || JOOQ_DIRECTORY.equals(target.getDirectory().trim())
                ? Path.of(project.getBuild().getDirectory(), "generated-sources", "jooq")
                : project.getBasedir().toPath().resolve(target.getDirectory().trim()).normalize();
        return new CodegenSettings(resolved, output, generator,
                flywayProperties == null ? Map.of() : new TreeMap<>(flywayProperties));
    }

    /** Flyway's history table, which is bookkeeping, not part of the model. */
    String historyTable() {
        return flywayProperties.getOrDefault("flyway.table", "flyway_schema_history");
    }

    /**
     * jOOQ's configuration: a copy of the user's generator with the defaults filled in (the
     * {@code PostgresDatabase}, input schema {@code public}, Flyway's history table excluded), the
     * resolved package and folder, and only warnings logged. The connection is handed to jOOQ apart.
     */
    Configuration jooqConfiguration() {
        Generator generator = userGenerator == null ? new Generator()
                // A copy: Maven hands the same configured object to every run of a reused mojo.
                : MiniJAXB.unmarshal(MiniJAXB.marshal(new Configuration().withGenerator(userGenerator)),
                        Configuration.class).getGenerator();
        Target target = generator.getTarget() == null ? new Target() : generator.getTarget();
        generator.setTarget(target.withPackageName(packageName).withDirectory(outputDirectory.toString()));
        Database database = generator.getDatabase() == null ? new Database() : generator.getDatabase();
        generator.setDatabase(database);
        if (blank(database.getName())) {
            database.setName(POSTGRES_DATABASE);
        }
        if (blank(database.getInputSchema()) && database.getSchemata().isEmpty()) {
            database.setInputSchema(DEFAULT_SCHEMA);
        }
        database.setExcludes(blank(database.getExcludes()) ? historyTable()
                : database.getExcludes() + "|" + historyTable());
        return new Configuration().withGenerator(generator).withLogging(Logging.WARN);
    }

    /** The schemas the generator reads. */
    List<String> generatedSchemas() {
        Database database = jooqConfiguration().getGenerator().getDatabase();
        if (!database.getSchemata().isEmpty()) {
            return database.getSchemata().stream().map(SchemaMappingType::getInputSchema).toList();
        }
        return List.of(database.getInputSchema());
    }

    /** The settings that are not in the {@code <generator>} element, as text for the fingerprint. */
    String describe() {
        return "package " + packageName + "\noutput " + outputDirectory + "\nflyway " + flywayProperties;
    }

    private static boolean blank(String value) {
        return value == null || value.isBlank();
    }
}
