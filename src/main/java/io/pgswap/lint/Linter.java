package io.pgswap.lint;

import io.pgswap.lint.model.Source;
import io.pgswap.lint.model.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Lints migration files: splits each into statements, parses them with the grammar, and judges
 * them in order for the target PostgreSQL version. A statement that does not parse is reported
 * with its position; the statements after it are still read. A file written for psql has its
 * variables replaced and psql's own meta-commands passed over first ({@link PsqlScript}).
 */
public final class Linter {
    private final SqlParser parser;
    private final TableFacts facts;
    private final boolean singleTransaction;
    private final Analyzer analyzer;
    private final Map<String, String> variables;

    /**
     * @param singleTransaction the whole file runs in one transaction (Flyway, Rails), not only its
     *                          explicit BEGIN ... COMMIT blocks
     */
    public Linter(SqlParser parser, Target target, TableFacts facts, boolean singleTransaction) {
        this(parser, target, facts, singleTransaction, Map.of());
    }

    /** @param variables psql variables given on the command line ({@code --set NAME=VALUE}), see {@link PsqlScript} */
    public Linter(SqlParser parser, Target target, TableFacts facts, boolean singleTransaction,
                  Map<String, String> variables) {
        this.variables = Map.copyOf(variables);
        this.parser = parser;
        this.facts = facts;
        this.singleTransaction = singleTransaction;
        this.analyzer = new Analyzer(target);
    }

    public FileResult lint(String file, String content) {
        facts.searchPath(null);
        FileContext context = new FileContext(facts);
        Transactions transactions = new Transactions(singleTransaction);
        List<StatementResult> statements = new ArrayList<>();
        List<FileResult.SyntaxError> errors = new ArrayList<>();
        PsqlScript psql = new PsqlScript(variables);
        SearchPaths paths = new SearchPaths();
        for (Source piece : StatementSplitter.split(content)) {
            Statement statement;
            try {
                Optional<Source> source = psql.expand(piece);
                if (source.isEmpty()) {
                    continue; // \set, \echo, pg_dump's \restrict: psql's own, nothing in the database
                }
                statement = parser.parse(source.get());
            } catch (SqlSyntaxException e) {
                errors.add(new FileResult.SyntaxError(e.line(), e.column(), psql.hint(e.getMessage())));
                continue;
            }
            context.nameConstraints(statement);
            Analysis a = analyzer.analyze(statement, context);
            List<Finding> findings = new ArrayList<>(a.findings());
            findings.addAll(transactions.check(statement, a, context));
            context.learn(statement);
            if (paths.follow(statement)) {
                facts.searchPath(paths.now());
                context.searchPath(paths.now());
            }
            if (statement instanceof Statement.SetParameter p && p.name().equals("timezone") && !p.local()) {
                context.timeZone(p.value());
            } else if (statement instanceof Statement.ResetParameter r && "timezone".equals(r.name())) {
                context.timeZone(null);
            }
            statements.add(new StatementResult(statement, a.kind(), a.locks(), a.work(), findings,
                    a.needsNoTransaction(), a.recipe() == null ? List.of() : a.recipe().commands()));
        }
        return new FileResult(file, statements, errors);
    }
}
