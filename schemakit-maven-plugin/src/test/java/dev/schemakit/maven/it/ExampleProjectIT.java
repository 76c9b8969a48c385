package dev.schemakit.maven.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;

import org.junit.jupiter.api.Test;

import dev.schemakit.maven.it.MavenBuild.Result;

/**
 * examples/books builds and passes its tests as its users run it, against this build's plugin: in
 * both of CI's passes, so with Docker and without.
 */
class ExampleProjectIT {

    @Test
    void booksBuildsAndPassesItsTests() throws Exception {
        Path project = MavenBuild.copy(Path.of(System.getProperty("it.examples"), "books"), "example-books");

        Result build = MavenBuild.run(project, "verify").succeeded();

        assertThat(build.output())
                .contains("schemakit: 4 migrations applied, 3 tables generated in com.example.books.db")
                .containsPattern("Tests run: [1-9][0-9]*, Failures: 0, Errors: 0, Skipped: 0\\n");
        assertThat(project.resolve("target/generated-sources/jooq/com/example/books/db/enums/BookFormat.java"))
                .exists();
    }
}
