package dev.schemakit.devtools;

import java.io.File;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * squawk, the PostgreSQL migration linter, through {@code npx}: the npm package {@code squawk-cli}
 * brings its binary (from {@code @squawk-cli/linux-x64} on Linux) and nothing else. It reads the
 * project's {@code .squawk.toml}, which excludes the migrations released before the lint ran. A
 * migration whose {@code .sql.conf} says {@code executeInTransaction=false} is linted as one that
 * runs outside a transaction.
 */
public final class Lint {

    /** The squawk-cli release the findings are known for; a new one may add rules. */
    static final String SQUAWK = "squawk-cli@2.66.0";

    private static final String NOTHING_TO_LINT = "Failed to find files for provided patterns";

    private Lint() {
    }

    /** Whether {@code npx} is on the PATH. */
    public static boolean available() {
        String path = System.getenv("PATH");
        if (path == null) {
            return false;
        }
        for (String dir : path.split(File.pathSeparator)) {
            if (Files.isExecutable(Path.of(dir, "npx"))) {
                return true;
            }
        }
        return false;
    }

    /**
     * Lints {@code files}, each as a migration Flyway runs in a transaction unless its
     * {@code .sql.conf} says otherwise, printing squawk's findings to {@code out}.
     *
     * @return true when there is no finding
     * @throws DevToolsException when npx is missing or squawk cannot run
     */
    public static boolean check(List<Path> files, PrintWriter out) {
        if (!available()) {
            throw new DevToolsException("The lint needs npx (Node.js with npm) on the PATH, to run " + SQUAWK
                    + " from the npm registry: on Debian or Ubuntu apt-get install npm, elsewhere see"
                    + " https://nodejs.org/en/download. Then run the check again.");
        }
        List<Path> inTransaction = files.stream().filter(f -> !outsideTransaction(f)).toList();
        List<Path> outside = files.stream().filter(Lint::outsideTransaction).toList();
        boolean clean = true;
        int linted = 0;
        for (List<Path> group : List.of(inTransaction, outside)) {
            if (group.isEmpty()) {
                continue;
            }
            Result result = run(group, group == inTransaction, out);
            clean &= result.clean();
            linted += result.linted() ? group.size() : 0;
        }
        if (clean && linted > 0) {
            out.println("lint: squawk found nothing in " + linted + (linted == 1 ? " file" : " files"));
        } else if (clean) {
            out.println("lint: every migration is excluded in .squawk.toml; nothing to lint");
        }
        return clean;
    }

    /** Whether Flyway runs the migration outside a transaction, as its {@code .sql.conf} says. */
    static boolean outsideTransaction(Path migration) {
        Path conf = migration.resolveSibling(migration.getFileName() + ".conf");
        try {
            return Files.isRegularFile(conf) && Files.readAllLines(conf, StandardCharsets.UTF_8).stream()
                    .map(String::strip)
                    .anyMatch(line -> line.replace(" ", "").equalsIgnoreCase("executeInTransaction=false"));
        } catch (IOException e) {
            throw new DevToolsException("Cannot read " + conf + ": " + e.getMessage());
        }
    }

    private record Result(boolean clean, boolean linted) {
    }

    private static Result run(List<Path> files, boolean inTransaction, PrintWriter out) {
        List<String> command = new ArrayList<>(List.of("npx", "--yes", SQUAWK,
                inTransaction ? "--assume-in-transaction" : "--no-assume-in-transaction", "--reporter", "gcc"));
        if (Files.isRegularFile(Path.of(".squawk.toml"))) {
            command.addAll(List.of("--config", ".squawk.toml"));
        }
        files.forEach(f -> command.add(f.toString()));
        try {
            Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
            String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            int status = process.waitFor();
            if (status != 0 && output.startsWith(NOTHING_TO_LINT)) {
                return new Result(true, false);
            }
            out.print(output);
            return new Result(status == 0, true);
        } catch (IOException e) {
            throw new DevToolsException("Cannot run npx " + SQUAWK + ": " + e.getMessage() + ".");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new DevToolsException("Interrupted while squawk ran.");
        }
    }
}
