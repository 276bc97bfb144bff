package io.pgswap.lint;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class CatalogFactsTest {
    @Test
    void aSearchPathValueIsReadAsPostgreSQLReadsIt() {
        assertThat(CatalogFacts.schemas("sales, public")).containsExactly("pg_catalog", "sales", "public");
        assertThat(CatalogFacts.schemas("\"$user\", Sales, \"Mixed\"\"Case\"")).containsExactly("pg_catalog", "$user",
                "sales", "Mixed\"Case");
        assertThat(CatalogFacts.schemas("'app', pg_catalog")).containsExactly("app", "pg_catalog");
        assertThat(CatalogFacts.schemas("''")).containsExactly("pg_catalog");
    }
}
