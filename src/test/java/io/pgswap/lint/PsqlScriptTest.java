package io.pgswap.lint;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.pgswap.lint.model.Source;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class PsqlScriptTest {
    /** The pieces psql would send to the server, as lint reads them. */
    private static List<String> sent(String file, Map<String, String> preset) {
        PsqlScript psql = new PsqlScript(preset);
        List<String> out = new ArrayList<>();
        for (Source piece : StatementSplitter.split(file)) {
            psql.expand(piece).ifPresent(s -> out.add(s.text()));
        }
        return out;
    }

    @Test
    void variablesBecomeTheirValue_aLiteral_orAnIdentifier() {
        assertThat(sent("\\set s app\n\\set name 'O''Brien'\nSELECT :s, :'name', :\"s\".t, :\"name\"", Map.of()))
                .containsExactly("SELECT app, 'O''Brien', \"app\".t, \"O'Brien\"");
    }

    @Test
    void aValueWithABackslashIsAnEscapeString_asPsqlQuotesIt() {
        assertThat(sent("SELECT :'v'", Map.of("v", "a\\b"))).containsExactly("SELECT  E'a\\\\b'");
    }

    @Test
    void castsStringsCommentsDollarQuotesAndUnsetVariablesAreLeftAsWritten() {
        String sql = "SELECT x::int, a[1:n], 'it :s', \"col:s\", $$ :s $$, $f$ :'s' $f$ -- :s\n/* :s /* :s */ */ FROM t";
        assertThat(sent(sql, Map.of("s", "VALUE"))).containsExactly(sql);
    }

    @Test
    void setJoinsItsArguments_unsetForgets_andTheCommandLineIsOverriddenByTheFile() {
        assertThat(sent("\\set a x 'y z' \"q\"\nSELECT :'a';\n\\set b :a-2\nSELECT :'b';\n\\unset a\nSELECT :a",
                Map.of("a", "preset"))).containsExactly("SELECT 'xy z\"q\"'", "SELECT 'xy z\"q\"-2'", "SELECT :a");
        assertThat(sent("\\set e\nSELECT :'e'", Map.of())).containsExactly("SELECT ''");
    }

    @Test
    void psqlsOwnSettingsArePassedOver_otherMetaCommandsStayForTheGrammarToRefuse() {
        assertThat(sent("\\restrict k\n\\set ON_ERROR_STOP on\n\\echo hi\n\\timing on\nSELECT 1;\n\\i other.sql\n"
                + "\\connect db\n\\gexec\n\\unrestrict k\n", Map.of()))
                .containsExactly("SELECT 1", "\\i other.sql", "\\connect db", "\\gexec");
    }

    @Test
    void aQuotedVariableThatIsNotSet_isNamedWithItsPosition() {
        assertThatThrownBy(() -> sent("SELECT 1;\nCREATE TABLE :\"sch\".t (id int)", Map.of()))
                .isInstanceOf(SqlSyntaxException.class)
                .hasMessageContaining("psql variable sch is not set").hasMessageContaining("--set sch=VALUE")
                .satisfies(e -> {
                    assertThat(((SqlSyntaxException) e).line()).isEqualTo(2);
                    assertThat(((SqlSyntaxException) e).column()).isEqualTo(14);
                });
    }

    @Test
    void aValueOnlyPsqlCanKnow_isNamedAsSuch() {
        assertThatThrownBy(() -> sent("\\set v `date`\nSELECT :'v'", Map.of()))
                .hasMessageContaining("psql variable v gets its value only when psql runs");
        assertThatThrownBy(() -> sent("\\prompt 'Name? ' who\nSELECT :who", Map.of()))
                .hasMessageContaining("psql variable who gets its value only when psql runs");
    }

    @Test
    void aVariableAGsetSets_isOneLintCannotKnow_andTheGrammarsColonErrorSaysSo() {
        assertThatThrownBy(() -> sent("SELECT max(id) AS top FROM orders \\gset\nSELECT :'top'", Map.of()))
                .hasMessageContaining("psql variable top gets its value only when psql runs");
        PsqlScript psql = new PsqlScript(Map.of());
        String colon = "syntax error at or near \":\"";
        assertThat(psql.hint(colon)).contains("--set NAME=VALUE").doesNotContain("gset");
        for (Source piece : StatementSplitter.split("SELECT max(id) AS top FROM orders \\gset\nINSERT INTO t VALUES (:top)")) {
            psql.expand(piece);
        }
        assertThat(psql.hint(colon)).contains("a \\gset sets gets its value only when psql runs the query");
        assertThat(sent("SELECT 1 AS one \\gset\nSELECT 2", Map.of("one", "1"))).containsExactly("SELECT 1 AS one",
                "SELECT 2");
    }
}
