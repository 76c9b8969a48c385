package dev.schemakit.maven.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * Real Maven builds of the projects under {@code src/it} (and {@code examples/}), as their users run
 * them: the Maven that runs this build, with this build's plugin installed in a repository of its
 * own ({@code target/it-repo}, by maven-invoker-plugin's install goal) and everything else taken
 * from the user's local repository.
 */
final class MavenBuild {

    private static final Path MAVEN = Path.of(System.getProperty("maven.home"), "bin", "mvn");
    private static final Path PROJECTS = Path.of(System.getProperty("it.projects"));
    private static final Path WORK = Path.of(System.getProperty("it.work"));

    /** The output of a build and how it ended; the output is also in {@code <project>-build-<n>.log}. */
    record Result(int exitCode, String output) {

        Result succeeded() {
            assertThat(exitCode).as(output).isZero();
            return withoutStackTraces();
        }

        Result failed() {
            assertThat(exitCode).as(output).isNotZero();
            return withoutStackTraces();
        }

        /**
         * Whatever the outcome, no stack trace: not in a failure, and not from a shutdown hook of a
         * library the plugin ran, which would print one after Maven closed the plugin's class realm.
         */
        private Result withoutStackTraces() {
            assertThat(output).doesNotContain("\tat ").doesNotContain("Exception in thread");
            return this;
        }
    }

    private MavenBuild() {
    }

    /** A fresh copy of the project {@code src/it/<name>}, in a folder named for {@code test}. */
    static Path copyOf(String name, String test) throws IOException {
        return copy(PROJECTS.resolve(name), test);
    }

    /** A fresh copy of {@code source}, with this build's versions in its POMs, in a folder named for {@code test}. */
    static Path copy(Path source, String test) throws IOException {
        Path target = WORK.resolve(test);
        delete(target);
        try (Stream<Path> logs = Files.exists(WORK) ? Files.list(WORK) : Stream.empty()) {
            for (Path log : logs.filter(f -> f.getFileName().toString().startsWith(test + "-build-")).toList()) {
                Files.delete(log);
            }
        }
        try (Stream<Path> files = Files.walk(source)) {
            for (Path file : files.filter(Files::isRegularFile).toList()) {
                Path relative = source.relativize(file);
                if (relative.startsWith("target") || relative.toString().contains("/target/")) {
                    continue;
                }
                Path copy = target.resolve(relative);
                Files.createDirectories(copy.getParent());
                if (file.getFileName().toString().equals("pom.xml")) {
                    Files.writeString(copy, Files.readString(file)
                            .replace("@schemakit.version@", System.getProperty("schemakit.version"))
                            .replace("@jooq.version@", System.getProperty("jooq.version")));
                } else {
                    Files.copy(file, copy, StandardCopyOption.REPLACE_EXISTING);
                }
            }
        }
        // Maven looks for .mvn upwards from the project: without one here it would find this
        // repository's, with its JVM options, and the build would not be the user's.
        Files.createDirectories(target.resolve(".mvn"));
        return target;
    }

    /** {@code mvn -B <args>} in {@code project}. */
    static Result run(Path project, String... args) throws IOException, InterruptedException {
        return run(project, List.of(), Map.of(), args);
    }

    /**
     * The build in a mount namespace whose /run is empty: Testcontainers finds the engine through its
     * socket there whatever DOCKER_HOST says, so this is a host without Docker.
     */
    static Result withoutDocker(Path project, String... args) throws IOException, InterruptedException {
        return run(project, List.of("unshare", "--mount", "sh", "-c", "mount -t tmpfs tmpfs /run && exec \"$@\"", "sh"),
                Map.of("DOCKER_HOST", "unix:///nonexistent/docker.sock"), args);
    }

    static Result run(Path project, List<String> wrapper, Map<String, String> env, String... args)
            throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(wrapper);
        command.addAll(List.of(MAVEN.toString(), "-B",
                "-Dmaven.repo.local=" + System.getProperty("it.repository"),
                "-Dmaven.repo.local.tail=" + System.getProperty("local.repository")));
        command.addAll(List.of(args));
        ProcessBuilder builder = new ProcessBuilder(command).directory(project.toFile()).redirectErrorStream(true);
        builder.environment().putAll(env);
        Process process = builder.start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(process.waitFor(5, TimeUnit.MINUTES)).as("the build ends").isTrue();
        // Kept for whoever reads a failure: build-1.log, build-2.log, ... beside the project.
        int n = 1;
        while (Files.exists(project.resolveSibling(project.getFileName() + "-build-" + n + ".log"))) {
            n++;
        }
        Files.writeString(project.resolveSibling(project.getFileName() + "-build-" + n + ".log"),
                String.join(" ", command) + "\n\n" + output);
        return new Result(process.exitValue(), output);
    }

    static void delete(Path folder) throws IOException {
        if (!Files.exists(folder)) {
            return;
        }
        try (Stream<Path> files = Files.walk(folder)) {
            for (Path file : files.sorted((a, b) -> b.getNameCount() - a.getNameCount()).toList()) {
                Files.delete(file);
            }
        }
    }
}
