package io.pgswap.sql;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class UserSqlTest {
    @Test
    void aFragmentIsOneExpressionWithItsQuotesAndCommentsClosed() {
        assertThat(UserSql.fragment("  amount > 0 ", "CHECK")).isEqualTo("amount > 0");
        assertThat(UserSql.fragment("amount > 0 -- positive", "CHECK")).as("ends with a line break, so that "
                + "CHECK (...) keeps its parenthesis").isEqualTo("amount > 0 -- positive\n");
        assertThatThrownBy(() -> UserSql.fragment("(a > 0 -- )", "CHECK")).hasMessageContaining("unclosed");
        assertThat(UserSql.fragment("note <> ';' /* a ; /* nested */ */ AND e'\\';' <> $x$;$x$", "CHECK"))
                .startsWith("note");
        assertThatThrownBy(() -> UserSql.fragment("a > 0; DROP TABLE t", "CHECK")).hasMessageContaining("';'");
        assertThatThrownBy(() -> UserSql.fragment("a = 'x", "CHECK")).hasMessageContaining("unterminated string");
        assertThatThrownBy(() -> UserSql.fragment("a /* x", "CHECK")).hasMessageContaining("unterminated comment");
        assertThatThrownBy(() -> UserSql.fragment("a) OR (b", "CHECK")).hasMessageContaining("closes a parenthesis");
    }

    @Test
    void aDollarSignInsideANameStartsNoDollarQuote() {
        // PostgreSQL names may contain '$': "a$$b$$" is one name, not the start of a $b$ quote
        assertThat(UserSql.fragment("a$$b$$ > 0", "CHECK")).isEqualTo("a$$b$$ > 0");
        assertThat(UserSql.dollarTag("x $1", 2)).isNull();
        assertThat(UserSql.dollarTag("$fn$ body $fn$", 0)).isEqualTo("$fn$");
        assertThat(UserSql.quoteEnd("'it''s' x", 0, '\'')).isEqualTo(7);
        assertThat(UserSql.quoteEnd("'open", 0, '\'')).isEqualTo(-1);
    }
}
