package io.pgswap.cli;

import io.pgswap.ExitCode;
import io.pgswap.Version;
import picocli.CommandLine;
import picocli.CommandLine.Command;

@Command(name = "pgswap", mixinStandardHelpOptions = true, versionProvider = Main.VersionProvider.class,
        description = {"Online schema changes for PostgreSQL by shadow-table swap.", "",
            "Connection: the libpq environment (PGHOST, PGPORT, PGDATABASE, PGUSER, PGPASSWORD,",
            "PGSSLMODE, PGSERVICE, ~/.pgpass) or --url. Human messages go to stderr."},
        subcommands = {AddNotNullCommand.class, RepackCommand.class, StatusCommand.class, AbortCommand.class,
            ResumeCommand.class, CleanupCommand.class, LintCommand.class, picocli.AutoComplete.GenerateCompletion.class,
            CommandLine.HelpCommand.class},
        footer = {"", "Exit codes: 0 done or nothing to do, 1 failed (original intact), 2 usage error,",
            "3 refused by preflight (nothing changed), 4 swap gave up (original intact, resumable),",
            "75 stopped at a safe point (resumable)."})
public final class Main implements Runnable {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    public static void main(String[] args) {
        System.exit(execute(args));
    }

    public static int execute(String... args) {
        CommandLine cl = new CommandLine(new Main());
        cl.setParameterExceptionHandler((ex, a) -> {
            CommandLine c = ex.getCommandLine();
            c.getErr().println("pgswap: " + ex.getMessage());
            if (!CommandLine.UnmatchedArgumentException.printSuggestions(ex, c.getErr())) {
                c.getErr().println("Try '" + c.getCommandSpec().qualifiedName() + " --help'.");
            }
            return ExitCode.USAGE.code();
        });
        cl.setExecutionExceptionHandler((ex, c, parsed) -> {
            c.getErr().println("pgswap: " + Errors.message(ex));
            return Errors.exitCode(ex).code();
        });
        return cl.execute(args);
    }

    @Override
    public void run() {
        throw new CommandLine.ParameterException(spec.commandLine(), "missing command");
    }

    static final class VersionProvider implements CommandLine.IVersionProvider {
        @Override
        public String[] getVersion() {
            return new String[] {"pgswap " + Version.VERSION};
        }
    }
}
