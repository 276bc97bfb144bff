package io.pgswap.lint;

import static org.assertj.core.api.Assertions.assertThat;

import io.pgswap.lint.pgck.PgCodeKeeperParser;
import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The migration files of src/test/resources/lint-corpus (Rails, Django, Flyway and plain SQL),
 * each linted and compared with its .expected file: one finding per line, {@code LINE RULE
 * SEVERITY}, in file order; {@code #} starts a comment, and {@code # options:} gives
 * {@code --single-transaction} and {@code --pg-version N} for that file.
 */
class CorpusTest {
    private static final Path CORPUS = corpus();

    static Stream<String> migrations() throws IOException {
        try (Stream<Path> files = Files.walk(CORPUS)) {
            return files.filter(p -> p.toString().endsWith(".sql")).map(p -> CORPUS.relativize(p).toString())
                    .sorted().toList().stream();
        }
    }

    @Test
    void theCorpusHasEveryKindOfMigration() throws IOException {
        assertThat(migrations().toList()).hasSizeGreaterThanOrEqualTo(10)
                .anyMatch(f -> f.startsWith("rails/")).anyMatch(f -> f.startsWith("django/"))
                .anyMatch(f -> f.startsWith("flyway/")).anyMatch(f -> f.startsWith("plain/"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("migrations")
    void findingsMatchTheExpectedFile(String migration) throws IOException {
        Path sql = CORPUS.resolve(migration);
        Path expectedFile = CORPUS.resolve(migration.replaceAll("\\.sql$", ".expected"));
        assertThat(expectedFile).as("expected findings file").exists();
        List<String> expected = new ArrayList<>();
        int pgVersion = Target.DEFAULT_MAJOR;
        boolean singleTransaction = false;
        for (String line : Files.readAllLines(expectedFile, StandardCharsets.UTF_8)) {
            String l = line.strip();
            if (l.startsWith("# options:")) {
                List<String> words = List.of(l.substring("# options:".length()).strip().split("\\s+"));
                singleTransaction = words.contains("--single-transaction");
                int v = words.indexOf("--pg-version");
                if (v >= 0) {
                    pgVersion = Integer.parseInt(words.get(v + 1));
                }
            } else if (!l.isEmpty() && !l.startsWith("#")) {
                expected.add(String.join(" ", l.split("\\s+")));
            }
        }
        FileResult result = new Linter(new PgCodeKeeperParser(), new Target(pgVersion, Target.Origin.OPTION, null),
                TableFacts.NONE, singleTransaction).lint(migration, Files.readString(sql, StandardCharsets.UTF_8));
        record Row(int line, int column, String text) {
        }
        List<Row> rows = new ArrayList<>();
        for (StatementResult s : result.statements()) {
            for (Finding f : s.findings()) {
                rows.add(new Row(f.line(), f.column(), f.line() + " " + f.rule().id() + " " + f.severity().label()));
            }
        }
        for (FileResult.SyntaxError e : result.syntaxErrors()) {
            rows.add(new Row(e.line(), e.column(), e.line() + " " + Rule.PGS000.id() + " error"));
        }
        rows.sort(Comparator.comparingInt(Row::line).thenComparingInt(Row::column));
        assertThat(rows.stream().map(Row::text).toList()).as(migration).isEqualTo(expected);
    }

    private static Path corpus() {
        try {
            return Path.of(CorpusTest.class.getResource("/lint-corpus").toURI());
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }
}
