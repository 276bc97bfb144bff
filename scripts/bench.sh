#!/usr/bin/env bash
# pgswap vs pg_repack, side by side on the same table in one run, plus the physical limit and a
# scaling series. Drives the shared benchmark harness (shared/bench: a private PostgreSQL 15
# cluster on port 55432, a 2M-row orders table, a pgbench OLTP load, a lock sampler).
#
#   scripts/bench.sh            # no-load ratios, load and blocker scenarios, scaling 0.5M/2M/8M, index scenarios
#   QUICK=1 scripts/bench.sh    # skip the scaling series
#   REPS=5 scripts/bench.sh     # repetitions of the alternating no-load pairs (default 3)
#   PARTS=index scripts/bench.sh   # only the index scenarios (default PARTS="repack alter index columns": all)
#   PARTS=alter scripts/bench.sh   # only the key type change: pgswap alter vs plain ALTER vs pgswap repack
#   PARTS=columns scripts/bench.sh # only the in-place recipes against their plain statements:
#                                  # add-column (volatile default), add-foreign-key, add-not-null in place
#   PARTS=pace scripts/bench.sh    # (not in the default) the pace under the load: unpaced and auto, alternating
#
# Needs root (apt-get, and the harness runs the cluster as the postgres OS user), Debian's
# postgresql-15, postgresql-15-repack and pgbench (installed when missing), JDK 17 and Maven.
# Prints a summary table; raw rows go to target/bench/<timestamp>/.
set -euo pipefail
REPO=$(cd "$(dirname "$0")/.." && pwd)
HARNESS=${HARNESS:-$REPO/../shared/bench}
: "${REPS:=3}" "${QUICK:=0}" "${SCALES:=500000 2000000 8000000}" "${PARTS:=${ONLY:-${SUITE:-repack alter index columns}}}"
has() { case " $PARTS " in *" $1 "*) return 0 ;; *) return 1 ;; esac; }
[ -x "$HARNESS/run-scenario.sh" ] || { echo "bench: harness not found at $HARNESS (set HARNESS=...)" >&2; exit 2; }

if [ ! -x /usr/lib/postgresql/15/bin/pg_repack ] || [ ! -x /usr/lib/postgresql/15/bin/pgbench ]; then
  echo "bench: installing postgresql-15, postgresql-15-repack (pg_repack) and pgbench from Debian" >&2
  if ! { apt-get update -qq && apt-get install -y -qq postgresql-15 postgresql-15-repack postgresql-client-15; } >/dev/null; then
    echo "bench: could not install pg_repack (postgresql-15-repack); install it and rerun" >&2
    exit 2
  fi
fi

OUT=$REPO/target/bench/$(date -u +%Y%m%dT%H%M%SZ)
mkdir -p "$OUT"
echo "bench: building pgswap" >&2
(cd "$REPO" && mvn -B -q package -DskipTests)
# pgswap runs as users run it: the launcher (its default JAVA_OPTS) with its
# class-data-sharing archive, made here for this copy of the jar (an archive fits one jar path)
mkdir -p "$OUT/pgswap/scripts" "$OUT/pgswap/target"
cp "$REPO/scripts/pgswap" "$OUT/pgswap/scripts/pgswap"
JAR=$OUT/pgswap/target/pgswap.jar
cp "$REPO/target/pgswap.jar" "$JAR"
PGSWAP_CDS=dump "$OUT/pgswap/scripts/pgswap" 2>"$OUT/cds.log" || echo "bench: no class-data-sharing archive (see $OUT/cds.log)" >&2
PGSWAP="/usr/bin/time -f 'pgswap max RSS %M kB' $OUT/pgswap/scripts/pgswap"

cd "$HARNESS"
. ./env.sh
./pg-up.sh >"$OUT/pg-up.log"
load_orders() { ROWS=$1 ./make-orders.sh >"$OUT/make-orders-$1.log"; }
# Between scenarios (not measured): drop the old tables pgswap keeps, make status nullable again,
# and VACUUM orders: a table a swap (or pg_repack) has just filled with 2M inserts is due an
# insert-driven autovacuum within a minute, which would otherwise run through the next scenario.
CLEAN="$PSQL -qc \"DO \\\$\\\$ DECLARE r record; BEGIN FOR r IN SELECT oid::regclass AS t FROM pg_class WHERE relname LIKE 'pgswap_old_%' AND relkind = 'r' LOOP EXECUTE 'DROP TABLE ' || r.t; END LOOP; END \\\$\\\$\" && $PSQL -f scenarios/reset-nullable.sql && $PSQL -qc 'VACUUM public.orders'"

row() {  # NAME CMD [env...]: run one scenario, keep its row, echo it
  local name=$1 cmd=$2; shift 2
  env PRE_CMD="$CLEAN" "$@" ROWS_FILE="$OUT/rows.md" ./run-scenario.sh "$name" "$cmd" >"$OUT/$name.out" 2>&1 || true
  local run; run=$(ls -td "$BENCH_RUNS"/*-"$name" | head -1)
  cp "$run/summary.txt" "$OUT/$name.summary.txt" 2>/dev/null || true
  grep -m1 "^| $name" "$OUT/$name.out" || echo "| $name | FAILED (see $OUT/$name.out) |"
}
col() { awk -F'|' -v c="$2" -v n="$1" '$2 ~ "^ "n" " {gsub(/ /,"",$c); print $c}' "$OUT/rows.md" | head -1; }

physical() {  # seconds for INSERT ... SELECT into a bare copy + the three index builds
  $PSQL -q <<'SQL' | awk '/Time:/ {s += $2} END {printf "%.2f\n", s / 1000}'
DROP TABLE IF EXISTS bench_phys;
CREATE TABLE bench_phys (LIKE orders);
\timing on
INSERT INTO bench_phys SELECT * FROM orders;
CREATE UNIQUE INDEX ON bench_phys (id);
CREATE INDEX ON bench_phys (customer_id);
CREATE INDEX ON bench_phys (created_at);
\timing off
DROP TABLE bench_phys;
SQL
}

# The key type change (issue 14). The bench's id is bigserial, so before each of these rows (not measured)
# the same 2M-row table gets an integer id: ALTER TABLE ... TYPE integer (its rows and ids are unchanged;
# the serial sequence stays bigint). Then, under the load: pgswap alter to bigint, the plain ALTER to
# bigint (a rewrite under ACCESS EXCLUSIVE: every read and write waits), and pgswap repack of the same
# integer-id table, for the wall-time comparison.
alter_rows() {
  local int="$CLEAN && $PSQL -qc 'ALTER TABLE public.orders ALTER COLUMN id TYPE integer' -c 'VACUUM ANALYZE public.orders'"
  row E-pgswap-alter-id-bigint-load "$PGSWAP alter public.orders 'ALTER COLUMN id TYPE bigint'" PRE_CMD="$int" >/dev/null
  row A-plain-alter-id-bigint-load "$PSQL -c 'ALTER TABLE public.orders ALTER COLUMN id TYPE bigint'" PRE_CMD="$int" >/dev/null
  row E-pgswap-repack-int-id-load "$PGSWAP repack public.orders" PRE_CMD="$int" >/dev/null
  $PSQL -qc 'ALTER TABLE public.orders ALTER COLUMN id TYPE bigint' >/dev/null   # back to the bench's table
}

load_orders 2000000
# The bench database is shared by every branch's runs: a pgswap state schema left by another branch's
# version (its numbered upgrade steps may differ from this one's) would fail this run, so start afresh.
$PSQL -qc 'DROP SCHEMA IF EXISTS pgswap CASCADE' >/dev/null 2>&1
: >"$OUT/rows.md"; : >"$OUT/physical.txt"
if has repack; then
echo "bench: 2,000,000 rows; no-load pairs x$REPS (pg_repack, pgswap repack, physical copy+indexes)" >&2
for i in $(seq 1 "$REPS"); do
  row "C-pg_repack-noload-$i" "$PG_REPACK --no-order --table=public.orders -d $PGDATABASE" NOLOAD=1 CHECKSUM=1 >/dev/null
  row "E-pgswap-repack-noload-$i" "$PGSWAP repack public.orders" NOLOAD=1 CHECKSUM=1 >/dev/null
  echo "$(physical)" >>"$OUT/physical.txt"
done

echo "bench: under the 1000 tps load, with a 5 s reader holding the table, and a 6000 tps burst (~3000 writes/s)" >&2
row C-pg_repack-load "$PG_REPACK --no-order --table=public.orders -d $PGDATABASE" >/dev/null
row E-pgswap-repack-load "$PGSWAP repack public.orders" >/dev/null
row E-pgswap-add-not-null-load "$PGSWAP add-not-null public.orders.status" >/dev/null
row Cb-pg_repack-blocker "$PG_REPACK --no-order --table=public.orders -d $PGDATABASE" BLOCKER_S=5 >/dev/null
row Eb-pgswap-add-not-null-blocker "$PGSWAP add-not-null public.orders.status" BLOCKER_S=5 >/dev/null
row C-pg_repack-burst-6000tps "$PG_REPACK --no-order --table=public.orders -d $PGDATABASE" RATE=6000 >/dev/null
row E-pgswap-repack-burst-6000tps "$PGSWAP repack public.orders" RATE=6000 >/dev/null
row E-pgswap-add-not-null-burst-6000tps "$PGSWAP add-not-null public.orders.status" RATE=6000 >/dev/null

if [ "$QUICK" != 1 ]; then
  for n in $SCALES; do
    echo "bench: scaling, $n rows" >&2
    load_orders "$n"
    row "E-pgswap-repack-noload-${n}" "$PGSWAP repack public.orders" NOLOAD=1 >/dev/null
    row "C-pg_repack-noload-${n}" "$PG_REPACK --no-order --table=public.orders -d $PGDATABASE" NOLOAD=1 >/dev/null
  done
  load_orders 2000000
fi
fi

if has alter; then
  echo "bench: id integer -> bigint under the 1000 tps load: pgswap alter, plain ALTER, pgswap repack" >&2
  alter_rows
fi

if has index; then
  # Index builds and rebuilds side by side under the same load on the same 2M-row table, REPS
  # rounds of four: a plain CREATE INDEX (SHARE: writes wait for the whole build), pgswap
  # add-index (CONCURRENTLY), pg_repack --only-indexes and pgswap reindex (both rebuild the three
  # indexes of orders). The figures are the medians of the rounds.
  echo "bench: index scenarios under the 1000 tps load, x$REPS (plain CREATE INDEX, pgswap add-index, pg_repack --only-indexes, pgswap reindex)" >&2
  DROPIX="$PSQL -qc 'DROP INDEX IF EXISTS orders_bench_idx'"
  for i in $(seq 1 "$REPS"); do
    row "I-plain-create-index-$i" "$PSQL -c 'CREATE INDEX orders_bench_idx ON orders (customer_id, created_at)'" PRE_CMD="$DROPIX" >/dev/null
    row "I-pgswap-add-index-$i" "$PGSWAP add-index public.orders 'customer_id, created_at' --name orders_bench_idx" PRE_CMD="$DROPIX" >/dev/null
    row "R-pg_repack-only-indexes-$i" "$PG_REPACK --only-indexes --table=public.orders -d $PGDATABASE" PRE_CMD="$DROPIX" >/dev/null
    row "R-pgswap-reindex-$i" "$PGSWAP reindex public.orders" PRE_CMD="$DROPIX" >/dev/null
  done
  python3 - "$OUT" "$REPS" <<'PY'
import sys, statistics, pathlib, re
out, reps = pathlib.Path(sys.argv[1]), int(sys.argv[2])
rows = {}
for line in (out / "rows.md").read_text().splitlines():
    cells = [c.strip() for c in line.strip().strip("|").split("|")]
    if len(cells) > 8:
        rows[cells[0].split(" (")[0]] = cells
def num(name, col):
    try: return float(re.sub(r"[^0-9.]", "", rows[name][col].split("/")[0]) or "nan")
    except Exception: return None
def med(prefix, col):
    xs = [num(f"{prefix}-{i}", col) for i in range(1, reps + 1)]
    xs = [x for x in xs if x is not None and x == x]
    return statistics.median(xs) if xs else None
def f(x, fmt="{:.2f}"): return "n/a" if x is None else fmt.format(x)
pw, gw = med("I-plain-create-index", 1), med("I-pgswap-add-index", 1)
pl, gl = med("I-plain-create-index", 2), med("I-pgswap-add-index", 2)
rw, xw = med("R-pg_repack-only-indexes", 1), med("R-pgswap-reindex", 1)
rl, xl = med("R-pg_repack-only-indexes", 2), med("R-pgswap-reindex", 2)
print(f"\n## index builds and rebuilds under load, medians of {reps} ({out.name})\n")
print("| figure | plain / pg_repack | pgswap | target |\n|---|---:|---:|---|")
print(f"| CREATE INDEX (customer_id, created_at): wall s | {f(pw)} | {f(gw)} | pgswap / plain **{f(gw / pw if pw and gw else None)}** (<= 2.5) |")
print(f"| CREATE INDEX: worst client latency ms | {f(pl, '{:.1f}')} | {f(gl, '{:.1f}')} | pgswap **{f(gl, '{:.1f}')}** (<= 50) |")
print(f"| reindex, all 3 indexes: wall s | {f(rw)} | {f(xw)} | pgswap / pg_repack **{f(xw / rw if rw and xw else None)}** (<= 1.0) |")
print(f"| reindex: worst client latency ms | {f(rl, '{:.1f}')} | {f(xl, '{:.1f}')} | pgswap / pg_repack **{f(xl / rl if rl and xl else None)}** (<= 1.0) |")
print("\n| scenario | op wall s | max client lat ms | p99 op / base ms | tps op / base | errors | ACCESS EXCLUSIVE | lock waits >100ms |")
print("|---|---:|---:|---:|---:|---:|---|---:|")
for name, r in rows.items():
    if name.startswith(("I-", "R-")):
        print(f"| {name} | {r[1]} | {r[2]} | {r[3]} | {r[4]} | {r[5]} | {r[6]} | {r[7]} |")
PY
  $PSQL -qc 'DROP INDEX IF EXISTS orders_bench_idx'
fi

if has pace; then
  # The pace itself, in one run: the unpaced settings (main's defaults before auto) and auto,
  # alternating under the 1000 tps load, REPS pairs. Besides each row's whole-operation figures,
  # the median over the operation of each second's p99: a few bursts of other load on the machine
  # move the whole-operation p99 and max, but hardly this.
  echo "bench: the pace under the 1000 tps load, x$REPS alternating: unpaced and auto" >&2
  for i in $(seq 1 "$REPS"); do
    row "P-repack-unpaced-$i" "$PGSWAP repack public.orders --copy-jobs 1 --index-jobs 1 --duty-cycle 100" >/dev/null
    row "P-repack-auto-$i" "$PGSWAP repack public.orders" >/dev/null
  done
  python3 - "$OUT" "$BENCH_RUNS" "$REPS" <<'PY'
import sys, statistics, pathlib, subprocess
out, runs, reps = pathlib.Path(sys.argv[1]), pathlib.Path(sys.argv[2]), int(sys.argv[3])
rows = {}
for line in (out / "rows.md").read_text().splitlines():
    cells = [c.strip() for c in line.strip().strip("|").split("|")]
    if len(cells) > 8:
        rows[cells[0].split(" (")[0]] = cells
def seconds(name):
    found = sorted(runs.glob("*-" + name), key=lambda p: p.name)
    if not found:
        return None
    text = subprocess.run(["python3", "analyze.py", "timeline", str(found[-1]), "--step", "1"],
                          capture_output=True, text=True).stdout
    base, op = [], []
    for l in text.splitlines():
        f = l.split()
        try:
            t, p99 = float(f[0]), float(f[2])
        except (ValueError, IndexError):
            continue
        (base if t < 0 else op if "pgswap:" in l else []).append(p99)
    return (statistics.median(base) if base else None, statistics.median(op) if op else None)
print(f"\n## the pace under load, {reps} alternating pairs ({out.name})\n")
print("| scenario | op wall s | max client lat ms | p99 op / base ms | tps op / base | per-second p99 median: base / op ms |")
print("|---|---:|---:|---:|---:|---:|")
for i in range(1, reps + 1):
    for kind in ("unpaced", "auto"):
        n = f"P-repack-{kind}-{i}"
        r, s = rows.get(n), seconds(n)
        if r is None:
            print(f"| {n} | FAILED | | | | |")
            continue
        f = lambda x: "n/a" if x is None else f"{x:.1f}"
        print(f"| {n} | {r[1]} | {r[2]} | {r[3]} | {r[4]} | {f(s[0]) if s else 'n/a'} / {f(s[1]) if s else 'n/a'} |")
PY
fi

if has columns; then
  # The in-place recipes against the plain statements they replace, side by side on the 2M-row
  # table under the 1000 tps load (and behind a 5 s reader). Between scenarios (not measured):
  # the table is put back (column dropped and the table rewritten, NOT NULL dropped, key dropped).
  PGSWAP_QUIET="java -Xmx256m -XX:+UseSerialGC -jar $JAR"
  UNDO="$PGSWAP_QUIET abort public.orders >/dev/null 2>&1 || true"
  PRE_COLUMN="$UNDO; $PSQL -qc 'ALTER TABLE orders DROP COLUMN IF EXISTS public_id' -c 'VACUUM FULL orders' -c 'ANALYZE orders'"
  PRE_NOT_NULL="$UNDO; $PSQL -qc 'ALTER TABLE orders DROP CONSTRAINT IF EXISTS orders_status_not_null' -f scenarios/reset-nullable.sql"
  PRE_FILL="$PRE_NOT_NULL; $PSQL -qc 'UPDATE orders SET status = NULL WHERE id % 100 = 0' -c 'VACUUM ANALYZE orders'"
  PRE_FK="$UNDO; $PSQL -qc 'CREATE TABLE IF NOT EXISTS customers AS SELECT g AS id, md5(g::text) AS name FROM generate_series(1, 200000) g' -c 'DO \$\$ BEGIN ALTER TABLE customers ADD PRIMARY KEY (id); EXCEPTION WHEN invalid_table_definition THEN NULL; END \$\$' -c 'ALTER TABLE orders DROP CONSTRAINT IF EXISTS orders_customer_id_fkey' -c 'ANALYZE customers'"
  PLAIN="$PSQL -c"
  echo "bench: in-place recipes vs plain statements under the 1000 tps load (and behind a 5 s reader)" >&2
  row AC-plain-add-column-uuid "$PLAIN 'ALTER TABLE orders ADD COLUMN public_id uuid DEFAULT gen_random_uuid()'" PRE_CMD="$PRE_COLUMN" >/dev/null
  row AC-pgswap-add-column-uuid "$PGSWAP add-column public.orders.public_id uuid --default 'gen_random_uuid()'" PRE_CMD="$PRE_COLUMN" >/dev/null
  row AC-pgswap-add-column-uuid-not-null "$PGSWAP add-column public.orders.public_id uuid --default 'gen_random_uuid()' --not-null" PRE_CMD="$PRE_COLUMN" >/dev/null
  row ACb-plain-add-column-uuid-blocker "$PLAIN 'ALTER TABLE orders ADD COLUMN public_id uuid DEFAULT gen_random_uuid()'" PRE_CMD="$PRE_COLUMN" BLOCKER_S=5 >/dev/null
  row ACb-pgswap-add-column-uuid-blocker "$PGSWAP add-column public.orders.public_id uuid --default 'gen_random_uuid()'" PRE_CMD="$PRE_COLUMN" BLOCKER_S=5 >/dev/null
  row NN-plain-set-not-null "$PLAIN 'ALTER TABLE orders ALTER COLUMN status SET NOT NULL'" PRE_CMD="$PRE_NOT_NULL" >/dev/null
  row NN-pgswap-in-place "$PGSWAP add-not-null public.orders.status --strategy in-place" PRE_CMD="$PRE_NOT_NULL" >/dev/null
  row NNb-pgswap-in-place-blocker "$PGSWAP add-not-null public.orders.status --strategy in-place" PRE_CMD="$PRE_NOT_NULL" BLOCKER_S=5 >/dev/null
  row NN-pgswap-auto-fill-1pct-nulls "$PGSWAP add-not-null public.orders.status --strategy auto --fill new" PRE_CMD="$PRE_FILL" >/dev/null
  row FK-plain-add-foreign-key "$PLAIN 'ALTER TABLE orders ADD CONSTRAINT orders_customer_id_fkey FOREIGN KEY (customer_id) REFERENCES customers (id)'" PRE_CMD="$PRE_FK" >/dev/null
  row FK-pgswap-add-foreign-key "$PGSWAP add-foreign-key public.orders.customer_id public.customers.id" PRE_CMD="$PRE_FK" >/dev/null
  row FKb-pgswap-add-foreign-key-blocker "$PGSWAP add-foreign-key public.orders.customer_id public.customers.id" PRE_CMD="$PRE_FK" BLOCKER_S=5 >/dev/null
  $PSQL -qc 'ALTER TABLE orders DROP CONSTRAINT IF EXISTS orders_customer_id_fkey' -c 'ALTER TABLE orders DROP COLUMN IF EXISTS public_id' -f scenarios/reset-nullable.sql >/dev/null 2>&1 || true

  python3 - "$OUT" "$BENCH_RUNS" "$HARNESS" <<'PY'
# For each in-place scenario: the harness's row (worst client latency, failed transactions, ACCESS
# EXCLUSIVE sampled every 20 ms) plus, from the operation's statement log, the longest transaction
# that held a lock blocking writes (ACCESS EXCLUSIVE or SHARE ROW EXCLUSIVE): from the start of its
# first DDL or LOCK statement (so any wait for the lock counts too) to the end of its COMMIT.
import re, sys, pathlib
out, runs, harness = pathlib.Path(sys.argv[1]), pathlib.Path(sys.argv[2]), sys.argv[3]
sys.path.insert(0, harness)
import analyze
DDL = re.compile(r"^\s*(ALTER TABLE|LOCK TABLE|CREATE TRIGGER|DROP TRIGGER)\b", re.I)
NOT_BLOCKING = re.compile(r"VALIDATE CONSTRAINT|IN (ACCESS SHARE|ROW SHARE|ROW EXCLUSIVE|SHARE UPDATE EXCLUSIVE) MODE", re.I)
def blocking(sql):  # takes a lock that blocks writes (VALIDATE takes SHARE UPDATE EXCLUSIVE: it does not)
    return DDL.match(sql) and not NOT_BLOCKING.search(sql)
END = re.compile(r"^\s*(COMMIT|ROLLBACK|END|ABORT)\s*;?\s*$", re.I)
def holds(run):
    stmts = analyze.read_op_statements(str(run / "postgres.log"))
    res, first = [], {}
    for st in stmts:
        if st["app"].startswith("psql") or st["app"] == "" :
            if blocking(st["sql"]):   # a plain statement in autocommit: held for its whole duration
                res.append(st["ms"])
            continue
        if blocking(st["sql"]) and st["pid"] not in first:
            first[st["pid"]] = st["end"] - st["ms"] / 1000.0
        elif END.match(st["sql"]) and st["pid"] in first:
            res.append((st["end"] - first.pop(st["pid"])) * 1000.0)
    return res
rows = {}
for line in (out / "rows.md").read_text().splitlines():
    cells = [c.strip() for c in line.strip().strip("|").split("|")]
    if len(cells) > 8:
        rows[cells[0].split(" (")[0]] = cells
names = [n for n in rows if re.match(r"^(AC|ACb|NN|NNb|FK|FKb)-", n)]
def num(x):
    try: return float(x)
    except Exception: return None
print("\n## in-place recipes vs plain statements, one run (%s)\n" % out.name)
def baseline_max(name):  # the worst latency before the operation started: what the machine itself does
    f = out / (name + ".summary.txt")
    m = re.search(r"^\s*baseline .* max\s+([\d.]+)", f.read_text(), re.M) if f.exists() else None
    return m.group(1) if m else "-"
print("| scenario | op wall s | worst client latency ms (baseline max) | failed txns / aborted clients | client lock waits >100 ms: n / max ms | ACCESS EXCLUSIVE sampled longest / total ms (n) | longest write-blocking lock transaction ms (n) | rc |")
print("|---|---:|---:|---:|---:|---|---:|---:|")
verdicts = []
for n in names:
    r = rows[n]
    run = sorted(runs.glob("*-" + n), key=lambda p: p.name)[-1] if list(runs.glob("*-" + n)) else None
    h = holds(run) if run else []
    hmax = max(h) if h else 0.0
    print(f"| {n} | {r[1]} | {r[2]} ({baseline_max(n)}) | {r[5]} | {r[7]} | {r[6]} | {hmax:.0f} ({len(h)}) | {r[8]} |")
    if "pgswap" in n:
        lat, failed = num(r[2]), r[5].split("/")[0].strip()
        limit = 300 if n.split("-")[0].endswith("b") else 100   # behind the reader: lock timeout 200 ms + 100 ms
        ok = failed == "0" and lat is not None and lat <= limit and hmax <= 50 and r[8] == "0"
        verdicts.append(f"{'MET ' if ok else 'MISSED'} {n}: {failed} failed, worst latency {r[2]} ms (<= {limit}; "
                        f"baseline max {baseline_max(n)}), client lock waits >100 ms {r[7]}, "
                        f"write-blocking hold {hmax:.0f} ms (<= 50), rc {r[8]}")
print("\ntargets (0 failed transactions, worst latency <= 100 ms, no write-blocking lock held > 50 ms; behind the 5 s reader "
      "no client waits longer than the lock timeout + 100 ms):")
print("\n".join("  " + v for v in verdicts))
PY
fi

has repack || has alter || exit 0
python3 - "$OUT" "$REPS" "$QUICK" "$SCALES" "$PARTS" <<'PY'
import re, sys, statistics, pathlib
out, reps, quick, scales = pathlib.Path(sys.argv[1]), int(sys.argv[2]), sys.argv[3] == "1", sys.argv[4].split()
parts = sys.argv[5].split()
rows = {}
for line in (out / "rows.md").read_text().splitlines():
    cells = [c.strip() for c in line.strip().strip("|").split("|")]
    if len(cells) > 8 and not cells[0].startswith("scenario") and not cells[0].startswith("---"):
        rows[cells[0].split(" (")[0]] = cells
def wall(name):
    r = rows.get(name)
    try: return float(r[1])
    except Exception: return None
def med(xs):
    xs = [x for x in xs if x is not None]
    return statistics.median(xs) if xs else None
phys = [float(x) for x in (out / "physical.txt").read_text().split()] if (out / "physical.txt").exists() else []
c = med([wall(f"C-pg_repack-noload-{i}") for i in range(1, reps + 1)])
e = med([wall(f"E-pgswap-repack-noload-{i}") for i in range(1, reps + 1)])
p = med(phys)
print(f"\n## pgswap vs pg_repack, one run ({out.name})\n")
print("| figure | value |\n|---|---|")
def f(x, fmt="{:.2f}"): return "n/a" if x is None else fmt.format(x)
alter, repack_int = wall("E-pgswap-alter-id-bigint-load"), wall("E-pgswap-repack-int-id-load")
print(f"| id integer -> bigint under load: pgswap alter s / plain ALTER s / pgswap repack s | "
      f"{f(alter)} / {f(wall('A-plain-alter-id-bigint-load'))} / {f(repack_int)} |")
print(f"| **pgswap alter / pgswap repack wall time** (target <= 1.3) | **{f(alter / repack_int if alter and repack_int else None)}** |")
if "repack" not in parts:
    c = e = p = None
print(f"| no load, median of {reps}: pg_repack s / pgswap repack s | {f(c)} / {f(e)} |")
print(f"| **pgswap / pg_repack wall time** (target <= 1.0, stretch 0.8) | **{f(e / c if c and e else None)}** |")
print(f"| physical limit (INSERT..SELECT + 3 index builds), median s | {f(p)} |")
print(f"| **pgswap / physical limit** (target <= 1.3) | **{f(e / p if p and e else None)}** |")
if not quick and "repack" in parts:
    w = {n: wall(f"E-pgswap-repack-noload-{n}") for n in scales}
    wc = {n: wall(f"C-pg_repack-noload-{n}") for n in scales}
    print("| scaling, pgswap repack s: " + ", ".join(f"{int(n)/1e6:g}M {f(w[n])}" for n in scales)
          + " (pg_repack: " + ", ".join(f"{f(wc[n])}" for n in scales) + ") | "
          + (f"8M/2M = **{f(w['8000000'] / w['2000000'])}** (target <= 4.4)" if w.get('8000000') and w.get('2000000') else "n/a") + " |")
print("\n| scenario | op wall s | max client lat ms | p99 op / base ms | tps op / base | errors | ACCESS EXCLUSIVE |")
print("|---|---:|---:|---:|---:|---:|---|")
for name, r in rows.items():
    if "noload" in name: continue
    print(f"| {name} | {r[1]} | {r[2]} | {r[3]} | {r[4]} | {r[5]} | {r[6]} |")
rss = [int(m) for m in re.findall(r"pgswap max RSS (\d+) kB", "".join(
    (out / x.name).read_text(errors="ignore") for x in out.glob("*.out")))]
# the summaries keep op.out; RSS lines live there
for s in out.glob("*.summary.txt"):
    rss += [int(m) for m in re.findall(r"pgswap max RSS (\d+) kB", s.read_text(errors="ignore"))]
print(f"\npgswap JVM peak RSS: {max(rss) / 1024:.0f} MB (of {len(rss)} runs; heap capped at -Xmx256m)" if rss else "")
print(f"raw rows: {out}/rows.md")
PY
