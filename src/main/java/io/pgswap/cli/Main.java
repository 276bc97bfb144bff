package io.pgswap.cli;

import io.pgswap.ExitCode;
import io.pgswap.Version;
import io.pgswap.ops.Operation;
import io.pgswap.ops.Registry;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Supplier;
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

    public static void main(String[] args) throws Exception {
        SignalStop.installEarly(wantsJson(args));
        homeFromEnvironment();
        int code = execute(args);
        if (CdsTraining.requested()) {
            CdsTraining.loadJarClasses();
        }
        SignalStop.exiting();
        System.exit(code);
    }

    /**
     * ~/.pgpass and ~/.pg_service.conf are found in $HOME, as libpq finds them (the JVM's user.home
     * comes from the password database, which cron jobs, CI runners and containers that set HOME
     * do not follow).
     */
    static void homeFromEnvironment() {
        String home = System.getenv("HOME");
        if (home != null && !home.isBlank()) {
            System.setProperty("user.home", home);
        }
    }

    public static int execute(String... args) {
        return commandLine(args).execute(args);
    }

    /** The whole command tree: every registered operation, then the commands that manage runs. */
    public static CommandLine commandLine() {
        return commandLine(new String[0]);
    }

    /**
     * The command tree for these arguments. Building a command's model reads its annotations by
     * reflection, a fifth of a second for the whole tree on a small server at every start; a run of one
     * command (the first argument names it) gets a tree with only that command. Anything else (no command,
     * a misspelt one whose suggestions list the others, {@code help}, {@code generate-completion}) gets
     * the whole tree.
     */
    static CommandLine commandLine(String[] args) {
        Map<String, Supplier<Object>> commands = commands();
        String first = args.length > 0 ? args[0] : "";
        boolean one = commands.containsKey(first) && !first.equals("help") && !first.equals("generate-completion");
        CommandLine cl = new CommandLine(new Main());
        commands.forEach((name, command) -> {
            if (!one || name.equals(first)) {
                cl.addSubcommand(name, command.get());
            }
        });
        cl.setParameterExceptionHandler((ex, a) -> {
            CommandLine c = ex.getCommandLine();
            c.getErr().println("pgswap: " + ex.getMessage());
            if (!CommandLine.UnmatchedArgumentException.printSuggestions(ex, c.getErr())) {
                c.getErr().println("Try '" + c.getCommandSpec().qualifiedName() + " --help'.");
            }
            if (wantsJson(a)) { // --output json promises one document on stdout, a usage error too
                c.getOut().println(Json.outcome(ExitCode.USAGE, ex.getMessage()));
                c.getOut().flush();
            }
            return ExitCode.USAGE.code();
        });
        cl.setExecutionExceptionHandler((ex, c, parsed) -> {
            c.getErr().println("pgswap: " + Errors.message(ex));
            ExitCode code = Errors.exitCode(ex);
            if (wantsJson(parsed.originalArgs().toArray(String[]::new))) { // a command that failed before its run (lint)
                c.getOut().println(Json.outcome(code, Errors.message(ex)));
                c.getOut().flush();
            }
            return code.code();
        });
        return cl;
    }

    /** Every command by name, in the order of the help: the operations, then the commands that manage runs. */
    private static Map<String, Supplier<Object>> commands() {
        Map<String, Supplier<Object>> commands = new LinkedHashMap<>();
        for (Operation<?> op : Registry.ALL) {
            commands.put(op.name(), () -> OperationCommand.create(op));
        }
        commands.put("status", StatusCommand::new);
        commands.put("resume", ResumeCommand::new);
        commands.put("abort", AbortCommand::new);
        commands.put("revert", RevertCommand::new);
        commands.put("cleanup", CleanupCommand::new);
        commands.put("lint", LintCommand::new);
        commands.put("apply", ApplyCommand::new);
        commands.put("generate-completion", picocli.AutoComplete.GenerateCompletion::new);
        commands.put("help", CommandLine.HelpCommand::new);
        return commands;
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
