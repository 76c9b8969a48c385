package dev.schemakit.throwaway;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.PosixFilePermissions;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Set;

import dev.schemakit.throwaway.ThrowawayPostgres.UnavailableException;

/**
 * A hot-standby replica of an embedded server, streaming its WAL, made the way
 * {@code pg_basebackup} makes one (whose binary the embedded distribution lacks): PostgreSQL's
 * non-exclusive backup API around a copy of the running primary's data folder, then
 * {@code backup_label}, {@code standby.signal} and {@code primary_conninfo} in the copy. A
 * physical replication slot on the primary keeps the WAL the replica has not received yet, from
 * before the copy until {@link #close()} drops it, so a stopped replica catches up when it is
 * started again.
 */
final class StreamingReplica implements ThrowawayPostgres.Backend {

    /**
     * What a base backup leaves out (PostgreSQL manual, "Making a Base Backup Using the Low Level
     * API"): the primary's process files, its WAL (streamed instead), and folders of transient
     * state; the folders themselves are kept, empty. {@code epg-lock} is the library's lock file.
     */
    private static final Set<String> SKIPPED_FILES = Set.of("postmaster.pid", "postmaster.opts", "epg-lock",
            "pg_internal.init");
    private static final Set<String> EMPTIED_FOLDERS = Set.of("pg_wal", "pg_replslot", "pg_dynshmem", "pg_notify",
            "pg_serial", "pg_snapshots", "pg_stat_tmp", "pg_subtrans");

    private final EmbeddedBackend server;
    private final ThrowawayPostgres primary;
    private final String slot;

    private StreamingReplica(EmbeddedBackend server, ThrowawayPostgres primary, String slot) {
        this.server = server;
        this.primary = primary;
        this.slot = slot;
    }

    static StreamingReplica start(ThrowawayPostgres primary, EmbeddedBackend primaryServer) {
        Path data = EmbeddedBackend.newDataFolder();
        String slot = "replica_" + Integer.toHexString(data.getFileName().toString().hashCode() & 0x7fffffff);
        try (Connection connection = primary.connect(primary.getJdbcUrl())) {
            // Reserved now, so the WAL from the backup's start on stays until the replica has it.
            call(connection, "select pg_create_physical_replication_slot(?, true)", slot);
            // Fast checkpoint: the copy starts at once instead of after the next timed checkpoint.
            call(connection, "select pg_backup_start(?, true)", slot);
            copy(primaryServer.dataFolder(), data);
            try (PreparedStatement stop = connection
                    .prepareStatement("select labelfile, spcmapfile from pg_backup_stop(false)");
                    ResultSet result = stop.executeQuery()) {
                result.next();
                Files.writeString(data.resolve("backup_label"), result.getString(1), StandardCharsets.UTF_8);
                String tablespaceMap = result.getString(2);
                if (tablespaceMap != null && !tablespaceMap.isEmpty()) {
                    Files.writeString(data.resolve("tablespace_map"), tablespaceMap, StandardCharsets.UTF_8);
                }
            }
            Files.createFile(data.resolve("standby.signal"));
            Files.writeString(data.resolve("postgresql.auto.conf"), """
                    primary_conninfo = 'host=%s port=%d user=%s application_name=%s'
                    primary_slot_name = '%s'
                    """.formatted(primary.getHost(), primary.getPort(), primary.getUsername(), slot, slot),
                    StandardCharsets.UTF_8, StandardOpenOption.APPEND);
        } catch (SQLException | IOException e) {
            throw new UnavailableException("Could not make a replica of " + primary.getDescription() + ": "
                    + Ports.rootMessage(e) + ". The primary must allow replication connections from localhost "
                    + "(the embedded server does) and have a free WAL sender and replication slot.", e);
        }
        return new StreamingReplica(EmbeddedBackend.startOn(data), primary, slot);
    }

    private static void call(Connection connection, String sql, String argument) throws SQLException {
        try (PreparedStatement statement = connection.prepareStatement(sql)) {
            statement.setString(1, argument);
            statement.executeQuery().close();
        }
    }

    /** Copies the live data folder; files the server removes meanwhile are skipped. */
    private static void copy(Path from, Path to) throws IOException {
        Files.createDirectories(to.getParent());
        Files.createDirectory(to, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
        Files.walkFileTree(from, new SimpleFileVisitor<>() {
            @Override
            public FileVisitResult preVisitDirectory(Path folder, BasicFileAttributes attributes) throws IOException {
                Path target = to.resolve(from.relativize(folder).toString());
                if (!folder.equals(from)) {
                    Files.createDirectories(target);
                    Files.setPosixFilePermissions(target, Files.getPosixFilePermissions(folder));
                }
                return EMPTIED_FOLDERS.contains(folder.getFileName().toString()) && folder.getParent().equals(from)
                        ? FileVisitResult.SKIP_SUBTREE
                        : FileVisitResult.CONTINUE;
            }

            @Override
            public FileVisitResult visitFile(Path file, BasicFileAttributes attributes) throws IOException {
                String name = file.getFileName().toString();
                if (SKIPPED_FILES.contains(name) || name.startsWith("pgsql_tmp")) {
                    return FileVisitResult.CONTINUE;
                }
                try {
                    Files.copy(file, to.resolve(from.relativize(file).toString()), StandardCopyOption.COPY_ATTRIBUTES);
                } catch (NoSuchFileException e) {
                    // Removed by the server while the copy ran: WAL replay recreates what matters.
                }
                return FileVisitResult.CONTINUE;
            }

            @Override
            public FileVisitResult visitFileFailed(Path file, IOException e) throws IOException {
                if (e instanceof NoSuchFileException) {
                    return FileVisitResult.CONTINUE;
                }
                throw e;
            }
        });
    }

    @Override
    public String host() {
        return server.host();
    }

    @Override
    public int port() {
        return server.port();
    }

    @Override
    public String database() {
        return server.database();
    }

    @Override
    public String user() {
        return server.user();
    }

    @Override
    public String password() {
        return server.password();
    }

    @Override
    public String description() {
        return "streaming replica of port " + primary.getPort() + ", " + server.description();
    }

    @Override
    public void freeze() {
        server.freeze();
    }

    @Override
    public void thaw() {
        server.thaw();
    }

    @Override
    public void stop() {
        server.stop();
    }

    @Override
    public void restart() {
        server.restart();
    }

    /** Removes the replica and its slot, so that the primary stops keeping WAL for it. */
    @Override
    public void close() {
        server.close();
        try (Connection connection = primary.connect(primary.getJdbcUrl())) {
            call(connection, "select pg_drop_replication_slot(slot_name) from pg_replication_slots where slot_name = ?",
                    slot);
        } catch (SQLException e) {
            // The primary is gone too: nothing keeps WAL any more.
        }
    }
}
