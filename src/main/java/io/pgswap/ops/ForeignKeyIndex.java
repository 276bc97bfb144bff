package io.pgswap.ops;

import io.pgswap.catalog.IndexInfo;
import io.pgswap.catalog.TableFacts;
import io.pgswap.core.Probe;
import io.pgswap.sql.QualifiedName;
import io.pgswap.sql.Sql;
import java.sql.SQLException;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

/** The index on a foreign key's referencing columns: whether there is one, and the one --with-index builds. */
final class ForeignKeyIndex {
    private ForeignKeyIndex() {
    }

    /** Some valid, non-partial index starts with the referencing columns (in any order). */
    static boolean indexed(List<String> columns, TableFacts f) {
        return covering(columns, f).isPresent();
    }

    private static Optional<IndexInfo> covering(List<String> columns, TableFacts f) {
        Set<String> want = new HashSet<>(columns);
        return f.indexes().stream().filter(i -> i.valid() && !i.partial() && i.keyColumns().size() >= columns.size()
                && new HashSet<>(i.keyColumns().subList(0, columns.size())).equals(want)).findFirst();
    }

    /**
     * The index --with-index builds: one the table has that starts with the columns (then there is
     * nothing to build), else one with the definition it would build (a leftover of an interrupted
     * run, INVALID or not), else the name PostgreSQL would choose for it.
     */
    static String name(AddForeignKey.Args args, TableFacts f, Probe server) throws SQLException {
        if (!args.withIndex()) {
            return null;
        }
        if (args.index() != null) {
            return args.index();
        }
        Optional<IndexInfo> covering = covering(args.columns(), f);
        if (covering.isPresent()) {
            return covering.get().name();
        }
        IndexBuild.Made made = IndexBuild.made(server, f, copy -> create(args, null, copy, false), null, false,
                "the index on the referencing columns");
        return IndexBuild.sameDefinition(f, made).map(IndexInfo::name).orElse(made.name());
    }

    static String create(AddForeignKey.Args args, String name, String table, boolean concurrently) {
        return "CREATE INDEX " + (concurrently ? "CONCURRENTLY " : "") + (name == null ? "" : Sql.ident(name) + " ")
                + "ON " + table + " (" + Sql.identList(args.columns()) + ")";
    }

    static String warning(AddForeignKey.Args args, TableFacts f, String refName) {
        return "no index on " + f.displayName() + " (" + String.join(", ", args.columns()) + "): every DELETE on "
                + refName + ", and every UPDATE of its key, will scan " + f.displayName() + " to check the key. "
                + "Build one first without blocking writes: pgswap add-index " + f.displayName() + " '"
                + args.columns().stream().map(QualifiedName::format).collect(Collectors.joining(", "))
                .replace("'", "'\\''") + "'";
    }
}
