package io.pgswap.checksum;

import static org.assertj.core.api.Assertions.assertThat;

import io.pgswap.checksum.ChecksumSql.Comparison;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** How the checksum compares a column of each type: only what the shadow stores alike counts as the same. */
class ChecksumSqlTest {
    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource(delimiter = '|', value = {
        "integer                        | EQUALITY",
        "bigint[]                       | EQUALITY",
        "timestamp(3) with time zone    | EQUALITY",
        "numeric(12,2)                  | EQUALITY",
        "jsonb                          | TEXT",
        "bit varying(8)                 | EQUALITY",
        "text                           | COLLATED",
        "character varying(20)          | COLLATED",
        "character(3)[]                 | COLLATED",
        "numeric                        | TEXT",
        "interval                       | TEXT",
        "json                           | TEXT",
        "point                          | TEXT",
        "xml                            | TEXT",
        "sales.\"Money Amount\"         | TEXT",
        "citext                         | TEXT",
    })
    void eachTypeIsComparedSoThatOnlyEqualStoredValuesCountAsTheSame(String type, Comparison expected) {
        assertThat(ChecksumSql.comparison(type.strip())).isEqualTo(expected);
    }
}
