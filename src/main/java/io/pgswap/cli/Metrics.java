package io.pgswap.cli;

import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.pgswap.PgSwapException;
import io.pgswap.core.Progress;
import io.pgswap.metrics.MetricsExporter;
import io.pgswap.metrics.MigrationMetrics;
import java.net.InetSocketAddress;
import java.time.Duration;

/** The run's metrics: a Prometheus registry read from the progress, exported as the options ask. */
final class Metrics {
    private Metrics() {
    }

    static MetricsExporter start(RunOptions options, Progress progress, String table) {
        if (options.metricsFile == null && options.metricsPort == null) {
            return MetricsExporter.none();
        }
        PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
        MigrationMetrics meters = MigrationMetrics.bind(registry, progress, table);
        return new MetricsExporter(registry, meters::sync, options.metricsFile,
                options.metricsPort == null ? null : address(options.metricsPort), Duration.ofSeconds(5));
    }

    static InetSocketAddress address(String text) {
        String t = text.trim();
        int colon = t.lastIndexOf(':');
        String host = colon < 0 ? "127.0.0.1" : t.substring(0, colon);
        try {
            int port = Integer.parseInt(t.substring(colon + 1));
            if (port < 0 || port > 65535) {
                throw new NumberFormatException();
            }
            return new InetSocketAddress(host, port);
        } catch (NumberFormatException e) {
            throw PgSwapException.usage("--metrics-port must be [HOST:]PORT, e.g. 9187 or 0.0.0.0:9187");
        }
    }
}
