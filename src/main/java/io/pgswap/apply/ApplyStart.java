package io.pgswap.apply;

import io.pgswap.PgSwapException;
import io.pgswap.state.AppliedFiles;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.List;
import java.util.Optional;

/**
 * Where a migration file stands before a run of apply: the step it starts at ({@code from}), its
 * record, and whether the file changed since that record was written.
 */
public record ApplyStart(int from, Optional<AppliedFiles.Entry> record, boolean changed) {
    /**
     * Checks the file against its record (read only): a file applied completely has nothing to do;
     * a file that changed since an earlier run is refused, unless {@code continueChanged} and the
     * steps already done are the same.
     */
    public static ApplyStart of(Connection c, ApplyPlan plan, boolean continueChanged) throws SQLException {
        MigrationFile f = plan.file();
        Optional<AppliedFiles.Entry> found = AppliedFiles.find(c, f.name());
        if (found.isEmpty()) {
            return new ApplyStart(0, found, false);
        }
        AppliedFiles.Entry e = found.get();
        if (e.checksum().equals(f.checksum())) {
            return new ApplyStart(e.finished() ? plan.steps().size() : resumeAt(plan, e), found, false);
        }
        String done = e.stepsDone() + " of " + e.stepHashes().size() + " steps";
        if (!e.finished() && e.stepsDone() == 0 && e.startedStep() == null) {
            return new ApplyStart(0, found, true); // nothing of it ran (its first step failed): the file may change freely
        }
        if (!continueChanged) {
            throw PgSwapException.refused(f.name() + " changed since pgswap apply " + (e.finished()
                    ? "applied it completely on " + e.finishedAt().toLocalDateTime().withNano(0)
                    : "ran " + done + " of it (last on " + e.updatedAt().toLocalDateTime().withNano(0) + ")")
                    + ": its checksum (of the file and the values of its --set variables) was "
                    + e.checksum().substring(0, 12) + ", now " + f.checksum().substring(0, 12)
                    + ". Nothing ran. Restore the file (and --set values) as they were, or, when the statements "
                    + "already applied are unchanged and only later ones differ, run again with --continue-changed");
        }
        List<String> now = plan.stepHashes();
        for (int i = 0; i < e.stepsDone(); i++) {
            if (i >= now.size() || !now.get(i).equals(e.stepHashes().get(i))) {
                String where = i < now.size() ? "step " + (i + 1) + " (line " + plan.steps().get(i).line() + ")"
                        : "the file now has only " + now.size() + " steps";
                throw PgSwapException.refused(f.name() + " changed in what was already applied: " + where
                        + " differs from the step that ran (" + done + " done). Nothing ran. Write the change as a new "
                        + "migration file instead");
            }
        }
        return new ApplyStart(e.stepsDone(), found, true);
    }

    /**
     * Where an unfinished run of an unchanged file continues. The plan is made again from the
     * database as it is now, and what the earlier run applied can change it (a column whose type
     * change is done plans its other subcommands as written, in fewer steps): when the steps done
     * are no longer the plan's first ones, the run continues where the plan ends with exactly the
     * steps that were left; when neither fits, it refuses rather than guess.
     */
    static int resumeAt(ApplyPlan plan, AppliedFiles.Entry e) {
        List<String> now = plan.stepHashes();
        List<String> was = e.stepHashes();
        int done = Math.min(e.stepsDone(), was.size());
        if (now.size() >= done && now.subList(0, done).equals(was.subList(0, done))) {
            return done;
        }
        List<String> left = was.subList(done, was.size());
        int at = now.size() - left.size();
        if (at >= 0 && now.subList(at, now.size()).equals(left)) {
            return at;
        }
        throw PgSwapException.refused(plan.file().name() + " is unchanged, but the earlier run applied " + done
                + " of its " + was.size() + " steps and the file no longer plans the same way on the database as it "
                + "is now, so pgswap cannot tell which of its statements are left. Nothing ran. See what the file "
                + "would still do with 'pgswap apply --dry-run', and apply what is missing as a new migration file");
    }

}
