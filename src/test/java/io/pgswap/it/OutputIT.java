package io.pgswap.it;

import static org.assertj.core.api.Assertions.assertThat;

import io.pgswap.cli.Main;
import io.pgswap.testing.TestDatabase;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A real migration's JSON summary and metrics file carry its figures. */
class OutputIT {
    @Test
    void jsonSummaryAndMetricsFileOfARealMigration(@TempDir Path dir) throws Exception {
        try (TestDatabase.Database d = TestDatabase.server(TestDatabase.defaultMajor()).createDatabase();
             Connection c = d.connect()) {
            Fixtures.createOrders(d, 20_000);
            Path metrics = dir.resolve("pgswap.prom");
            PrintStream out = System.out;
            ByteArrayOutputStream captured = new ByteArrayOutputStream();
            int code;
            try {
                System.setOut(new PrintStream(captured, true, StandardCharsets.UTF_8));
                code = Main.execute("add-not-null", "orders.status", "--fill", "none", "--url", d.libpqUrl(),
                        "--output", "json", "--metrics-file", metrics.toString(), "-q");
            } finally {
                System.setOut(out);
            }
            String json = captured.toString(StandardCharsets.UTF_8).trim();
            assertThat(code).isZero();
            assertThat(json).startsWith("{").endsWith("}");
            assertThat(number(json, "exit_code")).isZero();
            assertThat(string(json, "outcome")).isEqualTo("swapped");
            assertThat(string(json, "table")).isEqualTo("public.orders");
            assertThat(string(json, "operation")).isEqualTo("add-not-null");
            assertThat(number(json, "rows_copied")).isEqualTo(20_000);
            assertThat(number(json, "swap_attempts")).isGreaterThanOrEqualTo(1);
            assertThat(number(json, "access_exclusive_ms")).isGreaterThan(0);
            assertThat(number(json, "migration_id")).isGreaterThan(0);
            assertThat(json).contains("\"step_ms\"", "\"copy\"", "\"indexes\"", "\"swap\"", "\"warnings\"",
                    "\"old_table\"");
            String prom = Files.readString(metrics);
            assertThat(prom).contains("pgswap_rows_copied_total{table=\"orders\"} 20000",
                    "pgswap_swap_attempts_total{outcome=\"swapped\",table=\"orders\"} 1",
                    "pgswap_step{step=\"done\",table=\"orders\"} 1");
            assertThat(Fixtures.count(c, "SELECT count(*) FROM orders WHERE status = 'none'")).isEqualTo(400);
        }
    }

    static long number(String json, String key) throws java.io.IOException {
        com.fasterxml.jackson.databind.JsonNode n = new com.fasterxml.jackson.databind.ObjectMapper().readTree(json).get(key);
        assertThat(n).as("%s in %s", key, json).isNotNull();
        return n.asLong();
    }

    static String string(String json, String key) throws java.io.IOException {
        com.fasterxml.jackson.databind.JsonNode n = new com.fasterxml.jackson.databind.ObjectMapper().readTree(json).get(key);
        assertThat(n).as("%s in %s", key, json).isNotNull();
        return n.asText();
    }
}
