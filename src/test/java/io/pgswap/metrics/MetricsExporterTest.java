package io.pgswap.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.pgswap.core.Progress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class MetricsExporterTest {
    /** name{labels} value, as Prometheus reads a sample line. */
    static final Pattern SAMPLE = Pattern.compile("^([a-zA-Z_:][a-zA-Z0-9_:]*)(\\{[^}]*\\})? (\\S+)$");

    static Map<String, Double> parse(String text) {
        Map<String, Double> out = new HashMap<>();
        for (String line : text.split("\n")) {
            if (line.isEmpty() || line.startsWith("# HELP ") || line.startsWith("# TYPE ")) {
                continue;
            }
            Matcher m = SAMPLE.matcher(line);
            assertThat(m.matches()).as("a valid sample line: %s", line).isTrue();
            out.put(m.group(1) + (m.group(2) == null ? "" : m.group(2)), Double.parseDouble(m.group(3)));
        }
        return out;
    }

    static Progress progress() {
        Progress p = new Progress();
        p.copied(10, 1234);
        p.replayed(56);
        p.swapOutcome("lock_timeout");
        p.swapOutcome("swapped");
        p.lockHeld(25_000_000);
        p.backlog(7, 8192);
        return p;
    }

    @Test
    void fileIsWrittenAtomicallyInPrometheusFormatWithTheFigures(@TempDir Path dir) throws Exception {
        PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
        Progress progress = progress();
        progress.steps(java.util.List.of("capture", "copy"));
        MigrationMetrics meters = MigrationMetrics.bind(registry, progress, "public.orders");
        Path file = dir.resolve("pgswap.prom");
        try (MetricsExporter e = new MetricsExporter(registry, meters::sync, file, null, Duration.ofMillis(50))) {
            assertThat(file).exists();
        }
        String text = Files.readString(file);
        Map<String, Double> m = parse(text);
        assertThat(m).containsEntry("pgswap_rows_copied_total{table=\"public.orders\"}", 1234.0)
                .containsEntry("pgswap_rows_replayed_total{table=\"public.orders\"}", 56.0)
                .containsEntry("pgswap_swap_attempts_total{outcome=\"swapped\",table=\"public.orders\"}", 1.0)
                .containsEntry("pgswap_swap_attempts_total{outcome=\"lock_timeout\",table=\"public.orders\"}", 1.0)
                .containsEntry("pgswap_access_exclusive_seconds{table=\"public.orders\"}", 0.025)
                .containsEntry("pgswap_log_backlog_rows{table=\"public.orders\"}", 7.0)
                .containsEntry("pgswap_log_backlog_size_bytes{table=\"public.orders\"}", 8192.0)
                .containsKey("pgswap_step_duration_seconds{step=\"copy\",table=\"public.orders\"}")
                .containsKey("pgswap_step{step=\"capture\",table=\"public.orders\"}")
                .containsEntry("pgswap_throttle_seconds_total{table=\"public.orders\"}", 0.0)
                .containsKey("pgswap_lock_wait_seconds_total{table=\"public.orders\"}");
        assertThat(text).contains("# TYPE pgswap_rows_copied_total counter", "# TYPE pgswap_log_backlog_rows gauge");
        try (var files = Files.list(dir)) {
            assertThat(files).as("no temporary file left behind").hasSize(1);
        }
        java.lang.ref.Reference.reachabilityFence(progress);
    }

    @Test
    void httpEndpointServesTheSameDocument() throws Exception {
        PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
        Progress progress = progress(); // the run keeps its progress alive; meters may hold it weakly
        MigrationMetrics meters = MigrationMetrics.bind(registry, progress, "s.\"odd\" name");
        try (MetricsExporter e = new MetricsExporter(registry, meters::sync, null, new InetSocketAddress("127.0.0.1", 0),
                Duration.ofSeconds(5))) {
            HttpResponse<String> r = HttpClient.newHttpClient().send(
                    HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + e.httpPort() + "/metrics")).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(r.statusCode()).isEqualTo(200);
            assertThat(r.headers().firstValue("Content-Type")).hasValueSatisfying(v -> assertThat(v).contains("0.0.4"));
            Map<String, Double> m = parse(r.body());
            assertThat(m).containsEntry("pgswap_rows_copied_total{table=\"s.\\\"odd\\\" name\"}", 1234.0);
        }
        java.lang.ref.Reference.reachabilityFence(progress);
    }

    @Test
    void theFileIsReadableByOtherUsers_nodeExportersCollectorRunsAsOne(@TempDir Path dir) throws Exception {
        PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
        MigrationMetrics meters = MigrationMetrics.bind(registry, progress(), "public.orders");
        Path file = dir.resolve("pgswap.prom");
        try (MetricsExporter e = new MetricsExporter(registry, meters::sync, file, null, Duration.ofSeconds(60))) {
            assertThat(java.nio.file.attribute.PosixFilePermissions.toString(Files.getPosixFilePermissions(file)))
                    .isEqualTo("rw-r--r--");
        }
    }

    @Test
    void aPortInUseIsAUsageErrorThatSaysWhich() throws Exception {
        PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
        MigrationMetrics meters = MigrationMetrics.bind(registry, progress(), "public.orders");
        try (java.net.ServerSocket taken = new java.net.ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            InetSocketAddress address = new InetSocketAddress("127.0.0.1", taken.getLocalPort());
            org.assertj.core.api.Assertions.assertThatThrownBy(
                    () -> new MetricsExporter(registry, meters::sync, null, address, Duration.ofSeconds(60)))
                    .isInstanceOfSatisfying(io.pgswap.PgSwapException.class, e -> {
                        assertThat(e.exitCode()).isEqualTo(io.pgswap.ExitCode.USAGE);
                        assertThat(e.getMessage()).startsWith("--metrics-port: cannot serve metrics on 127.0.0.1:"
                                + taken.getLocalPort()).doesNotContain("Exception");
                    });
        }
    }
}
