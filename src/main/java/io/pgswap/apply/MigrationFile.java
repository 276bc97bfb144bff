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
        byte[] bytes = bytes(path);
        return new MigrationFile(path, recordName(path), text(path, bytes), Hashes.sha256(bytes));
    }

    /** A migration file's text as lint and apply read it, or a usage error that says why it cannot be read. */
    public static String readText(Path path) {
        return text(path, bytes(path));
    }

    private static byte[] bytes(Path path) {
        if (Files.isDirectory(path)) {
            throw PgSwapException.usage("cannot read " + path + ": it is a directory (give the migration files in it, "
                    + "e.g. " + path.resolve("*.sql") + ")");
        }
        try {
            return Files.readAllBytes(path);
        } catch (IOException e) {
            throw PgSwapException.usage("cannot read " + path + ": " + (Files.exists(path) ? e.getMessage()
                    : "no such file"));
        }
    }

    /**
     * The bytes as UTF-8, strictly: a byte sequence that is not UTF-8 is an error at its offset,
     * never a replacement character run against the server, and a NUL byte (which no SQL text
     * holds, and which psql stops at) marks a file that is not SQL at all.
     */
    static String text(Path path, byte[] bytes) {
        if (bytes.length >= 2 && (bytes[0] & 0xff) + (bytes[1] & 0xff) == 0xff + 0xfe && bytes[0] != bytes[1]) {
            throw PgSwapException.usage("cannot read " + path + ": it is UTF-16 (its first bytes are a UTF-16 byte "
                    + "order mark); save it as UTF-8 (iconv -f UTF-16 -t UTF-8)");
        }
        for (int i = 0; i < bytes.length; i++) {
            if (bytes[i] == 0) {
                throw PgSwapException.usage("cannot read " + path + ": it is not a SQL text file (a NUL byte at byte "
                        + i + ", line " + lineAt(bytes, i) + ")");
            }
        }
        java.nio.charset.CharsetDecoder decoder = StandardCharsets.UTF_8.newDecoder()
                .onMalformedInput(java.nio.charset.CodingErrorAction.REPORT)
                .onUnmappableCharacter(java.nio.charset.CodingErrorAction.REPORT);
        java.nio.ByteBuffer in = java.nio.ByteBuffer.wrap(bytes);
        java.nio.CharBuffer out = java.nio.CharBuffer.allocate(bytes.length);
        java.nio.charset.CoderResult r = decoder.decode(in, out, true);
        if (r.isError()) {
            int at = in.position(); // a failed decode stops at the first byte it cannot read
            throw PgSwapException.usage("cannot read " + path + ": it is not valid UTF-8 at byte " + at + " (line "
                    + lineAt(bytes, at) + ", byte 0x" + String.format("%02x", bytes[at] & 0xff) + "); save it as "
                    + "UTF-8 (iconv -f LATIN1 -t UTF-8 converts a Latin-1 file)");
        }
        decoder.flush(out);
        return withoutByteOrderMark(out.flip().toString());
    }

    private static int lineAt(byte[] bytes, int offset) {
        int line = 1;
        for (int i = 0; i < offset && i < bytes.length; i++) {
            if (bytes[i] == '\n') {
                line++;
            }
        }
        return line;
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
