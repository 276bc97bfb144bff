package io.pgswap.sql;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** The expected names are what PostgreSQL 15 chose for the same unnamed constraints. */
class ChosenNameTest {
    private static final String LONG_TABLE = "a_very_long_table_name_that_goes_on_and_on_and_on_forever_xyz";

    @Test
    void tableColumnAndLabel_numberedWhenTaken() {
        assertThat(ChosenName.of("orders", "amount", "check", n -> false)).isEqualTo("orders_amount_check");
        assertThat(ChosenName.of("orders", null, "check", n -> false)).isEqualTo("orders_check");
        Set<String> taken = Set.of("orders_qty_check", "orders_qty_check1");
        assertThat(ChosenName.of("orders", "qty", "check", taken::contains)).isEqualTo("orders_qty_check2");
        assertThat(ChosenName.of("orders", ChosenName.columnsPart(List.of("customer_id", "region")), "fkey", n -> false))
                .isEqualTo("orders_customer_id_region_fkey");
    }

    @Test
    void longNamesCutTheLongerPartFirst_atACharacterBoundary() {
        assertThat(ChosenName.of(LONG_TABLE, "a_very_long_column_name_that_goes_on_and_on", "check", n -> false))
                .isEqualTo("a_very_long_table_name_that__a_very_long_column_name_that_check");
        assertThat(ChosenName.of(LONG_TABLE, "Ünïcødé_çølümñ_ñämé_ðåt_ïs_løñg", "check", n -> false))
                .isEqualTo("a_very_long_table_name_that__Ünïcødé_çølümñ_ñäm_check");
        assertThat(ChosenName.of(LONG_TABLE, ChosenName.columnsPart(List.of("a_very_long_column_name_that_goes_on_and_on",
                "Ünïcødé_çølümñ_ñämé_ðåt_ïs_løñg")), "fkey", n -> false))
                .isEqualTo("a_very_long_table_name_that_g_a_very_long_column_name_that_fkey");
    }
}
