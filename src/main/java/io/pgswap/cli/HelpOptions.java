package io.pgswap.cli;

import picocli.CommandLine.Option;

/**
 * --help and --version without the short -h: like libpq's tools, pgswap reads -h as the host
 * (so `pgswap repack -h db1 orders` never prints help and exits 0, which cron would read as success).
 */
final class HelpOptions {
    @Option(names = "--help", usageHelp = true, description = "Show this help and exit.")
    boolean help;

    @Option(names = {"-V", "--version"}, versionHelp = true, description = "Print the version and exit.")
    boolean version;
}
