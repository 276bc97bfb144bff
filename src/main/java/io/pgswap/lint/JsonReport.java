package io.pgswap.lint;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.pgswap.Version;

/** {@code --output json}: one document with every statement's locks and work, and every finding. */
final class JsonReport {
    private JsonReport() {
    }

    static ObjectNode document(LintResult result, Severity failOn, ObjectMapper mapper) {
        ObjectNode doc = mapper.createObjectNode();
        doc.put("tool", "pgswap lint");
        doc.put("version", Version.VERSION);
        ObjectNode target = doc.putObject("target");
        target.put("pg_version", result.target().major());
        target.put("origin", result.target().origin().name().toLowerCase(java.util.Locale.ROOT));
        target.put("assumed", result.target().origin() == Target.Origin.ASSUMED);
        target.put("server_version", result.target().serverVersion());
        target.put("description", result.target().describe());
        doc.put("single_transaction", result.singleTransaction());
        ArrayNode files = doc.putArray("files");
        for (FileResult f : result.files()) {
            ObjectNode file = files.addObject();
            file.put("file", f.file());
            file.put("unreadable", f.unreadable());
            ArrayNode statements = file.putArray("statements");
            for (StatementResult s : f.statements()) {
                ObjectNode st = statements.addObject();
                st.put("line", s.statement().source().line());
                st.put("column", s.statement().source().column());
                st.put("kind", s.kind());
                st.put("text", s.statement().source().text());
                ArrayNode locks = st.putArray("locks");
                for (TableLock l : s.locks()) {
                    ObjectNode lock = locks.addObject();
                    lock.put("table", l.table().display());
                    lock.put("via_index", l.viaIndex());
                    lock.put("mode", l.mode().sql());
                    lock.put("blocks", TableLock.blocksKey(l.mode()));
                }
                st.put("work", s.work().key());
                ArrayNode findings = st.putArray("findings");
                for (Finding fd : s.findings()) {
                    findings.add(finding(fd, mapper));
                }
            }
            ArrayNode errors = file.putArray("syntax_errors");
            for (FileResult.SyntaxError e : f.syntaxErrors()) {
                ObjectNode err = errors.addObject();
                err.put("rule", Rule.PGS000.id());
                err.put("line", e.line());
                err.put("column", e.column());
                err.put("message", e.message());
            }
        }
        ObjectNode summary = doc.putObject("summary");
        summary.put("files", result.files().size());
        summary.put("statements", result.statementCount());
        summary.put("error", result.count(Severity.ERROR));
        summary.put("warning", result.count(Severity.WARNING));
        summary.put("info", result.count(Severity.INFO));
        summary.put("syntax_errors", result.syntaxErrorCount());
        summary.put("unreadable_files", result.unreadableCount());
        doc.put("fail_on", failOn.label());
        doc.put("exit_code", result.exitCode(failOn).code());
        return doc;
    }

    private static ObjectNode finding(Finding f, ObjectMapper mapper) {
        ObjectNode n = mapper.createObjectNode();
        n.put("rule", f.rule().id());
        n.put("name", f.rule().slug());
        n.put("severity", f.severity().label());
        n.put("line", f.line());
        n.put("column", f.column());
        n.put("table", f.table());
        n.put("lock", f.lock() == null ? null : f.lock().sql());
        n.put("blocks", f.lock() == null ? null : TableLock.blocksKey(f.lock()));
        n.put("work", f.work().key());
        n.put("reason", f.reason());
        n.put("instead", f.instead());
        return n;
    }
}
