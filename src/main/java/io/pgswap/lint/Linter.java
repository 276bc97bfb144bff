package io.pgswap.lint;

import io.pgswap.lint.model.Source;
import io.pgswap.lint.model.Statement;
import java.util.ArrayList;
import java.util.List;

/**
 * Lints migration files: splits each into statements, parses them with the grammar, and judges
 * them in order for the target PostgreSQL version. A statement that does not parse is reported
 * with its position; the statements after it are still read.
 */
public final class Linter {
    private final SqlParser parser;
    private final TableFacts facts;
    private final boolean singleTransaction;
    private final Analyzer analyzer;

    /**
     * @param singleTransaction the whole file runs in one transaction (Flyway, Rails), not only its
     *                          explicit BEGIN ... COMMIT blocks
     */
    public Linter(SqlParser parser, Target target, TableFacts facts, boolean singleTransaction) {
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
        for (Source source : StatementSplitter.split(content)) {
            Statement statement;
            try {
                statement = parser.parse(source);
            } catch (SqlSyntaxException e) {
                errors.add(new FileResult.SyntaxError(e.line(), e.column(), e.getMessage()));
                continue;
            }
            Analysis a = analyzer.analyze(statement, context);
            List<Finding> findings = new ArrayList<>(a.findings());
            findings.addAll(transactions.check(statement, a, context));
            context.learn(statement);
            if (statement instanceof Statement.SetParameter p && p.name().equals("search_path")) {
                facts.searchPath(p.value());
                context.searchPath(p.value());
            } else if (statement instanceof Statement.SetParameter p && p.name().equals("timezone") && !p.local()) {
                context.timeZone(p.value());
            } else if (statement instanceof Statement.ResetParameter r && "timezone".equals(r.name())) {
                context.timeZone(null);
            } else if (statement instanceof Statement.ResetParameter r
                    && (r.name() == null || r.name().equals("search_path"))) {
                facts.searchPath(null);
                context.searchPath(null);
            }
            statements.add(new StatementResult(statement, a.kind(), a.locks(), a.work(), findings,
                    a.needsNoTransaction(), a.recipe() == null ? List.of() : a.recipe().commands()));
        }
        return new FileResult(file, statements, errors);
    }
}
