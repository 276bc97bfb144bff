package io.pgswap.catalog;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Hand-built {@link TableFacts} for unit tests, starting from a plain "public"."orders" table:
 * id bigint NOT NULL (primary key orders_pkey), status text (nullable), amount numeric, one
 * secondary index orders_status_idx, PostgreSQL 17.4, nothing pointing at it.
 */
public final class TableFactsFixture {
    private String schema = "public";
    private String name = "orders";
    private char relkind = 'r';
    private char persistence = 'p';
    private boolean isPartition;
    private PartitionInfo partitionInfo;
    private String owner = "app";
    private List<Column> columns = new ArrayList<>(List.of(
            new Column(1, "id", "bigint", true, ' ', ' ', -1),
            new Column(2, "status", "text", false, ' ', ' ', -1),
            new Column(3, "amount", "numeric", false, ' ', ' ', -1)));
    private List<IndexInfo> indexes = new ArrayList<>(List.of(
            primaryKey(16400, "orders_pkey", "id", "USING btree (id)"),
            index(16401, "orders_status_idx", "status", "USING btree (status)")));
    private boolean noKey;
    private List<Dependent> dependents = List.of();
    private List<ForeignKey> foreignKeys = List.of();
    private List<RewriteDependent> rewrites = List.of();
    private final List<Routine> routines = new java.util.ArrayList<>();
    private List<PublicationMember> publications = List.of();
    private List<String> problems = List.of();
    private List<SequenceLink> sequences = List.of();
    private int serverVersionNum = 170004;

    private TableFactsFixture() {
    }

    public static TableFactsFixture orders() {
        return new TableFactsFixture();
    }

    public static IndexInfo primaryKey(long oid, String name, String column, String definitionTail) {
        return new IndexInfo(oid, name, true, true, true, false, false, List.of(column), definitionTail, null, null,
                name, 'p', "PRIMARY KEY (" + column + ")", false, false, null, false, false);
    }

    public static IndexInfo index(long oid, String name, String column, String definitionTail) {
        return new IndexInfo(oid, name, false, false, true, false, false, List.of(column), definitionTail, null, null,
                null, null, null, false, false, null, false, false);
    }

    public TableFactsFixture schema(String schema) {
        this.schema = schema;
        return this;
    }

    public TableFactsFixture name(String name) {
        this.name = name;
        return this;
    }

    public TableFactsFixture relkind(char relkind) {
        this.relkind = relkind;
        return this;
    }

    public TableFactsFixture persistence(char persistence) {
        this.persistence = persistence;
        return this;
    }

    /** A partition of "public"."orders_all" FOR VALUES FROM (0) TO (1000), its key inherited, no default sibling. */
    public TableFactsFixture partition() {
        return partition(new PartitionInfo(16300, "public", "orders_all", "FOR VALUES FROM ('0') TO ('1000')",
                "((id IS NOT NULL) AND (id >= '0'::bigint) AND (id < '1000'::bigint))",
                List.of(new PartitionInfo.InheritedIndex("orders_pkey", "public", "orders_all_pkey")), List.of(),
                null, null, 0));
    }

    public TableFactsFixture partition(PartitionInfo info) {
        this.isPartition = true;
        this.partitionInfo = info;
        return this;
    }

    public TableFactsFixture columns(Column... columns) {
        this.columns = new ArrayList<>(List.of(columns));
        return this;
    }

    public TableFactsFixture owner(String owner) {
        this.owner = owner;
        return this;
    }

    public TableFactsFixture columns(List<Column> columns) {
        this.columns = new ArrayList<>(columns);
        return this;
    }

    /** Replaces the column of that name. */
    public TableFactsFixture column(Column column) {
        columns.replaceAll(c -> c.name().equals(column.name()) ? column : c);
        return this;
    }

    public TableFactsFixture indexes(List<IndexInfo> indexes) {
        this.indexes = new ArrayList<>(indexes);
        return this;
    }

    /** Only a primary key on {@code column}, no other index. */
    public TableFactsFixture keyOn(String column) {
        this.indexes = new ArrayList<>(List.of(primaryKey(16400, name + "_pkey", column,
                "USING btree (" + column + ")")));
        return this;
    }

    public TableFactsFixture noKey() {
        this.noKey = true;
        return this;
    }

    public TableFactsFixture dependents(Dependent... dependents) {
        this.dependents = List.of(dependents);
        return this;
    }

    public TableFactsFixture foreignKeys(ForeignKey... keys) {
        this.foreignKeys = List.of(keys);
        return this;
    }

    public TableFactsFixture rewrites(RewriteDependent... rewrites) {
        this.rewrites = List.of(rewrites);
        return this;
    }

    public TableFactsFixture publications(PublicationMember... publications) {
        this.publications = List.of(publications);
        return this;
    }

    public TableFactsFixture problems(String... problems) {
        this.problems = List.of(problems);
        return this;
    }

    public TableFactsFixture sequences(SequenceLink... sequences) {
        this.sequences = List.of(sequences);
        return this;
    }

    public TableFactsFixture serverVersionNum(int serverVersionNum) {
        this.serverVersionNum = serverVersionNum;
        return this;
    }

    public TableFactsFixture routine(Routine r) {
        this.routines.add(r);
        return this;
    }

    public TableFacts build() {
        Optional<IndexInfo> key = noKey ? Optional.empty() : TableReader.chooseKey(indexes, columns);
        return new TableFacts(16384, schema, name, relkind, persistence, isPartition, owner, false, List.of(),
                List.of(), List.of(), null, "heap", false, false, 'd', null, List.copyOf(columns),
                List.copyOf(indexes), key, sequences, List.of(), List.of(), List.of(), foreignKeys, rewrites, List.copyOf(routines), publications,
                List.of(), dependents, problems,
                80L * 1024 * 1024, 20L * 1024 * 1024, 0, 1_000_000, 10_240, serverVersionNum,
                new Fingerprint(java.util.Map.of(), 0), partitionInfo);
    }
}
