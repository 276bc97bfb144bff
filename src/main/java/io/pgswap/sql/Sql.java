package io.pgswap.sql;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import java.util.stream.Collectors;

/**
 * The one place where SQL identifiers are quoted and where pgswap's own object names are made.
 *
 * <p>Values never go through here: they are bind parameters. The single exception is
 * {@link #literal(String)}, for the few DDL statements (COMMENT ON, reloptions) that PostgreSQL
 * does not let take parameters; those literals always come from the catalog, never from input.
 */
public final class Sql {
    /** PostgreSQL's NAMEDATALEN - 1. */
    public static final int MAX_NAME_BYTES = 63;

    /**
     * The object name a {@code --name} option gives: taken as written ({@code --name "Orders By
     * Customer"} in the shell is that name), except a value in double quotes, which is read as a
     * quoted SQL identifier ({@code --name '"User_email_key"'}, as lint writes mixed-case names and
     * as a migration file spells them, is {@code User_email_key}); null stays null.
     */
    public static String optionName(String given, String option) {
        if (given != null && given.startsWith("\"") && (given.length() < 2 || !given.endsWith("\""))) {
            throw io.pgswap.PgSwapException.usage(option + " " + given + ": the quoted name is not closed");
        }
        if (given != null && !given.startsWith("\"") && given.contains(".")) {
            throw io.pgswap.PgSwapException.usage(option + " " + given + ": give the name alone, without a schema (it "
                    + "is created in the table's schema); quote it to keep the dot in the name: " + option + " '\""
                    + given + "\"'");
        }
        if (given == null || !given.startsWith("\"")) {
            return given;
        }
        List<String> parts;
        try {
            parts = QualifiedName.parse(given);
        } catch (IllegalArgumentException e) {
            throw io.pgswap.PgSwapException.usage(option + " " + given + ": " + e.getMessage());
        }
        if (parts.size() != 1) {
            throw io.pgswap.PgSwapException.usage(option + " " + given + " names " + parts.size() + " parts; give "
                    + "the name alone (it is created in the table's schema)");
        }
        return parts.get(0);
    }

    private Sql() {
    }

    /** Always quotes, doubling embedded quotes: safe for any name, whatever its case or characters. */
    public static String ident(String name) {
        if (name == null || name.isEmpty()) {
            throw new IllegalArgumentException("empty SQL identifier");
        }
        if (name.indexOf('\0') >= 0) {
            throw new IllegalArgumentException("SQL identifier contains a NUL character");
        }
        return '"' + name.replace("\"", "\"\"") + '"';
    }

    /** {@code "schema"."name"}. */
    public static String qualified(String schema, String name) {
        return ident(schema) + "." + ident(name);
    }

    /** Comma-separated quoted identifiers. */
    public static String identList(List<String> names) {
        return names.stream().map(Sql::ident).collect(Collectors.joining(", "));
    }

    /**
     * A string literal for DDL that cannot take bind parameters. Assumes
     * {@code standard_conforming_strings = on}, which every pgswap session sets.
     */
    public static String literal(String value) {
        if (value.indexOf('\0') >= 0) {
            throw new IllegalArgumentException("literal contains a NUL character");
        }
        return '\'' + value.replace("'", "''") + '\'';
    }

    /**
     * A name pgswap makes, kept within 63 bytes: when too long, it is cut on a character
     * boundary and ends in an 8-digit hash of the whole name, so distinct long names stay distinct.
     */
    public static String boundedName(String name) {
        byte[] bytes = name.getBytes(StandardCharsets.UTF_8);
        if (bytes.length <= MAX_NAME_BYTES) {
            return name;
        }
        String hash = HexFormat.of().formatHex(sha256(bytes)).substring(0, 8);
        return prefixWithin(name, MAX_NAME_BYTES - hash.length() - 1) + "_" + hash;
    }

    /** The longest prefix of s that fits in maxBytes of UTF-8 without splitting a character. */
    public static String prefixWithin(String s, int maxBytes) {
        int used = 0;
        int i = 0;
        while (i < s.length()) {
            int cp = s.codePointAt(i);
            int len = new String(Character.toChars(cp)).getBytes(StandardCharsets.UTF_8).length;
            if (used + len > maxBytes) {
                break;
            }
            used += len;
            i += Character.charCount(cp);
        }
        return s.substring(0, i);
    }

    private static byte[] sha256(byte[] bytes) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(bytes);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
