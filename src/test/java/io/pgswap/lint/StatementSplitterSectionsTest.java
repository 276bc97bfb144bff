package io.pgswap.lint;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import io.pgswap.lint.model.Source;
import java.util.List;
import org.junit.jupiter.api.Test;

/** COPY ... FROM STDIN data and the up/down sections of dbmate, goose and sql-migrate files. */
class StatementSplitterSectionsTest {

    private static List<String> texts(String sql) {
        return StatementSplitter.split(sql).stream().map(Source::text).toList();
    }

    @Test
    void copyFromStdinRowsUpToTheEndOfDataLineAreSkipped_andLaterLinesKeepTheirNumbers() {
        String dump = """
                SET client_encoding = 'UTF8';
                COPY public.p (id, name) FROM stdin;
                1\tfoo; CREATE INDEX x ON y(z);
                2\t'bar
                \\.
                CREATE INDEX p_name_idx ON public.p (name);
                """;
        assertThat(StatementSplitter.split(dump)).extracting(Source::text, Source::line, Source::column)
                .containsExactly(tuple("SET client_encoding = 'UTF8'", 1, 1),
                        tuple("COPY public.p (id, name) FROM stdin", 2, 1),
                        tuple("CREATE INDEX p_name_idx ON public.p (name)", 6, 1));
        assertThat(StatementSplitter.split(dump).get(2).offset()).isEqualTo(dump.indexOf("CREATE INDEX p_name"));
    }

    @Test
    void copyFromStdinIsCaseInsensitive_takesOptions_andAcceptsACrlfEndOfData() {
        assertThat(texts("copy t FROM STDIN WITH (FORMAT csv);\r\na;b\r\n\\.\r\nSELECT 1;"))
                .containsExactly("copy t FROM STDIN WITH (FORMAT csv)", "SELECT 1");
        // the rest of the COPY's own line is still SQL: psql reads the rows from the next line on
        assertThat(texts("COPY t FROM stdin; -- rows follow\n1\n\\.\nSELECT 2;"))
                .containsExactly("COPY t FROM stdin", "SELECT 2");
    }

    @Test
    void copyDataWithoutAnEndOfDataLineRunsToTheEndOfTheFile() {
        assertThat(texts("SELECT 1;\nCOPY t FROM stdin;\n1;\nDROP TABLE t;\n")).containsExactly("SELECT 1", "COPY t FROM stdin");
        assertThat(texts("COPY t FROM stdin;")).containsExactly("COPY t FROM stdin");
    }

    @Test
    void onlyAnExactEndOfDataLineEndsTheRows() {
        assertThat(texts("COPY t FROM stdin;\n\\.x\n \\.\nstill; data\n\\.\nSELECT 1;"))
                .containsExactly("COPY t FROM stdin", "SELECT 1");
    }

    @Test
    void copyToStdoutFromAFileOrWithStdinInsideItsQueryReadsOnAsSql() {
        assertThat(texts("COPY t TO STDOUT;\nSELECT 1;\n\\.\n"))
                .containsExactly("COPY t TO STDOUT", "SELECT 1", "\\.");
        assertThat(texts("COPY t FROM '/tmp/t.csv';\nSELECT 1;")).containsExactly("COPY t FROM '/tmp/t.csv'", "SELECT 1");
        assertThat(texts("COPY (SELECT * FROM stdin) TO STDOUT;\nSELECT 1;"))
                .containsExactly("COPY (SELECT * FROM stdin) TO STDOUT", "SELECT 1");
        assertThat(texts("SELECT 'COPY t FROM stdin';\nSELECT 1;")).containsExactly("SELECT 'COPY t FROM stdin'", "SELECT 1");
    }

    @Test
    void dbmate_onlyTheUpSectionIsRead_withItsOptions_andExactLines() {
        String file = """
                -- migrate:up transaction:false
                CREATE INDEX CONCURRENTLY orders_status_idx ON orders (status);
                ALTER TABLE orders
                  ADD COLUMN note text;

                -- migrate:down
                DROP INDEX orders_status_idx;
                ALTER TABLE orders DROP COLUMN note;
                """;
        assertThat(StatementSplitter.split(file)).extracting(Source::text, Source::line)
                .containsExactly(tuple("CREATE INDEX CONCURRENTLY orders_status_idx ON orders (status)", 2),
                        tuple("ALTER TABLE orders\n  ADD COLUMN note text", 3));
    }

    @Test
    void goose_statementBeginAndEndKeepAFunctionWithItsSemicolons_andEndTheStatementWithoutOne() {
        String function = """
                CREATE FUNCTION touch() RETURNS trigger LANGUAGE plpgsql AS '
                BEGIN
                  NEW.updated_at := now();
                  RETURN NEW;
                END;'""";
        String file = "-- +goose Up\n"
                + "-- +goose StatementBegin\n"
                + function + ";\n"
                + "-- +goose StatementEnd\n"
                + "-- +goose StatementBegin\n"
                + "CREATE TABLE t (id int)\n"                // no semicolon: StatementEnd ends it
                + "-- +goose StatementEnd\n"
                + "CREATE INDEX t_id ON t (id);\n"
                + "\n"
                + "-- +goose Down\n"
                + "-- +goose StatementBegin\n"
                + "DROP FUNCTION touch();\n"
                + "-- +goose StatementEnd\n"
                + "DROP TABLE t;\n";
        assertThat(StatementSplitter.split(file)).extracting(Source::text, Source::line)
                .containsExactly(tuple(function, 3), tuple("CREATE TABLE t (id int)", 10), tuple("CREATE INDEX t_id ON t (id)", 12));
    }

    @Test
    void goose_markersInAnyCase_leadingSpacesAllowed_textBeforeTheUpMarkerLeftOut() {
        String file = "-- +goose NO TRANSACTION\nSELECT 'before';\n  -- +goose up\nSELECT 1;\n--   +goose DOWN\nSELECT 2;\n";
        assertThat(texts(file)).containsExactly("SELECT 1");
    }

    @Test
    void sqlMigrate_severalUpAndDownSections_andStatementBlocks() {
        String file = """
                -- +migrate Up notransaction
                CREATE INDEX CONCURRENTLY a_idx ON a (x);
                -- +migrate Down
                DROP INDEX a_idx;
                -- +migrate Up
                -- +migrate StatementBegin
                CREATE FUNCTION f() RETURNS int LANGUAGE sql AS $$ SELECT 1; $$
                -- +migrate StatementEnd
                -- +migrate Down
                DROP FUNCTION f();
                """;
        assertThat(StatementSplitter.split(file)).extracting(Source::text, Source::line)
                .containsExactly(tuple("CREATE INDEX CONCURRENTLY a_idx ON a (x)", 2),
                        tuple("CREATE FUNCTION f() RETURNS int LANGUAGE sql AS $$ SELECT 1; $$", 7));
    }

    @Test
    void aSectionEndEndsAnUnfinishedStatementOrString() {
        assertThat(texts("-- migrate:up\nSELECT 'oops;\n-- migrate:down\nDROP TABLE t;\n"))
                .containsExactly("SELECT 'oops;");
    }

    @Test
    void aDownMarkerWithoutAnUpMarkerLeavesNothingToRun() {
        assertThat(texts("CREATE TABLE t (id int);\n-- +goose Down\nDROP TABLE t;\n")).isEmpty();
    }

    @Test
    void withoutUpOrDownMarkersTheFileReadsAsBefore() {
        String file = "-- +goose StatementBegin\nSELECT 1;\n-- +goose StatementEnd\n-- migrate:upgrade\n"
                + "SELECT '\n-- migrate: down\n';\n-- not a marker: +goose Down\nSELECT 3;";
        assertThat(StatementSplitter.split(file)).extracting(Source::text, Source::line)
                .containsExactly(tuple("SELECT 1", 2), tuple("SELECT '\n-- migrate: down\n'", 5), tuple("SELECT 3", 9));
    }
}
