// Provides the codegen's throwaway database (see the pipeline comment in generated-model/pom.xml)
// and sets codegen.db.url, .user and .password for the Flyway and jOOQ steps.
// Bound by GMavenPlus: project, session, log.
import java.nio.file.Files
import java.nio.file.Path

import org.apache.maven.plugin.MojoFailureException

String prop(String name) {
    session.userProperties.getProperty(name) ?: project.properties.getProperty(name)
}

long started = System.nanoTime()
Path logFile = Path.of(project.build.directory, 'codegen', 'database.log')
Files.createDirectories(logFile.parent)
// A run that fails half way must not leave the previous fingerprint next to half-written classes.
Files.deleteIfExists(Path.of(prop('codegen.output'), '.codegen-fingerprint'))

// The database is owned by a process of its own, which removes it when its stdin closes: at
// stop-database, or when Maven ends in any other way. A JVM shutdown hook in Maven cannot be
// relied on (Maven closes the plugin's class loader first), and Ryuk, Testcontainers' reaper,
// is not available everywhere.
List<String> command = [Path.of(System.getProperty('java.home'), 'bin', 'java').toString(),
        '-Xmx128m', '-XX:TieredStopAtLevel=1', '-XX:+UseSerialGC', '-Dorg.jooq.no-logo=true', '-Dorg.jooq.no-tips=true',
        // The test class path has Testcontainers, the driver and jOOQ, in the project's versions.
        '--class-path', project.testClasspathElements.join(File.pathSeparator),
        project.basedir.toPath().resolve('src/build/java/CodegenDatabase.java').toString()]
String jdbcUrl = prop('codegen.jdbc.url')
command += jdbcUrl ? ['server', jdbcUrl, prop('codegen.jdbc.user') ?: ''] : ['container', prop('codegen.image')]
def builder = new ProcessBuilder(command).redirectError(logFile.toFile())
builder.environment().put('CODEGEN_JDBC_PASSWORD', prop('codegen.jdbc.password') ?: '')
Process database = builder.start()

Map<String, String> answer = [:]
database.inputStream.newReader('UTF-8').with { reader ->
    for (String line = reader.readLine(); line != null && line != 'ready'; line = reader.readLine()) {
        int eq = line.indexOf('=')
        if (eq > 0) answer[line.substring(0, eq)] = line.substring(eq + 1)
        if (answer.error) break
    }
}
if (answer.error || !answer.url) {
    database.waitFor()
    // GMavenPlus prefixes whatever a script throws with its own words, so the explanation is
    // logged as a paragraph of its own and the exception only points at it.
    log.error(answer.error ?: "The codegen database process ended before providing a database \
(exit code ${database.exitValue()}); see ${logFile}.")
    throw new MojoFailureException('No database for jOOQ code generation; see the error above.')
}

project.properties.setProperty('codegen.db.url', answer.url)
project.properties.setProperty('codegen.db.user', answer.user)
project.properties.setProperty('codegen.db.password', answer.password)
project.setContextValue('codegen.database', database)
log.info(String.format('Codegen: database ready in %.1f s (%s)', (System.nanoTime() - started) / 1e9,
        jdbcUrl ? "throwaway database on ${jdbcUrl.replaceFirst(/\/[^\/]*$/, '')}" : "container ${prop('codegen.image')}"))
project.setContextValue('codegen.started', started)
