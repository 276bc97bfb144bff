package io.pgswap.lint;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/** docs/lint-rules.md has a table row for every rule, with its id, name and default severity. */
class RulesDocTest {
    @Test
    void everyRuleIsDocumented() throws IOException {
        String doc = Files.readString(Path.of("docs", "lint-rules.md"), StandardCharsets.UTF_8);
        for (Rule r : Rule.values()) {
            assertThat(doc).as(r.id()).contains("| " + r.id() + " | " + r.slug() + " | " + r.defaultSeverity().label());
        }
    }
}
