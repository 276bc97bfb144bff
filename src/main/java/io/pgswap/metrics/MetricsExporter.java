package io.pgswap.metrics;

import com.sun.net.httpserver.HttpServer;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.pgswap.Threads;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Exports a registry the two ways pgswap runs: a Prometheus text file rewritten atomically every
 * few seconds (for node_exporter's textfile collector, the convention for cron jobs), and an
 * HTTP endpoint serving /metrics for long interactive runs.
 */
public final class MetricsExporter implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger("pgswap");

    private final PrometheusMeterRegistry registry;
    private final Runnable beforeExport;
    private final Path file;
    private final ScheduledExecutorService timer;
    private final HttpServer server;

    /** {@code beforeExport} runs before each rendering (it registers meters that appeared meanwhile). */
    public MetricsExporter(PrometheusMeterRegistry registry, Runnable beforeExport, Path file, InetSocketAddress http,
                           Duration every) {
        this.registry = registry;
        this.beforeExport = beforeExport;
        this.file = file;
        this.timer = Threads.timer("pgswap-metrics");
        if (file != null) {
            writeFile();
            timer.scheduleAtFixedRate(this::writeFileQuietly, every.toMillis(), every.toMillis(), TimeUnit.MILLISECONDS);
        }
        this.server = http == null ? null : serve(http);
    }

    /** No export asked for: nothing is built (the registry and its exposition cost a run's start-up 50 ms). */
    public static MetricsExporter none() {
        return new MetricsExporter();
    }

    private MetricsExporter() {
        this.registry = null;
        this.beforeExport = () -> { };
        this.file = null;
        this.timer = null;
        this.server = null;
    }

    public int httpPort() {
        return server == null ? -1 : server.getAddress().getPort();
    }

    private HttpServer serve(InetSocketAddress address) {
        try {
            HttpServer s = HttpServer.create(address, 0);
            s.createContext("/metrics", exchange -> {
                byte[] body = render().getBytes(StandardCharsets.UTF_8);
                exchange.getResponseHeaders().set("Content-Type", "text/plain; version=0.0.4; charset=utf-8");
                exchange.sendResponseHeaders(200, body.length);
                try (OutputStream os = exchange.getResponseBody()) {
                    os.write(body);
                }
            });
            s.setExecutor(timer);
            s.start();
            LOG.info("metrics at http://{}:{}/metrics", address.getHostString(), s.getAddress().getPort());
            return s;
        } catch (IOException e) {
            throw io.pgswap.PgSwapException.usage("--metrics-port: cannot serve metrics on " + address.getHostString()
                    + ":" + address.getPort() + ": " + e.getMessage());
        }
    }

    /** The Prometheus text exposition format (version 0.0.4). */
    public String render() {
        if (registry == null) {
            return "";
        }
        beforeExport.run();
        return registry.scrape();
    }

    /** Writes the file now: to a temporary file beside it, then an atomic rename. */
    public void writeFile() {
        if (file == null) {
            return;
        }
        try {
            Path dir = file.toAbsolutePath().getParent();
            Path tmp = Files.createTempFile(dir, "." + file.getFileName(), ".tmp");
            readableByAll(tmp); // a temporary file is the owner's only; node_exporter runs as another user
            Files.writeString(tmp, render());
            Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write metrics file " + file + ": " + e.getMessage(), e);
        }
    }

    private static void readableByAll(Path p) throws IOException {
        try {
            Files.setPosixFilePermissions(p, java.nio.file.attribute.PosixFilePermissions.fromString("rw-r--r--"));
        } catch (UnsupportedOperationException notPosix) {
            // the file system's defaults
        }
    }

    private void writeFileQuietly() {
        try {
            writeFile();
        } catch (UncheckedIOException e) {
            LOG.warn("{}", e.getMessage());
        }
    }

    @Override
    public void close() {
        if (timer != null) {
            timer.shutdownNow();
        }
        if (file != null) {
            writeFileQuietly(); // the final figures
        }
        if (server != null) {
            server.stop(0);
        }
    }
}
