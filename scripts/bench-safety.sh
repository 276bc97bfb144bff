#!/usr/bin/env bash
# What pgswap's two safety nets cost, on the shared benchmark harness (shared/bench: a private
# PostgreSQL 15 cluster on port 55432, a deterministic orders table, a pgbench OLTP load, a lock
# sampler):
#
#   1. --checksum: repack --checksum of orders at each size in ROWS_LIST, no load, REPS times; the
#      checksum step's time over the copy step's (goal <= 15 %), and the whole run without it.
#   2. --revert-window: the write cost of the reverse capture trigger, as unthrottled pgbench tps in
#      the same run: without the trigger, in the window (with it), and after the revert (without it
#      again); the harness's mixed workload (50 % reads) and a writes-only one.
#   3. pgswap revert under the 1000 tps load (the harness's run-scenario.sh: worst client latency,
#      sampled ACCESS EXCLUSIVE) and pgswap's own measure of the time it held ACCESS EXCLUSIVE
#      (target <= 50 ms).
#
#   scripts/bench-safety.sh                          # ROWS_LIST="2000000 5000000", REPS=3, TPS_S=20
#   ROWS_LIST=2000000 REPS=1 scripts/bench-safety.sh  # quicker
#
# Needs what scripts/bench.sh needs (root, Debian's postgresql-15 and pgbench, JDK 17, Maven). The
# cluster serves one user at a time: this refuses to start while another benchmark uses it.
# Prints a summary; raw figures go to target/bench-safety/<timestamp>/.
set -euo pipefail
REPO=$(cd "$(dirname "$0")/.." && pwd)
HARNESS=${HARNESS:-$REPO/../shared/bench}
: "${ROWS_LIST:=2000000 5000000}" "${REPS:=3}" "${TPS_S:=20}"
[ -x "$HARNESS/run-scenario.sh" ] || { echo "bench-safety: harness not found at $HARNESS (set HARNESS=...)" >&2; exit 2; }
if pgrep -f 'run-all.sh|run-scenario.sh|scripts/bench.sh|bench-lint.sh' >/dev/null; then
  echo "bench-safety: another benchmark is using the cluster (pgrep: run-all/run-scenario/bench.sh); try later" >&2
  exit 2
fi

OUT=$REPO/target/bench-safety/$(date -u +%Y%m%dT%H%M%SZ)
mkdir -p "$OUT"
echo "bench-safety: building pgswap" >&2
(cd "$REPO" && mvn -B -q package -DskipTests)
cp "$REPO/target/pgswap.jar" "$OUT/pgswap.jar"
PGSWAP="java -Xmx256m -XX:+UseSerialGC -jar $OUT/pgswap.jar"
WRITES=$OUT/writes.sql
cat >"$WRITES" <<'SQL'
-- writes only: 60 % UPDATE by id, 25 % INSERT, 15 % DELETE by id
\set r   random(1, 100)
\set id  random(1, :nrows)
\set st  random(1, 5)
\set amt random(100, 100000)
\set cid random(1, 200000)
\if :r <= 60
UPDATE orders SET status = (ARRAY['new','paid','shipped','delivered','cancelled'])[:st], amount = :amt / 100.0 WHERE id = :id;
\elif :r <= 85
INSERT INTO orders (customer_id, status, amount, note) VALUES (:cid, (ARRAY['new','paid','shipped','delivered','cancelled'])[:st], :amt / 100.0, 'pgbench');
\else
DELETE FROM orders WHERE id = :id;
\endif
SQL

cd "$HARNESS"
. ./env.sh
./pg-up.sh >"$OUT/pg-up.log"
load_orders() { ROWS=$1 ./make-orders.sh >"$OUT/make-orders-$1.log"; }
drop_old() {
  $PSQL -qc "DO \$\$ DECLARE r record; BEGIN FOR r IN SELECT oid::regclass AS t FROM pg_class
             WHERE relname ~ '^pgswap_(old|rev)_[0-9]+_' AND relkind = 'r' LOOP EXECUTE 'DROP TABLE ' || r.t; END LOOP; END \$\$"
}
step_ms() {  # JSON FILE STEP: the step's milliseconds from pgswap's --output json document
  python3 -c "import json,sys; d=json.load(open(sys.argv[1])); print(d.get('step_ms', {}).get(sys.argv[2], ''))" "$1" "$2"
}
json_field() {
  python3 -c "import json,sys; d=json.load(open(sys.argv[1])); print(d.get(sys.argv[2], ''))" "$1" "$2"
}

# ---- 1. the checksum's cost
echo "| rows | run | copy ms | checksum ms | checksum / copy | repack --checksum s | repack s |" >"$OUT/checksum.md"
echo "|---:|---:|---:|---:|---:|---:|---:|" >>"$OUT/checksum.md"
for n in $ROWS_LIST; do
  echo "bench-safety: $n rows: repack with and without --checksum, x$REPS" >&2
  load_orders "$n"
  for i in $(seq 1 "$REPS"); do
    # each run starts from a vacuumed table, as autovacuum leaves a live one (the last run's new table
    # has never been vacuumed: its key index would not serve index-only scans)
    $PSQL -qc "VACUUM ANALYZE orders"; $PSQL -qc CHECKPOINT; settle
    t0=$EPOCHREALTIME
    $PGSWAP repack public.orders --checksum --drop-old --output json >"$OUT/checksum-$n-$i.json" 2>"$OUT/checksum-$n-$i.err"
    t1=$EPOCHREALTIME
    $PSQL -qc "VACUUM ANALYZE orders"; $PSQL -qc CHECKPOINT; settle
    t2=$EPOCHREALTIME
    $PGSWAP repack public.orders --drop-old --output json >"$OUT/plain-$n-$i.json" 2>"$OUT/plain-$n-$i.err"
    t3=$EPOCHREALTIME
    copy=$(step_ms "$OUT/checksum-$n-$i.json" copy); sum=$(step_ms "$OUT/checksum-$n-$i.json" checksum)
    awk -v n="$n" -v i="$i" -v c="$copy" -v s="$sum" -v a="$t0" -v b="$t1" -v x="$t2" -v y="$t3" \
      'BEGIN { printf "| %d | %d | %d | %d | %.0f %% | %.2f | %.2f |\n", n, i, c, s, 100 * s / c, b - a, y - x }' >>"$OUT/checksum.md"
  done
done

# ---- 2. the reverse trigger's write cost, and 3. the revert under load
load_orders 2000000
ROWS=2000000
tps() {  # SCRIPT LABEL: unthrottled pgbench for TPS_S seconds; prints tps
  $PSQL -qc CHECKPOINT; settle
  "$PGBENCH" -n -f "$1" -D nrows="$ROWS" -c "$CLIENTS" -j "$THREADS" -T "$TPS_S" >"$OUT/pgbench-$2.out" 2>&1
  awk '/^tps = / {print $3; exit}' "$OUT/pgbench-$2.out"
}
echo "bench-safety: tps without the reverse trigger" >&2
MIX_BEFORE=$(tps workload.sql mixed-before); WR_BEFORE=$(tps "$WRITES" writes-before)
echo "bench-safety: repack with --revert-window 1h, then tps in the window" >&2
$PGSWAP repack public.orders --revert-window 1h --output json >"$OUT/window.json" 2>"$OUT/window.err"
MIX_WINDOW=$(tps workload.sql mixed-window); WR_WINDOW=$(tps "$WRITES" writes-window)
REVLOG=$($PSQL -tAc "SELECT count(*) FROM pgswap.revlog_$(json_field "$OUT/window.json" migration_id)")
echo "bench-safety: pgswap revert under the $RATE tps load (reverse log: $REVLOG rows before the load)" >&2
ROWS_FILE="$OUT/revert.md" ./run-scenario.sh R-pgswap-revert-load "$PGSWAP revert public.orders --output json" \
  >"$OUT/revert.out" 2>&1 || true
RUN_DIR=$(ls -td "$BENCH_RUNS"/*-R-pgswap-revert-load | head -1)
cp "$RUN_DIR/summary.txt" "$OUT/revert.summary.txt" 2>/dev/null || true
REVERT_AE=$(python3 - "$RUN_DIR/op.out" <<'PY'
import json, re, sys
text = open(sys.argv[1]).read()
m = re.search(r'\{.*\}', text, re.S)
print(json.loads(m.group(0)).get('access_exclusive_ms', '?') if m else '?')
PY
)
echo "bench-safety: tps after the revert (no trigger)" >&2
MIX_AFTER=$(tps workload.sql mixed-after); WR_AFTER=$(tps "$WRITES" writes-after)
drop_old

python3 - "$OUT" "$MIX_BEFORE" "$MIX_WINDOW" "$MIX_AFTER" "$WR_BEFORE" "$WR_WINDOW" "$WR_AFTER" "$REVERT_AE" "$REVLOG" "$TPS_S" <<'PY'
import sys, pathlib, statistics
out = pathlib.Path(sys.argv[1])
mb, mw, ma, wb, ww, wa = map(float, sys.argv[2:8])
ae, revlog, secs = sys.argv[8], sys.argv[9], sys.argv[10]
print(f"\n## pgswap safety nets, one run ({out.name})\n")
print("### --checksum (no load): the checksum step against the copy step\n")
print((out / "checksum.md").read_text())
rows = [l.split("|") for l in (out / "checksum.md").read_text().splitlines()[2:]]
by = {}
for r in rows:
    by.setdefault(r[1].strip(), []).append(float(r[5].strip().rstrip(" %")))
for n, ratios in by.items():
    print(f"- {int(n):,} rows: checksum / copy median **{statistics.median(ratios):.0f} %** (goal <= 15 %)")
print(f"\n### --revert-window: unthrottled pgbench tps ({secs} s each), same run\n")
print("| workload | without trigger | in the window (reverse trigger) | after the revert | cost in the window |")
print("|---|---:|---:|---:|---:|")
for name, b, w, a in (("mixed (50 % reads)", mb, mw, ma), ("writes only", wb, ww, wa)):
    base = (b + a) / 2
    print(f"| {name} | {b:,.0f} | {w:,.0f} | {a:,.0f} | {100 * (1 - w / base):.1f} % |")
print(f"\n### pgswap revert under the 1000 tps load (reverse log {revlog} rows before the load started)\n")
print((out / "revert.md").read_text() if (out / "revert.md").exists() else "(no row; see revert.out)")
print(f"pgswap's own measure: ACCESS EXCLUSIVE held **{ae} ms** by the revert (target <= 50 ms)")
print(f"\nraw: {out}")
PY
