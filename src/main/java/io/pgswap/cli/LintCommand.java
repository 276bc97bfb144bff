package io.pgswap.cli;

import io.pgswap.ExitCode;
import io.pgswap.PgSwapException;
import io.pgswap.apply.MigrationFile;
import io.pgswap.db.ConnectionSettings;
import io.pgswap.db.Db;
import io.pgswap.db.SessionSettings;
import io.pgswap.lint.CatalogFacts;
import io.pgswap.lint.FileResult;
import io.pgswap.lint.LintOutput;
import io.pgswap.lint.LintResult;
import io.pgswap.lint.Linter;
import io.pgswap.lint.Severity;
import io.pgswap.lint.TableFacts;
import io.pgswap.lint.Target;
import io.pgswap.lint.pgck.PgCodeKeeperParser;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(name = "lint", sortOptions = false,
        description = {
            "Check migration files for statements that lock or rewrite a busy table, and print the safe command.",
            "",
            "For every statement: the lock it takes on which table, what "
                + "that blocks, whether it scans or rewrites the table on the target PostgreSQL version, and the "
                + "pgswap command that does the same without the long lock. Reads only; changes nothing.",
            "",
            "Without --pg-version and without a connection option, PostgreSQL 14 is assumed (the report says so). "
                + "A connection is made only when a connection option (--url, -h, -p, -d, -U) is given, never from "
                + "PG* variables alone; then the server's version and table sizes are used, and a scan or rewrite "
                + "of a table under 10 MB is reported as info."},
        footer = {"", "Examples:",
            "  pgswap lint db/migrate/*.sql",
            "  pgswap lint --single-transaction --pg-version 16 V42__orders.sql",
            "  pgswap lint --url postgresql://app@db/shop --output sarif migrations/*.sql",
            "",
            "Rules: docs/lint-rules.md. Exit codes: 0 no finding at or above --fail-on; 1 findings at or above "
                + "--fail-on; 2 usage error, unreadable file, failed connection, or a statement that cannot be "
                + "parsed."})
final class LintCommand implements Callable<Integer> {
    enum FailOn { warning, error }

    @Parameters(arity = "1..*", paramLabel = "FILE",
            description = "The migration files to check, each a SQL script as psql runs it: its variables (\\set, "
                    + "--set) are replaced, and psql's own settings (\\set ON_ERROR_STOP, \\echo, \\restrict) are passed "
                    + "over; any other backslash command (\\i, \\connect, \\gexec) is reported, since lint cannot see "
                    + "what it does.")
    List<Path> files;

    @Option(names = "--pg-version", paramLabel = "N",
            description = "The PostgreSQL major version (10 to 18) the files are judged for; it overrides the "
                    + "connected server's version.")
    Integer pgVersion;

    @Option(names = "--fail-on", paramLabel = "LEVEL", defaultValue = "error",
            description = "The lowest severity that makes lint exit 1: warning or error (the default).")
    FailOn failOn = FailOn.error;

    @Option(names = "--output", paramLabel = "FORMAT", defaultValue = "text",
            description = "The report format on stdout: text (the default, for people), json (one document) "
                    + "or sarif (SARIF 2.1.0, for code scanning in CI).")
    LintOutput output = LintOutput.text;

    @Option(names = "--single-transaction",
            description = "Treat each whole file as one transaction, as Flyway, Rails and Django run a migration "
                    + "by default, so that locks add up across all its statements (without it, only explicit "
                    + "BEGIN ... COMMIT blocks are transactions and every other statement commits on its own).")
    boolean singleTransaction;

    @Mixin
    PsqlVariableOptions psql;

    @Mixin
    ConnectionOptions connection;

    @Mixin
    HelpOptions help;

    @Override
    public Integer call() {
        if (pgVersion != null && (pgVersion < Target.OLDEST || pgVersion > Target.NEWEST)) {
            throw PgSwapException.usage("--pg-version " + pgVersion + " is not supported: give a major version from "
                    + Target.OLDEST + " to " + Target.NEWEST);
        }
        Map<String, Source> contents = read(files);
        LintResult result = explicitConnection() ? lintConnected(contents) : lint(contents,
                pgVersion == null ? Target.assumed() : new Target(pgVersion, Target.Origin.OPTION, null),
                TableFacts.NONE);
        for (FileResult f : result.files()) {
            for (FileResult.SyntaxError e : f.syntaxErrors()) {
                System.err.println("pgswap: " + f.file() + ":" + e.line() + ":" + e.column() + ": cannot parse the "
                        + "statement: " + e.message());
            }
        }
        Severity threshold = failOn == FailOn.warning ? Severity.WARNING : Severity.ERROR;
        output.write(result, threshold, System.out);
        System.out.flush();
        return result.exitCode(threshold).code();
    }

    private boolean explicitConnection() {
        return connection.given();
    }

    private LintResult lintConnected(Map<String, Source> contents) {
        ConnectionSettings settings = connection.resolve();
        try (Db db = Db.open(settings, new SessionSettings(Duration.ofSeconds(1), Duration.ofMinutes(1)), 1);
             Connection c = db.connection()) {
            c.setReadOnly(true);
            CatalogFacts facts = new CatalogFacts(c);
            return lint(contents, serverTarget(facts, pgVersion), facts);
        } catch (SQLException e) {
            throw new PgSwapException(ExitCode.USAGE, "cannot read the catalog of " + settings.describe() + ": "
                    + e.getMessage(), e, e.getSQLState());
        } catch (IllegalStateException e) {
            // a catalog query of CatalogFacts failed: that is not a finding, so not exit 1
            throw new PgSwapException(ExitCode.USAGE, e.getMessage(), e, null);
        } catch (PgSwapException e) {
            throw new PgSwapException(ExitCode.USAGE, e.getMessage() + "; without connection options, lint judges "
                    + "the files by --pg-version alone", e, e.sqlState());
        }
    }

    /** The version to judge for: --pg-version when given, else the connected server's. */
    static Target serverTarget(CatalogFacts facts, Integer pgVersion) throws SQLException {
        CatalogFacts.ServerVersion server = facts.serverVersion();
        return pgVersion != null ? new Target(pgVersion, Target.Origin.OPTION, server.text())
                : new Target(Math.max(Target.OLDEST, Math.min(Target.NEWEST, server.major())), Target.Origin.SERVER,
                        server.text());
    }

    private LintResult lint(Map<String, Source> contents, Target target, TableFacts facts) {
        Linter linter = new Linter(new PgCodeKeeperParser(), target, facts, singleTransaction, psql.variables);
        List<FileResult> results = new ArrayList<>();
        contents.forEach((file, source) -> results.add(source.text() != null ? linter.lint(file, source.text())
                : FileResult.unreadable(file, source.unreadable())));
        return new LintResult(target, singleTransaction, results);
    }

    /** A file's text, or why it cannot be read (missing, a directory, not UTF-8). */
    private record Source(String text, String unreadable) {
    }

    /** Each file's text, or why it cannot be read: the others are still checked. */
    private static Map<String, Source> read(List<Path> files) {
        Map<String, Source> out = new LinkedHashMap<>();
        for (Path p : files) {
            try {
                out.put(p.toString(), new Source(MigrationFile.readText(p), null));
            } catch (PgSwapException e) {
                System.err.println("pgswap: " + e.getMessage());
                out.put(p.toString(), new Source(null, e.getMessage()));
            }
        }
        return out;
    }
}
