package io.pgswap.build;

import io.pgswap.cli.Main;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import picocli.AutoComplete;
import picocli.CommandLine;
import picocli.CommandLine.Model.CommandSpec;
import picocli.codegen.docgen.manpage.ManPageGenerator;

/**
 * Build-time only, never part of the runtime jar: writes one AsciiDoc man page per command
 * (rendered to troff by asciidoctor in the same build) and the bash completion script. Both
 * come from {@link Main#commandLine()}, so a command added there is documented without any
 * change here.
 *
 * <p>Run by exec-maven-plugin in the package phase as a single-file source program, with the
 * shaded jar and picocli-codegen on the class path:
 * {@code java -cp pgswap.jar:picocli-codegen.jar GenerateDocs.java target/docs}.
 */
public final class GenerateDocs {
    private GenerateDocs() {
    }

    public static void main(String[] args) throws IOException {
        if (args.length != 1) {
            System.err.println("usage: GenerateDocs DOCS_DIR   (writes DOCS_DIR/adoc/*.adoc and DOCS_DIR/bash-completion/pgswap)");
            System.exit(2);
        }
        Path docs = Path.of(args[0]);
        deleteTree(docs); // no page of a command that is gone, here or rendered in DOCS_DIR/man
        Path adocDir = docs.resolve("adoc");
        Path completion = docs.resolve("bash-completion").resolve("pgswap");

        CommandLine root = Main.commandLine();
        String[] version = root.getCommandSpec().version();
        prepare(root, version);

        Files.createDirectories(adocDir);
        int rc = ManPageGenerator.generateManPage(adocDir.toFile(), null, new boolean[0], false,
                root.getCommandSpec());
        if (rc != 0) {
            throw new IOException("picocli ManPageGenerator failed with status " + rc);
        }

        Files.createDirectories(completion.getParent());
        Files.writeString(completion, AutoComplete.bash(root.getCommandName(), root), StandardCharsets.UTF_8);
    }

    private static void deleteTree(Path dir) throws IOException {
        if (!Files.exists(dir)) {
            return;
        }
        try (var paths = Files.walk(dir)) {
            for (Path p : (Iterable<Path>) paths.sorted(Comparator.reverseOrder())::iterator) {
                Files.delete(p);
            }
        }
    }

    /**
     * Gives every command the tool's version (the man page footer shows it), a heading for its
     * footer and, when it has no header, a one-line summary for the NAME section: the generator
     * would otherwise take the first source line of the description, often cut mid-sentence.
     */
    private static void prepare(CommandLine cl, String[] version) {
        CommandSpec spec = cl.getCommandSpec();
        if (spec.version().length == 0) {
            spec.version(version);
        }
        String[] header = spec.usageMessage().header();
        if (header.length == 0 || header[0].isBlank()) {
            String summary = summary(spec.usageMessage().description());
            if (!summary.isEmpty()) {
                spec.usageMessage().header(summary);
            }
        }
        // the generator leaves out a footer that has no heading (pgswap's lists the exit codes)
        if (spec.usageMessage().footer().length > 0 && spec.usageMessage().footerHeading().isBlank()) {
            spec.usageMessage().footerHeading("Notes");
        }
        for (CommandLine sub : cl.getSubcommands().values()) {
            prepare(sub, version);
        }
    }

    /** The first sentence of the description's first paragraph (up to '.', ':' or ';' before a space or the end), without the mark. */
    static String summary(String[] description) {
        StringBuilder text = new StringBuilder();
        for (String line : description) {
            if (line.isBlank()) {
                if (text.length() > 0) {
                    break; // first paragraph only
                }
                continue;
            }
            if (text.length() > 0) {
                text.append(' ');
            }
            text.append(line.strip());
        }
        String s = text.toString().replace("%n", " ");
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if ((c == '.' || c == ':' || c == ';') && (i + 1 == s.length() || s.charAt(i + 1) == ' ')) {
                return s.substring(0, i);
            }
        }
        return s;
    }
}
