package io.pgswap.ops;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import io.pgswap.ExitCode;
import io.pgswap.PgSwapException;
import io.pgswap.ops.AlterSubcommands.Kind;
import io.pgswap.ops.AlterSubcommands.Subcommand;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

class AlterSubcommandsTest {
    private static List<Subcommand> parse(String text, String... using) {
        return AlterSubcommands.parse(text, List.of(using));
    }

    private static PgSwapException failure(String text, String... using) {
        Throwable t = catchThrowable(() -> parse(text, using));
        assertThat(t).as(text).isInstanceOf(PgSwapException.class);
        return (PgSwapException) t;
    }

    @Test
    void splitsAtTopLevelCommasOnly() {
        List<Subcommand> s = parse("ALTER COLUMN amount TYPE numeric(14, 2), ADD COLUMN note text DEFAULT 'a, b', "
                + "ADD CONSTRAINT c CHECK (amount IN (1, 2)) -- a, comment\n, DROP COLUMN \"x,y\"");
        assertThat(s).extracting(Subcommand::kind)
                .containsExactly(Kind.ALTER_TYPE, Kind.ADD_COLUMN, Kind.ADD_CHECK, Kind.DROP_COLUMN);
        assertThat(s).extracting(Subcommand::text).containsExactly("ALTER COLUMN amount TYPE numeric(14, 2)",
                "ADD COLUMN note text DEFAULT 'a, b'", "ADD CONSTRAINT c CHECK (amount IN (1, 2))", "DROP COLUMN \"x,y\"");
        assertThat(s).extracting(Subcommand::column).containsExactly("amount", "note", null, "x,y");
        assertThat(s).extracting(Subcommand::number).containsExactly(1, 2, 3, 4);
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "ALTER COLUMN id TYPE bigint | ALTER_TYPE | id",
        "alter id set data type bigint | ALTER_TYPE | id",
        "ALTER \"Id\" TYPE bigint | ALTER_TYPE | Id",
        "ALTER COLUMN Amount TYPE numeric(14,2) COLLATE \"C\" | ALTER_TYPE | amount",
        "ADD COLUMN token uuid DEFAULT gen_random_uuid() NOT NULL | ADD_COLUMN | token",
        "ADD IF NOT EXISTS token uuid | ADD_COLUMN | token",
        "ADD exclude_flag boolean | ADD_COLUMN | exclude_flag",
        "ADD COLUMN c int CHECK (c > 0) | ADD_COLUMN | c",
        "ADD COLUMN n bigserial | ADD_COLUMN | n",
        "ADD COLUMN n bigint GENERATED ALWAYS AS IDENTITY (START 10) | ADD_COLUMN | n",
        "DROP COLUMN note | DROP_COLUMN | note",
        "DROP IF EXISTS note RESTRICT | DROP_COLUMN | note",
        "ALTER COLUMN status SET DEFAULT 'new' | SET_DEFAULT | status",
        "ALTER status DROP DEFAULT | DROP_DEFAULT | status",
        "ALTER COLUMN status SET NOT NULL | SET_NOT_NULL | status",
        "ALTER COLUMN status DROP NOT NULL | DROP_NOT_NULL | status",
        "ADD CHECK (amount > 0) | ADD_CHECK | ",
        "ADD CONSTRAINT positive CHECK (amount > 0) NOT VALID | ADD_CHECK | ",
    })
    void recognisesTheSupportedSubcommands(String text, Kind kind, String column) {
        Subcommand s = parse(text).get(0);
        assertThat(s.kind()).isEqualTo(kind);
        assertThat(s.column()).isEqualTo(column);
    }

    @Test
    void readsTheUsingExpressionOfATypeChange() {
        assertThat(parse("ALTER COLUMN c TYPE integer USING nullif(c, '')::integer").get(0).using())
                .isEqualTo("nullif(c, '')::integer");
        assertThat(parse("ALTER COLUMN c TYPE integer").get(0).using()).isNull();
        // a USING inside parentheses belongs to something else
        assertThat(parse("ALTER COLUMN c TYPE numeric(10, 2)").get(0).using()).isNull();
    }

    @Test
    void attachesUsingOptionsToTheirTypeChange() {
        List<Subcommand> s = parse("ALTER COLUMN a TYPE bigint, ALTER COLUMN \"Cents\" TYPE bigint", "\"Cents\"=round(x * 100)",
                "A = a + 1");
        assertThat(s.get(0).text()).isEqualTo("ALTER COLUMN a TYPE bigint USING (a + 1)");
        assertThat(s.get(0).using()).isEqualTo("a + 1");
        assertThat(s.get(1).text()).isEqualTo("ALTER COLUMN \"Cents\" TYPE bigint USING (round(x * 100))");
    }

    @Test
    void misplacedUsingOptionsAreUsageErrors() {
        assertThat(failure("ALTER COLUMN a TYPE bigint", "b=1").exitCode()).isEqualTo(ExitCode.USAGE);
        assertThat(failure("ALTER COLUMN a TYPE bigint USING a::bigint", "a=1")).hasMessageContaining("once");
        assertThat(failure("ALTER COLUMN a TYPE bigint", "a=1", "a=2")).hasMessageContaining("twice");
        assertThat(failure("ALTER COLUMN a TYPE bigint", "a").exitCode()).isEqualTo(ExitCode.USAGE);
        assertThat(failure("ALTER COLUMN a TYPE bigint", "a=1); DROP TABLE x; SELECT (1").exitCode())
                .isEqualTo(ExitCode.USAGE);
        assertThat(failure("DROP COLUMN a", "a=1")).hasMessageContaining("do not change the type of a");
    }

    @Test
    void textThatCouldEndTheStatementIsAUsageError() {
        assertThat(failure("DROP COLUMN a; DROP TABLE orders").exitCode()).isEqualTo(ExitCode.USAGE);
        assertThat(failure("DROP COLUMN a)").exitCode()).isEqualTo(ExitCode.USAGE);
        assertThat(failure("DROP COLUMN a,, DROP COLUMN b")).hasMessageContaining("empty");
        assertThat(failure("   ").exitCode()).isEqualTo(ExitCode.USAGE);
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "RENAME COLUMN a TO b | renames",
        "RENAME TO orders2 | renames",
        "RENAME CONSTRAINT a TO b | renames",
        "SET SCHEMA archive | SET SCHEMA",
        "ATTACH PARTITION orders_2026 FOR VALUES FROM (1) TO (2) | partitioning",
        "DETACH PARTITION orders_2026 | partitioning",
        "INHERIT parent | inheritance",
        "NO INHERIT parent | inheritance",
        "OF order_type | typed tables",
        "NOT OF | typed tables",
        "ADD FOREIGN KEY (c) REFERENCES customers | referenced table",
        "ADD CONSTRAINT fk FOREIGN KEY (c) REFERENCES customers | referenced table",
        "ADD COLUMN c bigint REFERENCES customers | referenced table",
        "ADD PRIMARY KEY (id) | pgswap add-primary-key builds it CONCURRENTLY",
        "ADD CONSTRAINT u UNIQUE (c) | adds an index",
        "ADD EXCLUDE USING gist (c WITH &&) | has no NOT VALID, USING INDEX or CONCURRENTLY form",
        "ADD COLUMN c int UNIQUE | adds an index",
        "DROP COLUMN c CASCADE | CASCADE",
        "DROP CONSTRAINT c | DROP CONSTRAINT",
        "ALTER CONSTRAINT fk DEFERRABLE | ALTER CONSTRAINT",
        "ALTER COLUMN c SET STATISTICS 500 | other column settings",
        "ALTER COLUMN c SET STORAGE EXTERNAL | other column settings",
        "ALTER COLUMN id ADD GENERATED ALWAYS AS IDENTITY | other column settings",
        "SET TABLESPACE fast | supports",
        "SET (fillfactor = 70) | supports",
        "OWNER TO app | supports",
        "ENABLE TRIGGER t | supports",
        "ADD CONSTRAINT nn NOT NULL c | only CHECK",
    })
    void refusesWhatItDoesNotCarryOutNamingTheSubcommand(String text, String why) {
        PgSwapException e = failure("ALTER COLUMN a TYPE bigint, " + text);
        assertThat(e.exitCode()).isEqualTo(ExitCode.REFUSED);
        assertThat(e).hasMessageContaining("subcommand 2 (" + text + ")").hasMessageContaining(why)
                .hasMessageContaining("Nothing was changed");
    }

    @Test
    void namesFollowSqlRules() {
        assertThat(SqlTokens.name("Amount")).isEqualTo("amount");
        assertThat(SqlTokens.name("\"Amount\"")).isEqualTo("Amount");
        assertThat(SqlTokens.name("\"a\"\"b\"")).isEqualTo("a\"b");
        assertThat(SqlTokens.name("a b")).isNull();
        assertThat(SqlTokens.name("'a'")).isNull();
    }
}
