package io.pgswap.apply;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.pgswap.PgSwapException;
import io.pgswap.state.AppliedFiles;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ApplierTest {
    static Step sql(String s) {
        return new Step.Sql(1, List.of(s), List.of(), false, false, null, null);
    }

    static Step command(String... argv) {
        return new Step.Command(1, List.of(argv), "PGS002");
    }

    static ApplyPlan plan(Step... steps) {
        return new ApplyPlan(new MigrationFile(Path.of("f.sql"), "f.sql", "", "c"), List.of(steps), List.of(),
                List.of(), null);
    }

    static AppliedFiles.Entry record(ApplyPlan was, int done) {
        return new AppliedFiles.Entry("f.sql", "c", was.stepHashes(), done, null, null, null, null, "h", 1, null);
    }

    @Test
    void anUnchangedPlanContinuesAfterTheStepsDone() {
        ApplyPlan p = plan(sql("SET search_path = app"), command("alter", "t", "ALTER COLUMN c TYPE bigint"),
                command("add-not-null", "t.c"));
        assertThat(ApplyStart.resumeAt(p, record(p, 2))).isEqualTo(2);
    }

    @Test
    void aPlanThatShrankWithWhatWasApplied_continuesWithTheStepsThatWereLeft() {
        // first run: TYPE (a swap), DEFAULT (as written), NOT NULL (failed on NULLs); now the TYPE is done,
        // so TYPE and DEFAULT plan as one statement as written, and only NOT NULL is left
        ApplyPlan was = plan(command("alter", "t", "ALTER COLUMN c TYPE bigint"),
                sql("ALTER TABLE t ALTER COLUMN c SET DEFAULT 0"), command("add-not-null", "t.c"));
        ApplyPlan now = plan(sql("ALTER TABLE t ALTER COLUMN c TYPE bigint, ALTER COLUMN c SET DEFAULT 0"),
                command("add-not-null", "t.c"));
        assertThat(ApplyStart.resumeAt(now, record(was, 2))).isEqualTo(1);
    }

    @Test
    void aPlanThatNoLongerFitsTheRecord_isRefused_notGuessed() {
        ApplyPlan was = plan(command("alter", "t", "ALTER COLUMN c TYPE bigint"), command("add-not-null", "t.c"));
        ApplyPlan now = plan(sql("ALTER TABLE t ALTER COLUMN c TYPE bigint"), sql("ALTER TABLE t ALTER c SET NOT NULL"));
        assertThatThrownBy(() -> ApplyStart.resumeAt(now, record(was, 1))).isInstanceOf(PgSwapException.class)
                .hasMessageContaining("cannot tell which of its statements are left").hasMessageContaining("Nothing ran");
    }

    @Test
    void aByteOrderMarkIsNotPartOfTheText_andSharedBaseNamesAreRecordedWithTheirDirectory(@TempDir Path dir)
            throws Exception {
        Path flyway = dir.resolve("V1__init.sql");
        Files.write(flyway, ("\uFEFFSET search_path = app;\r\n").getBytes(StandardCharsets.UTF_8));
        MigrationFile f = MigrationFile.read(flyway);
        assertThat(f.text()).startsWith("SET search_path");
        assertThat(f.name()).isEqualTo("V1__init.sql");
        Path prisma = Files.createDirectories(dir.resolve("20240102000000_add_bio")).resolve("migration.sql");
        Files.writeString(prisma, "SELECT 1;");
        assertThat(MigrationFile.read(prisma).name()).isEqualTo("20240102000000_add_bio/migration.sql");
        Path sqitch = Files.createDirectories(dir.resolve("revert")).resolve("users.sql");
        Files.writeString(sqitch, "SELECT 1;");
        assertThat(MigrationFile.read(sqitch).name()).isEqualTo("revert/users.sql");
    }

    @Test
    void aFileThatIsNotUtf8Text_isRefusedWithWhereAndWhat(@TempDir Path dir) throws Exception {
        Path latin1 = dir.resolve("V2__latin1.sql");
        Files.write(latin1, "SELECT 1;\nCOMMENT ON TABLE t IS 'caf\u00e9';\n".getBytes(StandardCharsets.ISO_8859_1));
        assertThatThrownBy(() -> MigrationFile.read(latin1)).isInstanceOf(PgSwapException.class)
                .hasMessageContaining("not valid UTF-8 at byte 36 (line 2, byte 0xe9)");
        Path utf16 = dir.resolve("V3__utf16.sql");
        Files.write(utf16, "SELECT 1;".getBytes(StandardCharsets.UTF_16LE));
        Files.write(utf16, concat(new byte[] {(byte) 0xff, (byte) 0xfe}, Files.readAllBytes(utf16)));
        assertThatThrownBy(() -> MigrationFile.read(utf16)).hasMessageContaining("it is UTF-16");
        Path binary = dir.resolve("dump.sql");
        Files.write(binary, new byte[] {'P', 'G', 'D', 'M', 'P', 0, 1});
        assertThatThrownBy(() -> MigrationFile.read(binary)).hasMessageContaining("not a SQL text file (a NUL byte at byte 5");
        assertThatThrownBy(() -> MigrationFile.read(dir)).hasMessageContaining("it is a directory");
        Path ok = dir.resolve("V4__ok.sql");
        Files.write(ok, "COMMENT ON TABLE t IS 'caf\u00e9 \u2713';".getBytes(StandardCharsets.UTF_8));
        assertThat(MigrationFile.read(ok).text()).endsWith("'caf\u00e9 \u2713';");
    }

    private static byte[] concat(byte[] a, byte[] b) {
        byte[] out = java.util.Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, out, a.length, b.length);
        return out;
    }
}
