package dev.schemakit.devtools;

import picocli.CommandLine.Option;

/** {@code -h}/{@code --help} on every command. */
final class HelpOption {

    @Option(names = {"-h", "--help"}, usageHelp = true, description = "print this help and exit")
    boolean help;
}
