package io.pgswap.cli;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.util.DefaultIndenter;
import com.fasterxml.jackson.core.util.DefaultPrettyPrinter;
import com.fasterxml.jackson.core.util.Separators;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectWriter;

/** pgswap's JSON documents on stdout, written by Jackson, indented for people who read them too. */
final class Json {
    private static final ObjectMapper MAPPER = new ObjectMapper();
    /** Two-space indentation, one entry per line, {@code "key": value} as most JSON tools print it. */
    private static final ObjectWriter JSON = MAPPER.writer(new DefaultPrettyPrinter()
            .withSeparators(Separators.createDefaultInstance().withObjectFieldValueSpacing(Separators.Spacing.AFTER))
            .withArrayIndenter(DefaultIndenter.SYSTEM_LINEFEED_INSTANCE));

    private Json() {
    }

    /** A record (or any bean) as an ordered map of its JSON fields. */
    @SuppressWarnings("unchecked")
    static java.util.Map<String, Object> toMap(Object value) {
        return value == null ? new java.util.LinkedHashMap<>()
                : new java.util.LinkedHashMap<>(MAPPER.convertValue(value, java.util.Map.class));
    }

    /**
     * The document of a command that ended without a result of its own: a usage error, a refusal, a
     * failure, a stop, or nothing to do ({@code outcome} nothing_to_do, else the exit code's name).
     */
    static String outcome(io.pgswap.ExitCode code, String message) {
        java.util.Map<String, Object> doc = new java.util.LinkedHashMap<>();
        doc.put("outcome", code == io.pgswap.ExitCode.OK ? "nothing_to_do" : code.name().toLowerCase(java.util.Locale.ROOT));
        doc.put("exit_code", code.code());
        doc.put("message", message);
        return write(doc);
    }

    static String write(Object value) {
        try {
            return JSON.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot write JSON: " + e.getMessage(), e);
        }
    }
}
