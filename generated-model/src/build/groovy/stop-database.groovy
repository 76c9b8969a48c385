// Last step of the codegen pipeline (see the comment in generated-model/pom.xml): removes the
// throwaway database and records the fingerprint that lets the next run skip all of this.
// Bound by GMavenPlus: project, session, log.
import java.nio.file.Files
import java.nio.file.Path
import java.util.concurrent.TimeUnit

import org.apache.maven.plugin.MojoFailureException

Process database = project.getContextValue('codegen.database')
project.setContextValue('codegen.database', null)

// End of input tells the database process to remove the database (see CodegenDatabase.java).
database.outputStream.close()
String migrations = database.inputStream.newReader('UTF-8').readLines()
        .find { it.startsWith('migrations=') }?.substring('migrations='.length()) ?: '?'
if (!database.waitFor(2, TimeUnit.MINUTES) || database.exitValue() != 0) {
    database.destroyForcibly()
    throw new MojoFailureException("""The jOOQ classes were generated, but the throwaway codegen \
database could not be removed; see ${Path.of(project.build.directory, 'codegen', 'database.log')}. \
Remove it by hand: docker rm -f on the container labelled dev.schemakit.role=codegen, or \
DROP DATABASE on the codegen_... database.""")
}

Path output = Path.of(project.properties.getProperty('codegen.output'))
Path tables = output.resolve(project.properties.getProperty('codegen.package').replace('.', '/')).resolve('tables')
long tableCount = Files.list(tables).withCloseable { files -> files.filter { it.toString().endsWith('.java') }.count() }
// Written last, so that it only ever stands next to complete output (see check-fingerprint).
Files.writeString(output.resolve('.codegen-fingerprint'), project.properties.getProperty('codegen.fingerprint') + '\n')
log.info(String.format('Codegen: %s migrations applied, %d tables generated, database removed; %.1f s in all',
        migrations, tableCount, (System.nanoTime() - project.getContextValue('codegen.started')) / 1e9))
