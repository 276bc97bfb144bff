package io.pgswap.engine;

import static org.assertj.core.api.Assertions.assertThat;

import io.pgswap.core.Target;
import io.pgswap.ops.AddColumn;
import io.pgswap.ops.AddNotNull;
import io.pgswap.state.MigrationRecord;
import java.util.List;
import org.junit.jupiter.api.Test;

class ArgsJsonTest {
    private static MigrationRecord row(String operation, String args) {
        return new MigrationRecord(1, 16384, "public", "orders", operation, args, "swap", "copy", null, 0, 0, 0, 0, 0, 0,
                null, null, null, null, null, null, List.of(), List.of(), null);
    }

    @Test
    void anAddNotNullRowOfAnOlderVersionReadsAsTheSwap() {
        MigrationRecord old = row("add-not-null", "{\"table\": {\"schema\": null, \"table\": \"orders\"}, "
                + "\"column\": \"status\", \"fill\": \"x\"}");
        Request<AddNotNull.Args> r = ArgsJson.read(new AddNotNull(), old);
        assertThat(r.args().strategy()).isNull();
        assertThat(r.args().settled()).isNull();
        assertThat(r.args().fill()).isEqualTo("x");
        assertThat(r.args().table()).isEqualTo(new Target("public", "orders"));
        // and the same command line today is the same migration
        assertThat(ArgsJson.same(old, Request.of(new AddNotNull(),
                new AddNotNull.Args(new Target(null, "orders"), "status", "x")))).isTrue();
        assertThat(ArgsJson.same(old, Request.of(new AddNotNull(),
                new AddNotNull.Args(new Target(null, "orders"), "status", "x", "in-place", null)))).isFalse();
    }

    @Test
    void whatTheServerSettledIsStoredButNotCompared() {
        AddColumn.Args settled = new AddColumn.Args(new Target(null, "orders"), "c", "uuid", "gen_random_uuid()", true,
                "backfill");
        MigrationRecord m = row("add-column", ArgsJson.write(settled));
        assertThat(m.args()).contains("\"settled\":\"backfill\"");
        AddColumn.Args asked = new AddColumn.Args(new Target(null, "orders"), "c", "uuid", "gen_random_uuid()", true, null);
        assertThat(ArgsJson.same(m, Request.of(new AddColumn(), asked))).isTrue();
        assertThat(ArgsJson.read(new AddColumn(), m).args().settled()).isEqualTo("backfill");
        AddColumn.Args other = new AddColumn.Args(new Target(null, "orders"), "c", "uuid", "gen_random_uuid()", false, null);
        assertThat(ArgsJson.same(m, Request.of(new AddColumn(), other))).isFalse();
    }

    @Test
    void aSettledRecordSurvivesTheStateRow() {
        AddNotNull.Args a = new AddNotNull.Args(new Target(null, "orders"), "status", null, "auto",
                new AddNotNull.Settled("in-place", null, "few NULLs"));
        Request<AddNotNull.Args> back = ArgsJson.read(new AddNotNull(), row("add-not-null", ArgsJson.write(a)));
        assertThat(back.args().settled()).isEqualTo(a.settled());
        assertThat(back.args().strategy()).isEqualTo("auto");
    }
}
