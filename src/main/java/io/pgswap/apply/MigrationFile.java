package io.pgswap.apply;

import io.pgswap.PgSwapException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * A migration file as apply reads it: its name (the record in {@code pgswap.applied_files} is
 * kept under the file's base name, so a checkout in another directory continues the same record;
 * see {@link #recordName} for the layouts that reuse one base name), its text (without a UTF-8
 * byte order mark), and the SHA-256 of its bytes.
 */
public record MigrationFile(Path path, String name, String text, String checksum) {

    public static MigrationFile read(Path path) {
        byte[] bytes;
        try {
            bytes = Files.readAllBytes(path);
        } catch (IOException e) {
            throw PgSwapException.usage("cannot read " + path + ": " + (Files.exists(path) ? e.getMessage()
                    : "no such file"));
        }
        return new MigrationFile(path, recordName(path), withoutByteOrderMark(new String(bytes, StandardCharsets.UTF_8)),
                Hashes.sha256(bytes));
    }

    /**
     * The same file run with psql variables set on the command line ({@code --set}): they are part of
     * what ran, so a later run with other values counts as a changed file.
     */
    public MigrationFile withVariables(java.util.Map<String, String> variables) {
        if (variables.isEmpty()) {
            return this;
        }
        StringBuilder b = new StringBuilder(checksum);
        new java.util.TreeMap<>(variables).forEach((k, v) -> b.append("\0--set ").append(k).append('=').append(v));
        return new MigrationFile(path, name, text, Hashes.sha256(b.toString().getBytes(StandardCharsets.UTF_8)));
    }

    /** A migration file's text without a leading UTF-8 byte order mark (editors on Windows write one), as psql reads it. */
    public static String withoutByteOrderMark(String text) {
        return text.startsWith("\uFEFF") ? text.substring(1) : text;
    }

    /**
     * The name the file's record is kept under: its base name, except where a tool gives every
     * migration the same base name. Prisma writes {@code <timestamp>_<name>/migration.sql}, Sqitch
     * {@code deploy/<change>.sql} beside {@code revert/} and {@code verify/} files of the same
     * name: those are recorded as {@code directory/name}.
     */
    static String recordName(Path path) {
        Path base = path.getFileName();
        if (base == null) {
            return path.toString();
        }
        Path dir = path.toAbsolutePath().normalize().getParent();
        String parent = dir == null || dir.getFileName() == null ? null : dir.getFileName().toString();
        boolean shared = base.toString().equals("migration.sql")
                || parent != null && java.util.Set.of("deploy", "revert", "verify").contains(parent);
        return shared && parent != null ? parent + "/" + base : base.toString();
    }
}
