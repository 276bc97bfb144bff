package io.pgswap.ops;

import io.pgswap.catalog.LockLevel;
import io.pgswap.catalog.TableFacts;
import io.pgswap.core.Names;
import io.pgswap.plan.LockUse;
import io.pgswap.recipe.InPlaceStep;
import io.pgswap.sql.Sql;
import io.pgswap.sql.Statement;
import java.time.Duration;
import java.util.List;

/**
 * The trigger an in-place recipe puts on the table while it fills a column, so that rows the
 * application writes meanwhile get the value too: a BEFORE row trigger named
 * {@link Names#fillTrigger()} on a function {@link Names#fillFunction()} that carries pgswap's
 * marker comment, so cleanup can prove both are pgswap's. It is enabled ALWAYS (logical
 * replication's apply workers fire it too, as they check the constraint that follows) and removed
 * by the recipe's last step, or by abort.
 *
 * <p>It matters for correctness, not only for new rows: an UPDATE moves a row to another heap
 * page, possibly one the batched fill has already passed; the trigger fills such a row as it is
 * written, so no row is missed.
 */
final class FillTrigger {
    private FillTrigger() {
    }

    /**
     * add-not-null --fill: NULLs in {@code column} written by INSERT or UPDATE get the fill value,
     * passed as the trigger's argument (converted by the column type's input function, as if the
     * application had written it). The function body contains nothing the user typed.
     */
    static List<Statement> forFillValue(TableFacts f, Names n, String column, String value) {
        String col = Sql.ident(column);
        String body = """
                BEGIN
                  NEW.%s := TG_ARGV[0];
                  RETURN NEW;
                END
                """.formatted(col);
        return create(f, n, function(n, body, "SET search_path = pg_catalog, pg_temp"), "INSERT OR UPDATE",
                "NEW." + col + " IS NULL", Sql.literal(value));
    }

    /**
     * add-column with a volatile default: a row the application updates while the column is still
     * NULL (not yet backfilled) gets its own value of the default, like a backfilled row. The
     * expression was checked by the server as the column's DEFAULT; the function resolves names
     * with the search_path of the session that created it, as that DEFAULT was.
     */
    static List<Statement> functionForDefault(TableFacts f, Names n, String column, String expression) {
        String body = """
                BEGIN
                  NEW.%s := (%s);
                  RETURN NEW;
                END
                """.formatted(Sql.ident(column), expression);
        return Statement.all(List.of(function(n, body, "SET search_path FROM CURRENT"), comment(f, n)));
    }

    /** The trigger on {@link #functionForDefault}'s function, once the column exists. */
    static List<Statement> triggerForDefault(TableFacts f, Names n, String column) {
        String col = Sql.ident(column);
        return trigger(f, n, "UPDATE", "OLD." + col + " IS NULL AND NEW." + col + " IS NULL", "");
    }

    private static String function(Names n, String body, String config) {
        String tag = dollarTag(body);
        return "CREATE FUNCTION " + n.fillFunction() + "() RETURNS trigger\n"
                + "LANGUAGE plpgsql\n"
                + config + "\n"
                + "AS " + tag + "\n" + body + tag;
    }

    private static List<Statement> create(TableFacts f, Names n, String function, String events, String when,
                                          String argument) {
        List<Statement> out = new java.util.ArrayList<>(Statement.all(List.of(function, comment(f, n))));
        out.addAll(trigger(f, n, events, when, argument));
        return out;
    }

    private static String comment(TableFacts f, Names n) {
        return "COMMENT ON FUNCTION " + n.fillFunction() + "() IS "
                + Sql.literal(n.marker() + ": fill trigger function of " + f.displayName());
    }

    private static List<Statement> trigger(TableFacts f, Names n, String events, String when, String argument) {
        String t = f.qualifiedName();
        return Statement.all(List.of(
                "CREATE TRIGGER " + Sql.ident(n.fillTrigger()) + "\n"
                        + "BEFORE " + events + " ON " + t + "\n"
                        + "FOR EACH ROW WHEN (" + when + ")\n"
                        + "EXECUTE FUNCTION " + n.fillFunction() + "(" + argument + ")",
                "ALTER TABLE " + t + " ENABLE ALWAYS TRIGGER " + Sql.ident(n.fillTrigger())));
    }

    /** Removes the trigger (ACCESS EXCLUSIVE on the table, milliseconds) and its function. */
    static List<Statement> drop(TableFacts f, Names n) {
        return Statement.all(List.of(
                "DROP TRIGGER IF EXISTS " + Sql.ident(n.fillTrigger()) + " ON " + f.qualifiedName(),
                "DROP FUNCTION IF EXISTS " + n.fillFunction() + "()"));
    }

    static InPlaceStep.Undo undo(TableFacts f, Names n) {
        return new InPlaceStep.Undo(drop(f, n), List.of(new LockUse(f.qualifiedName(), LockLevel.ACCESS_EXCLUSIVE)),
                true);
    }

    /** True while the trigger is on the table. */
    static Statement exists(TableFacts f, Names n) {
        return Statement.of("SELECT EXISTS (SELECT 1 FROM pg_trigger WHERE tgrelid = to_regclass(?) AND tgname = ?)",
                f.qualifiedName(), n.fillTrigger());
    }

    /** The step that removes the trigger once the recipe no longer needs it. */
    static InPlaceStep dropStep(TableFacts f, Names n) {
        return new InPlaceStep("drop-trigger", "remove the fill trigger " + n.fillTrigger(), InPlaceStep.Kind.DDL,
                drop(f, n), List.of(new LockUse(f.qualifiedName(), LockLevel.ACCESS_EXCLUSIVE)),
                Statement.of("SELECT NOT EXISTS (SELECT 1 FROM pg_trigger WHERE tgrelid = to_regclass(?) AND tgname = ?)",
                        f.qualifiedName(), n.fillTrigger()),
                InPlaceStep.Undo.NONE, null, Duration.ofMillis(20),
                "DROP TRIGGER holds ACCESS EXCLUSIVE for milliseconds; the request waits at most --lock-timeout and "
                        + "is retried", null);
    }

    /** A dollar-quote tag that does not occur in the body, whatever the column name or expression contains. */
    static String dollarTag(String body) {
        for (int i = 0; ; i++) {
            String tag = "$pgswap" + (i == 0 ? "" : "_" + i) + "$";
            if (!body.contains(tag)) {
                return tag;
            }
        }
    }
}
