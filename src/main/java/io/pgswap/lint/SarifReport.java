package io.pgswap.lint;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.pgswap.Version;
import java.nio.charset.StandardCharsets;

/** {@code --output sarif}: SARIF 2.1.0 for code-scanning in CI (one run, the rules, one result per finding). */
final class SarifReport {
    private SarifReport() {
    }

    static ObjectNode document(LintResult result, ObjectMapper mapper) {
        ObjectNode doc = mapper.createObjectNode();
        doc.put("$schema", "https://json.schemastore.org/sarif-2.1.0.json");
        doc.put("version", "2.1.0");
        ObjectNode run = doc.putArray("runs").addObject();
        ObjectNode driver = run.putObject("tool").putObject("driver");
        driver.put("name", "pgswap lint");
        driver.put("version", Version.VERSION);
        driver.put("semanticVersion", Version.VERSION.replace("-dev", ""));
        ArrayNode rules = driver.putArray("rules");
        for (Rule r : Rule.values()) {
            ObjectNode rule = rules.addObject();
            rule.put("id", r.id());
            rule.put("name", r.slug());
            rule.putObject("shortDescription").put("text", r.summary());
            rule.putObject("fullDescription").put("text", r.summary() + " See docs/lint-rules.md, " + r.id() + ".");
            rule.putObject("defaultConfiguration").put("level", level(r.defaultSeverity()));
            rule.putObject("help").put("text", r.summary());
        }
        ArrayNode results = run.putArray("results");
        for (FileResult f : result.files()) {
            for (StatementResult s : f.statements()) {
                for (Finding fd : s.findings()) {
                    String text = fd.reason() + (fd.instead() == null ? "" : ". Instead: " + fd.instead());
                    results.add(result(fd.rule(), level(fd.severity()), text, f.file(), fd.line(), fd.column(), mapper));
                }
            }
            for (FileResult.SyntaxError e : f.syntaxErrors()) {
                results.add(result(Rule.PGS000, "error", e.message(), f.file(), e.line(), e.column(), mapper));
            }
        }
        ObjectNode invocation = run.putArray("invocations").addObject();
        invocation.put("executionSuccessful", result.syntaxErrorCount() == 0 && result.unreadableCount() == 0);
        ArrayNode notes = invocation.putArray("toolExecutionNotifications");
        for (FileResult f : result.files()) {
            if (f.unreadable() != null) {
                // a file that was never checked is no result about its code: the run reports it
                ObjectNode n = notes.addObject();
                n.put("level", "error");
                n.putObject("message").put("text", f.unreadable());
                n.putArray("locations").addObject().putObject("physicalLocation").putObject("artifactLocation")
                        .put("uri", uri(f.file()));
            }
        }
        ObjectNode properties = run.putObject("properties");
        properties.put("targetPostgresql", result.target().describe());
        return doc;
    }

    private static ObjectNode result(Rule rule, String level, String text, String file, int line, int column,
                                     ObjectMapper mapper) {
        ObjectNode r = mapper.createObjectNode();
        r.put("ruleId", rule.id());
        r.put("ruleIndex", rule.ordinal());
        r.put("level", level);
        r.putObject("message").put("text", text);
        ObjectNode location = r.putArray("locations").addObject().putObject("physicalLocation");
        location.putObject("artifactLocation").put("uri", uri(file));
        ObjectNode region = location.putObject("region");
        region.put("startLine", line);
        region.put("startColumn", column);
        return r;
    }

    /** SARIF levels: error, warning, note. */
    private static String level(Severity s) {
        return s == Severity.INFO ? "note" : s.label();
    }

    /** A relative URI reference: forward slashes, everything outside RFC 3986's unreserved set and "/" percent-encoded. */
    static String uri(String path) {
        StringBuilder out = new StringBuilder();
        for (byte b : path.replace('\\', '/').getBytes(StandardCharsets.UTF_8)) {
            char c = (char) (b & 0xff);
            if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || "-._~/".indexOf(c) >= 0) {
                out.append(c);
            } else {
                out.append('%').append(String.format("%02X", b & 0xff));
            }
        }
        return out.toString();
    }
}
