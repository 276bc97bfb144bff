package io.pgswap.cli;

import io.pgswap.ExitCode;
import io.pgswap.Version;
import io.pgswap.ops.Operation;
import io.pgswap.ops.Registry;
import java.util.LinkedHashMap;
import java.util.Map;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

@Command(name = "pgswap", versionProvider = Main.VersionProvider.class, sortOptions = false,
        description = {"Change a big, busy PostgreSQL table without an outage.",
            "",
            "Connection: the libpq environment (PGHOST, PGPORT, PGDATABASE, PGUSER, PGPASSWORD, PGSSLMODE, "
                    + "PGOPTIONS, PGSERVICE, ~/.pgpass) or --url and -h/-p/-d/-U. Human messages go to stderr; "
                    + "--output json writes one document to stdout. 'pgswap COMMAND --help' explains a command, with "
                    + "examples."},
        footer = {"", "Exit codes: 0 done or nothing to do, 1 failed (the message says what state the table is in), "
                + "2 usage error, 3 refused by preflight (nothing changed), 4 gave up after its retries (resumable), "
                + "75 stopped at a safe point (resumable)."})
public final class Main implements Runnable {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Mixin
    HelpOptions help;

    public static void main(String[] args) {
        System.exit(execute(args));
    }

    public static int execute(String... args) {
        return commandLine().execute(args);
    }

    /** The whole command tree: every registered operation, then the commands that manage runs. */
    public static CommandLine commandLine() {
        CommandLine cl = new CommandLine(new Main());
        for (Operation<?> op : Registry.ALL) {
            cl.addSubcommand(op.name(), OperationCommand.create(op));
        }
        cl.addSubcommand("status", new StatusCommand());
        cl.addSubcommand("resume", new ResumeCommand());
        cl.addSubcommand("abort", new AbortCommand());
        cl.addSubcommand("revert", new RevertCommand());
        cl.addSubcommand("cleanup", new CleanupCommand());
        cl.addSubcommand("lint", new LintCommand());
        cl.addSubcommand("apply", new ApplyCommand());
        cl.addSubcommand("generate-completion", new picocli.AutoComplete.GenerateCompletion());
        cl.addSubcommand("help", new CommandLine.HelpCommand());
        cl.setParameterExceptionHandler((ex, a) -> {
            CommandLine c = ex.getCommandLine();
            c.getErr().println("pgswap: " + ex.getMessage());
            if (!CommandLine.UnmatchedArgumentException.printSuggestions(ex, c.getErr())) {
                c.getErr().println("Try '" + c.getCommandSpec().qualifiedName() + " --help'.");
            }
            if (wantsJson(a)) { // --output json promises one document on stdout, a usage error too
                Map<String, Object> doc = new LinkedHashMap<>();
                doc.put("outcome", "usage");
                doc.put("exit_code", ExitCode.USAGE.code());
                doc.put("message", ex.getMessage());
                c.getOut().println(Json.write(doc));
                c.getOut().flush();
            }
            return ExitCode.USAGE.code();
        });
        cl.setExecutionExceptionHandler((ex, c, parsed) -> {
            c.getErr().println("pgswap: " + Errors.message(ex));
            return Errors.exitCode(ex).code();
        });
        return cl;
    }

    private static boolean wantsJson(String[] args) {
        for (int i = 0; i < args.length; i++) {
            if (args[i].equals("--output=json") || args[i].equals("--output") && i + 1 < args.length
                    && args[i + 1].equals("json")) {
                return true;
            }
        }
        return false;
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
