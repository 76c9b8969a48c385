package dev.schemakit.throwaway;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.HashMap;
import java.util.Map;
import java.util.Properties;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import dev.schemakit.throwaway.ThrowawayPostgres.Kind;
import dev.schemakit.throwaway.ThrowawayPostgres.UnavailableException;

class ThrowawayPostgresTest {

    private final Map<String, String> saved = new HashMap<>();

    @AfterEach
    void restoreSettings() {
        saved.forEach((key, value) -> {
            if (value == null) {
                System.clearProperty(key);
            } else {
                System.setProperty(key, value);
            }
        });
    }

    private void set(String key, String value) {
        saved.putIfAbsent(key, System.getProperty(key));
        System.setProperty(key, value);
    }

    @Test
    void embeddedServerIsPostgres17AndLeavesNothingBehind() throws Exception {
        set("schemakit.database", "embedded");
        Path data;
        int port;
        try (ThrowawayPostgres postgres = ThrowawayPostgres.start()) {
            assertThat(postgres.getKind()).isEqualTo(Kind.EMBEDDED);
            assertThat(postgres.getDescription()).contains("(schemakit.database=embedded)");
            assertThat(query(postgres, postgres.getJdbcUrl(), "show server_version_num")).startsWith("17");
            data = Path.of(postgres.getDescription().replaceFirst(".*\\(data ([^)]+)\\).*", "$1"));
            assertThat(data.resolve("postmaster.pid")).exists();
            port = postgres.getPort();
        }
        assertThat(data).doesNotExist();
        assertThatThrownBy(
                () -> DriverManager.getConnection("jdbc:postgresql://localhost:" + port + "/postgres", "postgres", ""))
                .isInstanceOf(SQLException.class);
    }

    @Test
    void embeddedServerOfAKilledJvmIsStoppedAndRemoved() throws Exception {
        String classpath = System.getProperty("java.class.path");
        Process owner = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", classpath, "-Dschemakit.database=embedded", Holder.class.getName())
                .redirectErrorStream(true)
                .start();
        var output = new java.io.BufferedReader(new java.io.InputStreamReader(owner.getInputStream()));
        String line;
        Path data = null;
        while ((line = output.readLine()) != null) {
            if (line.startsWith("data ")) {
                data = Path.of(line.substring(5));
                break;
            }
        }
        assertThat(data).isNotNull();
        assertThat(data.resolve("postmaster.pid")).exists();

        owner.destroyForcibly().waitFor();

        long deadline = System.nanoTime() + 40_000_000_000L;
        while (Files.exists(data) && System.nanoTime() < deadline) {
            Thread.sleep(200);
        }
        assertThat(data).as("the killed JVM's server and data").doesNotExist();
    }

    /** Starts an embedded server, says where its data is and waits to be killed. */
    static final class Holder {
        public static void main(String[] args) throws InterruptedException {
            ThrowawayPostgres postgres = ThrowawayPostgres.start();
            System.out.println("data " + postgres.getDescription().replaceFirst(".*\\(data ([^)]+)\\).*", "$1"));
            System.out.flush();
            Thread.sleep(Long.MAX_VALUE);
        }
    }

    @Test
    void frozenServerAnswersNothingUntilThawed() throws Exception {
        set("schemakit.database", "embedded");
        try (ThrowawayPostgres postgres = ThrowawayPostgres.start()) {
            String url = postgres.getJdbcUrl() + "?socketTimeout=1&connectTimeout=1";
            postgres.freeze();
            try {
                assertThatThrownBy(() -> query(postgres, url, "select 1")).isInstanceOf(SQLException.class);
            } finally {
                postgres.thaw();
            }
            assertThat(query(postgres, url, "select 1")).isEqualTo("1");
        }
    }

    @Test
    void stoppedServerComesBackOnTheSamePortWithItsData() throws Exception {
        set("schemakit.database", "embedded");
        try (ThrowawayPostgres postgres = ThrowawayPostgres.builder().samePortAfterRestart().start()) {
            String url = postgres.createDatabase("kept");
            execute(postgres, url, "create table t (x int); insert into t values (42)");
            int port = postgres.getPort();

            postgres.stop();
            assertThatThrownBy(() -> query(postgres, url, "select 1")).isInstanceOf(SQLException.class);
            postgres.restart();

            assertThat(postgres.getPort()).isEqualTo(port);
            assertThat(query(postgres, url, "select x from t")).isEqualTo("42");
        }
    }

    @Test
    void serverChoiceCreatesADatabaseThereAndDropsIt() throws Exception {
        set("schemakit.database", "embedded");
        try (ThrowawayPostgres server = ThrowawayPostgres.start()) {
            set("schemakit.database", "server");
            set("schemakit.database.url", server.getJdbcUrl());
            set("schemakit.database.user", server.getUsername());
            set("schemakit.database.password", server.getPassword());
            String name;
            try (ThrowawayPostgres onServer = ThrowawayPostgres.builder().role("codegen").start()) {
                assertThat(onServer.getKind()).isEqualTo(Kind.SERVER);
                name = onServer.getDatabaseName();
                assertThat(name).startsWith("codegen_");
                assertThat(query(onServer, onServer.getJdbcUrl(), "select current_database()")).isEqualTo(name);
            }
            assertThat(query(server, server.getJdbcUrl(),
                    "select count(*) from pg_database where datname = '" + name + "'")).isEqualTo("0");
        }
    }

    @Test
    void dockerThatCannotProvideTheImageCountsAsNoDocker() {
        set("schemakit.postgres.image", "schemakit-test/no-such-image:1");
        try (ThrowawayPostgres postgres = ThrowawayPostgres.start()) {
            assertThat(postgres.getKind()).isEqualTo(Kind.EMBEDDED);
            assertThat(postgres.getDescription()).containsPattern(
                    "\\(no usable Docker: (no Docker engine answered|the Docker engine cannot provide .*no-such-image:1 .*)\\)$");
        }
    }

    @Test
    void dockerAskedForButUnusableFailsNamingTheFixes() {
        set("schemakit.database", "docker");
        set("schemakit.postgres.image", "schemakit-test/no-such-image:1");

        assertThatThrownBy(ThrowawayPostgres::start)
                .isInstanceOf(UnavailableException.class)
                .hasMessageContaining("A Docker PostgreSQL was asked for (schemakit.database=docker), but ")
                .hasMessageContaining("leave schemakit.database unset to use the embedded PostgreSQL");
    }

    @Test
    void unknownChoiceIsRefusedNamingTheValidOnes() {
        set("schemakit.database", "podman");

        assertThatThrownBy(ThrowawayPostgres::start)
                .isInstanceOf(UnavailableException.class)
                .hasMessage("schemakit.database must be docker, embedded or server, not 'podman'; leave it unset to "
                        + "use Docker where it works and the embedded PostgreSQL elsewhere.");
    }

    @Test
    void serverChoiceWithoutUrlNamesTheSettings() {
        set("schemakit.database", "server");

        assertThatThrownBy(ThrowawayPostgres::start)
                .isInstanceOf(UnavailableException.class)
                .hasMessageStartingWith("schemakit.database=server needs the server: set schemakit.database.url=");
    }

    @Test
    void binariesAreUnpackedOnceIntoTheUserCache() throws Exception {
        set("schemakit.database", "embedded");
        try (ThrowawayPostgres postgres = ThrowawayPostgres.start()) {
            assertThat(EmbeddedBackend.cacheFolder()).isDirectory();
            try (var unpacked = Files.list(EmbeddedBackend.cacheFolder())) {
                assertThat(unpacked.filter(p -> p.getFileName().toString().startsWith("PG-"))).hasSize(1);
            }
        }
    }

    private static String query(ThrowawayPostgres postgres, String url, String sql) throws SQLException {
        try (Connection connection = connect(postgres, url);
                Statement statement = connection.createStatement();
                var result = statement.executeQuery(sql)) {
            result.next();
            return result.getString(1);
        }
    }

    private static void execute(ThrowawayPostgres postgres, String url, String sql) throws SQLException {
        try (Connection connection = connect(postgres, url); Statement statement = connection.createStatement()) {
            statement.execute(sql);
        }
    }

    private static Connection connect(ThrowawayPostgres postgres, String url) throws SQLException {
        Properties properties = new Properties();
        properties.setProperty("user", postgres.getUsername());
        properties.setProperty("password", postgres.getPassword());
        return DriverManager.getConnection(url, properties);
    }
}
