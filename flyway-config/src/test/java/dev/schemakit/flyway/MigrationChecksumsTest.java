package dev.schemakit.flyway;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The record of which migrations a build's classes come from. */
class MigrationChecksumsTest {

    @TempDir
    Path folder;

    @Test
    void listsTheSqlFilesOfTheFolderInSha256sumFormat() throws IOException {
        Files.writeString(folder.resolve("V2__b.sql"), "SELECT 2;\n");
        Files.writeString(folder.resolve("V1__a.sql"), "SELECT 1;\n");
        Files.writeString(folder.resolve("V2__b.sql.conf"), "executeInTransaction=false\n");

        String listing = MigrationChecksums.format(MigrationChecksums.of(folder));

        assertThat(listing).isEqualTo(MigrationChecksums.sha256("SELECT 1;\n") + "  V1__a.sql\n"
                + MigrationChecksums.sha256("SELECT 2;\n") + "  V2__b.sql\n");
        assertThat(MigrationChecksums.parse(listing)).isEqualTo(MigrationChecksums.of(folder));
    }

    @Test
    void sha256IsTheStandardOne() {
        assertThat(MigrationChecksums.sha256("abc"))
                .isEqualTo("ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
    }

    @Test
    void readsBinaryModeListingsToo() {
        String sum = MigrationChecksums.sha256("SELECT 1;\n");

        assertThat(MigrationChecksums.parse(sum + " *V1__a.sql\nnot a line\n")).isEqualTo(Map.of("V1__a.sql", sum));
    }

    @Test
    void namesEachMigrationThatIsNewChangedOrGone() {
        Map<String, String> generatedFrom = Map.of("V1__a.sql", "1", "V2__b.sql", "2", "V3__c.sql", "3");
        Map<String, String> files = Map.of("V1__a.sql", "1", "V2__b.sql", "changed", "V4__d.sql", "4");

        assertThat(MigrationChecksums.differences(generatedFrom, files)).containsExactly(
                "V2__b.sql changed after the classes were generated",
                "V4__d.sql is newer than the classes",
                "V3__c.sql is gone, but the classes were generated with it");
        assertThat(MigrationChecksums.differences(files, files)).isEmpty();
    }

    @Test
    void theResourceLiesInThePackagesFolder() {
        assertThat(MigrationChecksums.resource("com.example.db")).isEqualTo("com/example/db/migrations.sha256");
    }
}
