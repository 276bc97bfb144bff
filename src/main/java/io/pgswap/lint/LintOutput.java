package io.pgswap.lint;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.PrintStream;

/** The report formats of {@code pgswap lint --output}. */
public enum LintOutput {
    text, json, sarif;

    private static final ObjectMapper MAPPER = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    public void write(LintResult result, Severity failOn, PrintStream out) {
        switch (this) {
            case text -> TextReport.write(result, out);
            case json -> out.println(render(JsonReport.document(result, failOn, MAPPER)));
            case sarif -> out.println(render(SarifReport.document(result, MAPPER)));
            default -> throw new IllegalStateException(name());
        }
    }

    private static String render(Object tree) {
        try {
            return MAPPER.writeValueAsString(tree);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot write the report", e);
        }
    }
}
