package io.pgswap.capture;

import static org.assertj.core.api.Assertions.assertThat;

import io.pgswap.catalog.Column;
import io.pgswap.catalog.TableFactsFixture;
import io.pgswap.catalog.TableFacts;
import io.pgswap.core.Names;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class CaptureTest {

    @Test
    void plainBodyGetsThePlainTag() {
        assertThat(Capture.dollarTag("BEGIN RETURN NULL; END")).isEqualTo("$pgswap$");
    }

    @ParameterizedTest(name = "body: {0}")
    @ValueSource(strings = {
        "x $pgswap$ y",
        "$pgswap$",
        "$pgswap$ $pgswap_1$",
        "$pgswap$ $pgswap_1$ $pgswap_2$ $pgswap_3$",
        "$pgswap_1$",
        "a$pgswap$$pgswap_1$$pgswap_2$b",
    })
    void tagDoesNotOccurInTheBody(String body) {
        String tag = Capture.dollarTag(body);
        assertThat(body).doesNotContain(tag);
        assertThat(tag).matches("\\$pgswap(_\\d+)?\\$");
    }

    @Test
    void skipsEveryTagAlreadyUsed() {
        assertThat(Capture.dollarTag("$pgswap$")).isEqualTo("$pgswap_1$");
        assertThat(Capture.dollarTag("$pgswap$ $pgswap_1$")).isEqualTo("$pgswap_2$");
        assertThat(Capture.dollarTag("$pgswap_1$")).isEqualTo("$pgswap$");
    }

    @Test
    void triggerFunctionIsWellQuotedEvenWhenTheKeyColumnIsNamedLikeTheTag() {
        TableFacts f = TableFactsFixture.orders()
                .columns(List.of(new Column(1, "$pgswap$", "bigint", true, ' ', ' ', -1),
                        new Column(2, "status", "text", false, ' ', ' ', -1)))
                .keyOn("$pgswap$")
                .build();
        String sql = Capture.function(f, new Names(7, "public", "orders"));
        // the tag opens and closes the body and occurs nowhere else
        assertThat(sql).contains("AS $pgswap_1$\n").endsWith("$pgswap_1$");
        assertThat(sql.split("\\$pgswap_1\\$", -1)).hasSize(3);
        assertThat(sql).contains("NEW.\"$pgswap$\"").contains("OLD.\"$pgswap$\"");
    }

    @Test
    void createLogAndTriggersUseQuotedNames() {
        TableFacts f = TableFactsFixture.orders().build();
        Names n = new Names(7, "public", "orders");
        List<String> log = Capture.createLog(f, n);
        assertThat(log.get(0)).startsWith("CREATE TABLE \"pgswap\".\"log_7\" (").contains("\"k1\" bigint");
        assertThat(log.get(1)).startsWith("CREATE FUNCTION \"pgswap\".\"capture_7\"()")
                .contains("SECURITY DEFINER").contains("AS $pgswap$\n").endsWith("$pgswap$");
        assertThat(Capture.createTriggers(f, n)).allSatisfy(s -> assertThat(s).contains("\"public\".\"orders\""))
                .anySatisfy(s -> assertThat(s).contains("\"pgswap_capture_7\""))
                .anySatisfy(s -> assertThat(s).contains("\"pgswap_capture_7_truncate\""));
    }
}
