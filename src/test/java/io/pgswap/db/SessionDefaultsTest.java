package io.pgswap.db;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** DateStyle keeps the ISO output the driver needs and takes the setting's order of day, month and year. */
class SessionDefaultsTest {
    @Test
    void theOutputStyleStaysIsoAndTheOrderIsTheSettings() {
        assertThat(SessionDefaults.isoOutput("SQL, DMY")).isEqualTo("ISO, DMY");
        assertThat(SessionDefaults.isoOutput("German")).isEqualTo("ISO");
        assertThat(SessionDefaults.isoOutput("Postgres, European")).isEqualTo("ISO, DMY");
        assertThat(SessionDefaults.isoOutput("iso, mdy")).isEqualTo("ISO, MDY");
        assertThat(SessionDefaults.isoOutput("YMD")).isEqualTo("ISO, YMD");
    }
}
