package io.pgswap.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.pgswap.ExitCode;
import io.pgswap.PgSwapException;
import org.junit.jupiter.api.Test;

/** TABLE and TABLE.NAME arguments as SQL reads them, and names PostgreSQL would cut short. */
class TargetTest {
    @Test
    void namesFollowSqlRules() {
        assertThat(Target.parse("Sales.\"Order Lines\"")).isEqualTo(new Target("sales", "Order Lines"));
        assertThat(Target.parseWithName("orders.Status", "COLUMN").name()).isEqualTo("status");
    }

    @Test
    void aNameLongerThan63BytesIsAUsageErrorNotAnotherName() {
        String longName = "c_" + "a".repeat(62);
        assertThatThrownBy(() -> Target.parseWithName("orders." + longName, "NAME"))
                .isInstanceOfSatisfying(PgSwapException.class, e -> assertThat(e.exitCode()).isEqualTo(ExitCode.USAGE))
                .hasMessageContaining("longer than PostgreSQL's 63 bytes");
        // 63 bytes of a multibyte name are fine; one more byte is not
        assertThat(Target.parseWithName("orders.\"" + "é".repeat(31) + "a\"", "NAME").name()).hasSize(32);
        assertThatThrownBy(() -> Target.parse("\"" + "é".repeat(32) + "\"")).isInstanceOf(PgSwapException.class);
    }
}
