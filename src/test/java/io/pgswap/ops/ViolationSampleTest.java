package io.pgswap.ops;

import static org.assertj.core.api.Assertions.assertThat;

import io.pgswap.plan.Plan;
import org.junit.jupiter.api.Test;

class ViolationSampleTest {
    @Test
    void aCountedTableGivesTheExactNumber() {
        Plan.Finding f = ViolationSample.finding(3, 2000, true, 2000, "CHECK (a > 0)", "SELECT 1");
        assertThat(f.severity()).isEqualTo("warning");
        assertThat(f.message()).startsWith("3 of the 2000 rows violate CHECK (a > 0): the validation will fail")
                .endsWith("They are: SELECT 1");
    }

    @Test
    void aSampleIsScaledToTheTable_andNeverBelowWhatItSaw() {
        assertThat(ViolationSample.finding(50, 10_000, false, 1_000_000, "c", "q").message())
                .startsWith("about 5000 rows violate c (50 of a sample of 10000)");
        // statistics that undercount the table must not make the estimate smaller than the sample itself
        assertThat(ViolationSample.finding(50, 10_000, false, 100, "c", "q").message()).startsWith("about 50 rows");
    }

    @Test
    void noViolationIsInformation_sayingWhetherItWasASample() {
        assertThat(ViolationSample.finding(0, 2000, true, 2000, "c", "q"))
                .isEqualTo(Plan.Finding.info("no row violates c (all 2000 counted)"));
        assertThat(ViolationSample.finding(0, 9000, false, 90_000, "c", "q").message())
                .isEqualTo("no row of a sample of 9000 (of about 90000) violates c; the validation checks every row");
    }
}
