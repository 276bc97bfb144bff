package io.pgswap.inplace;

import static org.assertj.core.api.Assertions.assertThat;

import io.pgswap.sql.Statement;
import org.junit.jupiter.api.Test;

/** The runner knows the index statements pgswap writes (every name quoted) and nothing else. */
class ConcurrentIndexTest {
    @Test
    void recognizesBuildsWithQuotedNamesOfAnyShape() {
        ConcurrentIndex.Action a = ConcurrentIndex.recognize(Statement.of("CREATE UNIQUE INDEX CONCURRENTLY "
                + "\"we\"\"ird. name\" ON \"My Schema\".\"orders\" USING btree (\"a\")"));
        assertThat(a).isEqualTo(new ConcurrentIndex.Action(ConcurrentIndex.Action.Kind.BUILD, "My Schema",
                "we\"ird. name"));
        assertThat(ConcurrentIndex.recognize(Statement.of("CREATE INDEX CONCURRENTLY \"i\" ON \"s\".\"t\" (a)")))
                .isEqualTo(new ConcurrentIndex.Action(ConcurrentIndex.Action.Kind.BUILD, "s", "i"));
    }

    @Test
    void recognizesReindexAndLeavesOtherStatementsAlone() {
        assertThat(ConcurrentIndex.recognize(Statement.of("REINDEX INDEX CONCURRENTLY \"s\".\"i\"\"x\"")))
                .isEqualTo(new ConcurrentIndex.Action(ConcurrentIndex.Action.Kind.REINDEX, "s", "i\"x"));
        assertThat(ConcurrentIndex.recognize(Statement.of("DROP INDEX CONCURRENTLY IF EXISTS \"s\".\"i\"")).kind())
                .isEqualTo(ConcurrentIndex.Action.Kind.OTHER);
        assertThat(ConcurrentIndex.recognize(Statement.of("CREATE INDEX CONCURRENTLY ON \"s\".\"t\" (a)")).kind())
                .as("no name: nothing to look for leftovers of").isEqualTo(ConcurrentIndex.Action.Kind.OTHER);
    }
}
