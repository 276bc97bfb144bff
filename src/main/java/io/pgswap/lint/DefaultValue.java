package io.pgswap.lint;

import io.pgswap.lint.model.Expression;
import java.util.Locale;
import java.util.Set;

/**
 * How PostgreSQL 11+ treats an added column's default: a constant or stable expression is
 * evaluated once and stored in the catalog; a volatile one is evaluated for every existing row,
 * which rewrites the table.
 */
enum DefaultValue {
    /** No function at all: a literal, a cast, arithmetic on literals. */
    CONSTANT,
    /** Only functions known to be stable or immutable (now(), CURRENT_TIMESTAMP, lower(), ...). */
    STABLE,
    /** Calls a function known to be volatile. */
    VOLATILE,
    /** Calls a function pgswap does not know. */
    UNKNOWN;

    private static final Set<String> VOLATILE_FUNCTIONS = Set.of("clock_timestamp", "random", "random_normal",
            "gen_random_uuid", "uuidv4", "uuidv7", "nextval", "timeofday", "gen_random_bytes", "txid_current",
            "pg_current_xact_id", "setseed", "currval", "lastval");

    private static final Set<String> STABLE_FUNCTIONS = Set.of("now", "transaction_timestamp",
            "statement_timestamp", "current_timestamp", "current_date", "current_time", "localtime",
            "localtimestamp", "current_user", "current_role", "session_user", "user", "current_schema",
            "current_catalog", "current_database", "coalesce", "nullif", "greatest", "least", "lower", "upper",
            "trim", "btrim", "ltrim", "rtrim", "length", "concat", "md5", "substring", "substr", "replace",
            "extract", "date_part", "date_trunc", "to_char", "to_date", "to_timestamp", "make_date",
            "make_time", "make_timestamp", "make_timestamptz", "make_interval", "abs", "round", "floor", "ceil",
            "to_json", "to_jsonb", "json_build_object", "jsonb_build_object", "json_build_array",
            "jsonb_build_array", "array_fill", "timezone", "position", "overlay");

    /** Classifies an expression by the functions it calls (a null expression is CONSTANT NULL). */
    static DefaultValue of(Expression e) {
        if (e == null) {
            return CONSTANT;
        }
        DefaultValue worst = CONSTANT;
        for (String f : e.functions()) {
            DefaultValue v = classify(f);
            if (v.ordinal() > worst.ordinal()) {
                worst = v;
            }
        }
        return worst;
    }

    /** The first function of the expression that makes it what {@link #of} says, for messages. */
    static String culprit(Expression e) {
        DefaultValue v = of(e);
        for (String f : e.functions()) {
            if (classify(f) == v) {
                return f;
            }
        }
        return null;
    }

    /** DEFAULT NULL (or none) stores nothing, on every version. */
    static boolean isNull(Expression e) {
        return e == null || e.text().strip().equalsIgnoreCase("null");
    }

    private static DefaultValue classify(String function) {
        String f = function.toLowerCase(Locale.ROOT);
        if (f.startsWith("pg_catalog.")) {
            f = f.substring("pg_catalog.".length());
        }
        int dot = f.lastIndexOf('.');
        String base = dot < 0 ? f : f.substring(dot + 1);
        if (VOLATILE_FUNCTIONS.contains(base) || base.startsWith("uuid_generate_")) {
            return VOLATILE;
        }
        return dot < 0 && STABLE_FUNCTIONS.contains(base) ? STABLE : UNKNOWN;
    }
}
