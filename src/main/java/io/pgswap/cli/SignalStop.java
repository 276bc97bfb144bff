package io.pgswap.cli;

import io.pgswap.ExitCode;
import io.pgswap.core.StopSignal;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * SIGTERM and SIGINT (Ctrl-C): ask the run to stop at its next safe point, give it up to a
 * minute to save its state and release its locks, then end the JVM with exit 75. If the run is
 * in the middle of a long statement when the minute is up, the JVM ends anyway: the server rolls
 * that transaction back and the checkpoint of the last committed batch stays valid.
 */
final class SignalStop {
    private static final Logger LOG = LoggerFactory.getLogger("pgswap");
    private static final CountDownLatch FINISHED = new CountDownLatch(1);
    private static volatile int exitCode = ExitCode.STOPPED.code();
    private static volatile boolean installed;

    private static volatile boolean exiting;

    private SignalStop() {
    }

    /**
     * From the JVM's first moment: a SIGTERM or SIGINT before a run has installed its own stop
     * (while the JVM starts, the options are read, the server is reached) ends with exit 75 too,
     * as the exit codes promise, instead of the JVM's 143 or 130. Nothing has been created then,
     * so there is nothing to save; a run that has started stops through {@link #install}.
     */
    static void installEarly(boolean json) {
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            if (exiting || installed) {
                return; // a normal exit, or the run's own stop handles the signal
            }
            String message = "stopped by a signal before the run started; nothing was changed";
            System.err.println("pgswap: " + message);
            System.err.flush();
            if (json) { // --output json promises one document on stdout, this end too
                System.out.println(Json.outcome(ExitCode.STOPPED, message));
                System.out.flush();
            }
            Runtime.getRuntime().halt(ExitCode.STOPPED.code());
        }, "pgswap-early-signal"));
    }

    /** Main is about to exit with the command's status: the hooks must not take it for a signal. */
    static void exiting() {
        exiting = true;
    }

    static synchronized void install(StopSignal stop) {
        if (installed) {
            return;
        }
        installed = true;
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            if (FINISHED.getCount() == 0) {
                return; // normal exit: nothing to stop
            }
            stop.request("signal");
            LOG.warn("stopping at the next safe point (signal received); the run resumes when started again");
            try {
                FINISHED.await(60, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            Runtime.getRuntime().halt(exitCode);
        }, "pgswap-signal"));
    }

    /** Called by the command when the run has ended, with its exit status. */
    static void finished(int code) {
        exitCode = code;
        FINISHED.countDown();
    }
}
