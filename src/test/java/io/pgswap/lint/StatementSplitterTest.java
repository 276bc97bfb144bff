package io.pgswap.lint;

import static org.assertj.core.api.Assertions.assertThat;

import io.pgswap.lint.model.Source;
import java.util.List;
import org.junit.jupiter.api.Test;

class StatementSplitterTest {

    private static List<String> texts(String sql) {
        return StatementSplitter.split(sql).stream().map(Source::text).toList();
    }

    @Test
    void splitsAtSemicolonsAndDropsEmptyPieces() {
        assertThat(texts("SELECT 1; ;; SELECT 2;\n  SELECT 3  ")).containsExactly("SELECT 1", "SELECT 2", "SELECT 3");
    }

    @Test
    void positionsAreLineAndColumnOfTheFirstToken() {
        List<Source> s = StatementSplitter.split("-- header\n\n  /* c */ ALTER TABLE t\n  ADD x int;\nSELECT 1;");
        assertThat(s).hasSize(2);
        assertThat(s.get(0).text()).isEqualTo("ALTER TABLE t\n  ADD x int");
        assertThat(s.get(0).line()).isEqualTo(3);
        assertThat(s.get(0).column()).isEqualTo(11);
        assertThat(s.get(0).offset()).isEqualTo(21);
        assertThat(s.get(1).line()).isEqualTo(5);
        assertThat(s.get(1).column()).isEqualTo(1);
    }

    @Test
    void semicolonsInsideStandardStringsAndQuotedIdentifiers() {
        assertThat(texts("SELECT 'a;b''c;'; SELECT \"x;\"\"y\" FROM t;"))
                .containsExactly("SELECT 'a;b''c;'", "SELECT \"x;\"\"y\" FROM t");
    }

    @Test
    void standardStringsTakeBackslashLiterally() {
        assertThat(texts("SELECT 'a\\'; SELECT 2;")).containsExactly("SELECT 'a\\'", "SELECT 2");
    }

    @Test
    void escapeStringsHonourBackslashes() {
        assertThat(texts("SELECT E'a\\';b'; SELECT e'\\\\'; SELECT 3;"))
                .containsExactly("SELECT E'a\\';b'", "SELECT e'\\\\'", "SELECT 3");
    }

    @Test
    void anIdentifierEndingInEIsNotAnEscapeString() {
        // "type" followed by a string: the E of "type" must not start an E'' string
        assertThat(texts("SELECT type'a\\'; SELECT 2;")).containsExactly("SELECT type'a\\'", "SELECT 2");
    }

    @Test
    void dollarQuotesWithAndWithoutTags() {
        String f = "CREATE FUNCTION f() RETURNS void AS $$ BEGIN PERFORM 1; END $$ LANGUAGE plpgsql";
        String g = "CREATE FUNCTION g() RETURNS text AS $body$ SELECT 'x;' || $$;$$ $body$ LANGUAGE sql";
        assertThat(texts(f + ";\n" + g + ";\nSELECT 1;")).containsExactly(f, g, "SELECT 1");
    }

    @Test
    void positionalParametersAreNotDollarQuotes() {
        assertThat(texts("PREPARE p AS SELECT $1; SELECT 2;")).containsExactly("PREPARE p AS SELECT $1", "SELECT 2");
    }

    @Test
    void dollarInsideAnIdentifierIsNotAQuote() {
        assertThat(texts("SELECT a$b$c FROM t; SELECT 2;")).containsExactly("SELECT a$b$c FROM t", "SELECT 2");
    }

    @Test
    void lineCommentsAndNestedBlockComments() {
        assertThat(texts("SELECT 1 -- not the end; really\n; /* outer /* inner; */ still; */ SELECT 2;"))
                .containsExactly("SELECT 1 -- not the end; really", "SELECT 2");
    }

    @Test
    void onlyCommentsGiveNoStatement() {
        assertThat(texts("-- a\n/* b; */\n  \n")).isEmpty();
    }

    @Test
    void sqlStandardFunctionBodiesKeepTheirSemicolons() {
        String f = "CREATE OR REPLACE FUNCTION f(a int) RETURNS int LANGUAGE sql\n"
                + "BEGIN ATOMIC\n  SELECT CASE WHEN a > 0 THEN 1 ELSE 0 END;\n  SELECT a;\nEND";
        assertThat(texts(f + ";\nBEGIN;\nSELECT 1;\nEND;"))
                .containsExactly(f, "BEGIN", "SELECT 1", "END");
    }

    @Test
    void unterminatedStringRunsToTheEnd() {
        assertThat(texts("SELECT 1; SELECT 'oops; SELECT 2;")).containsExactly("SELECT 1", "SELECT 'oops; SELECT 2;");
    }

    @Test
    void doubledQuotesReplaceBackslashQuotesOnlyInEscapeStrings() {
        String in = "SELECT E'a\\'b', 'c\\', E'\\\\', \"E'\"";
        String out = StatementSplitter.withDoubledQuotes(in);
        assertThat(out).hasSameSizeAs(in).isEqualTo("SELECT E'a''b', 'c\\', E'\\\\', \"E'\"");
    }

    @Test
    void semicolonsInsideParenthesesEndNothing_asInARulesActions() {
        assertThat(texts("CREATE RULE r AS ON INSERT TO t DO ALSO (INSERT INTO log VALUES ('a'); "
                + "INSERT INTO log VALUES ('b'));\nSELECT 1;")).containsExactly(
                "CREATE RULE r AS ON INSERT TO t DO ALSO (INSERT INTO log VALUES ('a'); INSERT INTO log VALUES ('b'))",
                "SELECT 1");
        assertThat(texts("SELECT ')(' ; SELECT \")\";")).containsExactly("SELECT ')('", "SELECT \")\"");
    }

    @Test
    void aPsqlMetaCommandIsAPieceOfItsOwn_toTheEndOfItsLine_andEndsTheStatementBeforeIt() {
        assertThat(texts("\\restrict abc123\nSET statement_timeout = 0;\n"))
                .containsExactly("\\restrict abc123", "SET statement_timeout = 0");
        assertThat(texts("SELECT format('CREATE INDEX ...') FROM t \\gexec\nCREATE FUNCTION f() RETURNS int "
                + "LANGUAGE sql AS $$ SELECT 1; $$;")).containsExactly("SELECT format('CREATE INDEX ...') FROM t",
                "\\gexec", "CREATE FUNCTION f() RETURNS int LANGUAGE sql AS $$ SELECT 1; $$");
        assertThat(texts("SELECT E'a\\\\b', '\\x';")).containsExactly("SELECT E'a\\\\b', '\\x'");
    }

    @Test
    void aMetaCommandInsideAFunctionBodyEndsThatBodyToo_soLaterSemicolonsEndStatementsAgain() {
        assertThat(texts("CREATE FUNCTION f() RETURNS int LANGUAGE sql BEGIN ATOMIC SELECT 1; \\gexec\nSELECT 2; SELECT 3;"))
                .containsExactly("CREATE FUNCTION f() RETURNS int LANGUAGE sql BEGIN ATOMIC SELECT 1;", "\\gexec",
                        "SELECT 2", "SELECT 3");
    }
}
