package io.pgswap.sql;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.MethodSource;

class QualifiedNameTest {

    static Stream<Arguments> valid() {
        return Stream.of(
                Arguments.of("orders", List.of("orders")),
                Arguments.of("Orders.Status", List.of("orders", "status")),
                Arguments.of("SALES.ORDERS.STATUS", List.of("sales", "orders", "status")),
                Arguments.of("\"Orders\".\"Status\"", List.of("Orders", "Status")),
                Arguments.of("public.\"Mixed Case\"", List.of("public", "Mixed Case")),
                Arguments.of("\"my.table\".col", List.of("my.table", "col")),
                Arguments.of("\"a\"\"b\"", List.of("a\"b")),
                Arguments.of("\"\"\"\"", List.of("\"")),
                Arguments.of("\" padded \".x", List.of(" padded ", "x")),
                // only ASCII letters fold, like PostgreSQL in a UTF8 database
                Arguments.of("ÄBC.ÉTAT", List.of("Äbc", "État")),
                Arguments.of("Über_Tabelle", List.of("Über_tabelle")),
                Arguments.of(" orders . status ", List.of("orders", "status")),
                // looks like injection, is just a (non-existent) column name
                Arguments.of("orders.status;DROP TABLE x", List.of("orders", "status;drop table x")));
    }

    @ParameterizedTest(name = "{0} -> {1}")
    @MethodSource("valid")
    void parses(String text, List<String> expected) {
        assertThat(QualifiedName.parse(text)).containsExactlyElementsOf(expected);
    }

    @ParameterizedTest(name = "{0}: {1}")
    @CsvSource(delimiter = '|', quoteCharacter = '`', value = {
        "a..b            | empty name part",
        "a.b.            | empty name part",
        ".a              | empty name part",
        "a. .b           | empty name part",
        "`\"\".b`        | empty name part",
        "`\"abc`         | unterminated double quote",
        "`a.\"b`         | unterminated double quote",
        "`\"a\"\"`       | unterminated double quote",
        "`\"a\"b`        | text after a closing double quote",
        "`\"a\" .b`      | text after a closing double quote",
        "`a\"b\"`        | misplaced double quote",
    })
    void rejects(String text, String reason) {
        assertThatIllegalArgumentException().isThrownBy(() -> QualifiedName.parse(text))
                .withMessageContaining(reason);
    }

    @Test
    void rejectsBlank() {
        assertThatIllegalArgumentException().isThrownBy(() -> QualifiedName.parse(null)).withMessage("empty name");
        assertThatIllegalArgumentException().isThrownBy(() -> QualifiedName.parse("")).withMessage("empty name");
        assertThatIllegalArgumentException().isThrownBy(() -> QualifiedName.parse("   ")).withMessage("empty name");
    }

    @Test
    void resultIsImmutable() {
        List<String> parts = QualifiedName.parse("a.b");
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> parts.add("c"))
                .isInstanceOf(UnsupportedOperationException.class);
    }
}
