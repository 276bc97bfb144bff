package io.pgswap.apply;

import io.pgswap.PgSwapException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * A migration file as apply reads it: its name (the record in {@code pgswap.applied_files} is
 * kept under the file's base name, so a checkout in another directory continues the same record),
 * its text, and the SHA-256 of its bytes.
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
        Path base = path.getFileName();
        return new MigrationFile(path, base == null ? path.toString() : base.toString(),
                new String(bytes, StandardCharsets.UTF_8), Hashes.sha256(bytes));
    }
}
