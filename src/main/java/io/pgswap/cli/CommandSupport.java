package io.pgswap.cli;

import io.pgswap.ExitCode;
import io.pgswap.engine.Result;
import java.util.LinkedHashMap;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Runs a command body: maps failures to exit codes and messages, writes the JSON document. */
final class CommandSupport {
    private static final Logger LOG = LoggerFactory.getLogger("pgswap");

    interface Body {
        /** Returns a Result to report, or null when the body printed its own output. */
        Result run() throws Exception;
    }

    private CommandSupport() {
    }

    static int run(OutputOptions output, Body body) {
        try {
            Result r = body.run();
            if (r != null && output.json()) {
                System.out.println(Json.write(MigrateCommand.resultJson(r)));
            }
            return r == null ? ExitCode.OK.code() : r.exitCode().code();
        } catch (Exception | Error e) {
            ExitCode code = Errors.exitCode(e);
            String msg = Errors.message(e);
            if (code == ExitCode.OK) {
                LOG.info(msg);
            } else if (code == ExitCode.STOPPED) {
                LOG.warn("pgswap: {}", msg);
            } else {
                LOG.error("pgswap: {}", msg);
                if (output.verbose) {
                    LOG.error("stack trace", e);
                }
            }
            if (output.json()) {
                Map<String, Object> doc = new LinkedHashMap<>();
                doc.put("outcome", code == ExitCode.OK ? "nothing_to_do" : code.name().toLowerCase());
                doc.put("exit_code", code.code());
                doc.put("message", msg);
                System.out.println(Json.write(doc));
            }
            return code.code();
        }
    }
}
