package io.pgswap.apply;

import io.pgswap.PgSwapException;
import io.pgswap.engine.Request;
import io.pgswap.ops.Operation;
import io.pgswap.ops.Registry;
import java.util.List;
import java.util.Optional;
import picocli.CommandLine;

/**
 * A pgswap command line (without "pgswap") read by the operation's own command-line parser, the
 * same one {@code pgswap add-index ...} uses, into the request the engine runs.
 */
public final class OperationArgs {
    private OperationArgs() {
    }

    public static Request<?> request(List<String> argv) {
        Operation<?> op = Registry.find(argv.get(0)).orElseThrow(() -> PgSwapException.usage("this pgswap has no "
                + argv.get(0) + " command"));
        Operation.Command<?> cmd = op.command();
        try {
            new CommandLine(cmd).parseArgs(argv.subList(1, argv.size()).toArray(String[]::new));
        } catch (CommandLine.ParameterException e) {
            throw PgSwapException.usage(e.getMessage());
        }
        return of(op, cmd);
    }

    /** Why the command line would not run, or empty when it parses. */
    public static Optional<String> problem(List<String> argv) {
        try {
            request(argv);
            return Optional.empty();
        } catch (PgSwapException e) {
            return Optional.of(e.getMessage());
        }
    }

    @SuppressWarnings({"unchecked", "rawtypes"})
    private static Request<?> of(Operation<?> op, Operation.Command<?> cmd) {
        return Request.of((Operation) op, (Record) cmd.args());
    }
}
