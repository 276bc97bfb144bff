package io.pgswap.sql;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class SqlTest {

    @ParameterizedTest(name = "ident({0}) = {1}")
    @CsvSource(delimiter = '|', quoteCharacter = '`', value = {
        "orders                  | \"orders\"",
        "Orders                  | \"Orders\"",
        "select                  | \"select\"",
        "my table                | \"my table\"",
        "a.b                     | \"a.b\"",
        "`a\"b`                  | `\"a\"\"b\"`",
        "`\"`                    | `\"\"\"\"`",
        "`x\"; DROP TABLE t; --` | `\"x\"\"; DROP TABLE t; --\"`",
        "日本                     | \"日本\"",
    })
    void identAlwaysQuotesAndDoublesEmbeddedQuotes(String name, String expected) {
        assertThat(Sql.ident(name)).isEqualTo(expected);
    }

    @Test
    void identRejectsNullEmptyAndNul() {
        assertThatIllegalArgumentException().isThrownBy(() -> Sql.ident(null)).withMessageContaining("empty");
        assertThatIllegalArgumentException().isThrownBy(() -> Sql.ident("")).withMessageContaining("empty");
        assertThatIllegalArgumentException().isThrownBy(() -> Sql.ident("a\0b")).withMessageContaining("NUL");
    }

    @Test
    void qualifiedQuotesBothParts() {
        assertThat(Sql.qualified("public", "orders")).isEqualTo("\"public\".\"orders\"");
        assertThat(Sql.qualified("My Schema", "a\"b")).isEqualTo("\"My Schema\".\"a\"\"b\"");
    }

    @Test
    void identListQuotesEachName() {
        assertThat(Sql.identList(List.of("id", "Status", "a\"b"))).isEqualTo("\"id\", \"Status\", \"a\"\"b\"");
        assertThat(Sql.identList(List.of())).isEmpty();
    }

    @ParameterizedTest(name = "literal({0}) = {1}")
    @CsvSource(delimiter = '|', quoteCharacter = '`', value = {
        "abc         | 'abc'",
        "it's        | 'it''s'",
        "''          | ''''''",
        "`a\\b`      | `'a\\b'`",
        "``          | ''",
    })
    void literalDoublesSingleQuotes(String value, String expected) {
        assertThat(Sql.literal(value)).isEqualTo(expected);
    }

    @Test
    void literalRejectsNul() {
        assertThatIllegalArgumentException().isThrownBy(() -> Sql.literal("a\0")).withMessageContaining("NUL");
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "orders", "pgswap_old_12_orders",
        // exactly 63 bytes, ASCII
        "abcdefghijklmnopqrstuvwxyzabcdefghijklmnopqrstuvwxyzabcdefghijk",
        // 31 x é (2 bytes) = 62 bytes
        "ééééééééééééééééééééééééééééééé"})
    void shortNamesAreUnchanged(String name) {
        assertThat(name.getBytes(StandardCharsets.UTF_8).length).isLessThanOrEqualTo(Sql.MAX_NAME_BYTES);
        assertThat(Sql.boundedName(name)).isEqualTo(name);
    }

    @Test
    void longAsciiNameIsCutToBudgetAndHashed() {
        String name = "x".repeat(64);
        String bounded = Sql.boundedName(name);
        assertThat(bounded).hasSize(63).matches("x{54}_[0-9a-f]{8}");
    }

    @Test
    void longMultiByteNameIsCutOnACharacterBoundary() {
        String name = "é".repeat(30) + "日".repeat(30); // 60 + 90 = 150 bytes
        String bounded = Sql.boundedName(name);
        byte[] bytes = bounded.getBytes(StandardCharsets.UTF_8);

        assertThat(bytes.length).isLessThanOrEqualTo(63);
        assertThat(bounded).matches(".*_[0-9a-f]{8}");
        String prefix = bounded.substring(0, bounded.length() - 9);
        // 54 bytes of budget: 27 x é (54 bytes) fit, nothing more
        assertThat(prefix).isEqualTo("é".repeat(27));
        // cut on a character boundary: decoding and re-encoding loses nothing
        assertThat(new String(bytes, StandardCharsets.UTF_8)).isEqualTo(bounded);
        assertThat(name).startsWith(prefix);
    }

    @Test
    void threeByteCharactersAreNotSplit() {
        // "a" + 30 x 日: budget of 54 bytes holds "a" + 17 x 日 (52 bytes); an 18th would need 55
        String bounded = Sql.boundedName("a" + "日".repeat(30));
        assertThat(bounded).startsWith("a" + "日".repeat(17) + "_");
        assertThat(bounded.getBytes(StandardCharsets.UTF_8).length).isEqualTo(1 + 17 * 3 + 9);
    }

    @Test
    void supplementaryCharactersAreNotSplit() {
        String emoji = "\uD83D\uDE00"; // 4 bytes, two UTF-16 chars
        String bounded = Sql.boundedName(emoji.repeat(20));
        String prefix = bounded.substring(0, bounded.length() - 9);
        assertThat(prefix).isEqualTo(emoji.repeat(13)); // 52 bytes of the 54-byte budget
        assertThat(bounded.getBytes(StandardCharsets.UTF_8).length).isLessThanOrEqualTo(63);
    }

    @Test
    void longNamesDifferingOnlyAtTheEndStayDistinct() {
        String base = "pgswap_old_123456789_" + "a_very_long_table_name_".repeat(3);
        String a = Sql.boundedName(base + "one");
        String b = Sql.boundedName(base + "two");
        assertThat(a).isNotEqualTo(b);
        assertThat(a.substring(0, a.length() - 8)).isEqualTo(b.substring(0, b.length() - 8));
        assertThat(a.getBytes(StandardCharsets.UTF_8).length).isLessThanOrEqualTo(63);
        assertThat(b.getBytes(StandardCharsets.UTF_8).length).isLessThanOrEqualTo(63);
    }

    @Test
    void boundedNameIsDeterministic() {
        String name = "z".repeat(100);
        assertThat(Sql.boundedName(name)).isEqualTo(Sql.boundedName(name));
    }

    @Test
    void aNameOptionIsTakenAsWritten_unlessItIsADoubleQuotedIdentifier() {
        assertThat(Sql.optionName("Orders By Customer", "--name")).isEqualTo("Orders By Customer");
        assertThat(Sql.optionName("orders_x", "--name")).isEqualTo("orders_x");
        assertThat(Sql.optionName("\"User_email_key\"", "--name")).isEqualTo("User_email_key");
        // a dot outside quotes reads as a schema, which an index or constraint name cannot have
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> Sql.optionName("public.br_j_idx", "--name"))
                .hasMessageContaining("give the name alone").hasMessageContaining("'\"public.br_j_idx\"'");
        assertThat(Sql.optionName("\"public.br_j_idx\"", "--name")).isEqualTo("public.br_j_idx");
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> Sql.optionName("\"unterminated", "--name"))
                .hasMessageContaining("not closed");
        assertThat(Sql.optionName("\"say \"\"hi\"\"\"", "--name")).isEqualTo("say \"hi\"");
        assertThat(Sql.optionName(null, "--name")).isNull();
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> Sql.optionName("\"a\".\"b\"", "--name"))
                .hasMessageContaining("2 parts");
    }
}
