#!/usr/bin/env bash
# Lint speed: generates a migration file of N statements (default 50,000; a mix of the statements
# migrations are made of, with function bodies, comments and transactions) and prints how many
# statements per second `pgswap lint` reads, parses and judges, JVM start-up included.
#
#   scripts/bench-lint.sh              # 50,000 statements, 3 runs, best and median
#   N=200000 RUNS=5 scripts/bench-lint.sh
#
# Needs JDK 17 and Maven (builds target/pgswap.jar when missing). No database.
set -euo pipefail
REPO=$(cd "$(dirname "$0")/.." && pwd)
: "${N:=50000}" "${RUNS:=3}"
JAR=$REPO/target/pgswap.jar
if [ ! -f "$JAR" ]; then
  echo "bench-lint: building pgswap" >&2
  (cd "$REPO" && mvn -B -q package -DskipTests)
fi
OUT=$REPO/target/bench-lint
mkdir -p "$OUT"
FILE=$OUT/migration-$N.sql

# 20 statements per round; table names vary so nothing is cached by name
awk -v n="$N" 'BEGIN {
  for (i = 0; i * 20 < n; i++) {
    t = "orders_" i
    print "-- round " i
    print "SET lock_timeout = '\''2s'\'';"
    print "BEGIN;"
    print "CREATE TABLE " t " (id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY, customer_id bigint NOT NULL, status text, amount numeric(12,2), note varchar(200), created_at timestamptz NOT NULL DEFAULT now());"
    print "ALTER TABLE " t " ADD COLUMN priority integer NOT NULL DEFAULT 0;"
    print "ALTER TABLE " t " ADD COLUMN uuid uuid DEFAULT gen_random_uuid();"
    print "ALTER TABLE " t " ALTER COLUMN note TYPE varchar(400), ALTER COLUMN id TYPE bigint;"
    print "ALTER TABLE " t " ADD CONSTRAINT " t "_amount_positive CHECK (amount > 0) NOT VALID;"
    print "ALTER TABLE " t " VALIDATE CONSTRAINT " t "_amount_positive;"
    print "COMMIT;"
    print "CREATE INDEX CONCURRENTLY " t "_customer_idx ON " t " USING btree (customer_id, created_at DESC) WHERE status IS NOT NULL;"
    print "ALTER TABLE customers ADD CONSTRAINT " t "_fk FOREIGN KEY (customer_id) REFERENCES " t " (id) ON DELETE CASCADE;"
    print "CREATE OR REPLACE FUNCTION " t "_touch() RETURNS trigger LANGUAGE plpgsql AS $fn$ BEGIN NEW.created_at := now(); /* nested /* comment */ */ RETURN NEW; END $fn$;"
    print "CREATE TRIGGER " t "_touch BEFORE UPDATE ON " t " FOR EACH ROW EXECUTE FUNCTION " t "_touch();"
    print "UPDATE " t " SET status = E'\''it\\'\''s new'\'' WHERE status IS NULL AND id < 1000;"
    print "ALTER TABLE " t " ALTER COLUMN status SET NOT NULL;"
    print "CREATE INDEX " t "_status_idx ON " t " (status);"
    print "ALTER TABLE " t " RENAME COLUMN note TO notes;"
    print "COMMENT ON COLUMN " t ".status IS '\''state; see docs'\'';"
    printf "INSERT INTO schema_migrations (version) VALUES ('\''%.0f'\'');\n", 20240000000000 + i
    print "DROP INDEX IF EXISTS " t "_old_idx;"
  }
}' > "$FILE"
STATEMENTS=$(grep -c ';$' "$FILE")
echo "bench-lint: $FILE: $STATEMENTS statements, $(du -h "$FILE" | cut -f1)" >&2

rates=()
for r in $(seq 1 "$RUNS"); do
  TIMEFORMAT='%R %U %S'
  set +e
  { time { java -jar "$JAR" lint --output json "$FILE" > "$OUT/report.json" 2> "$OUT/stderr.txt"; \
      echo $? > "$OUT/exit"; }; } 2> "$OUT/time.txt"
  set -e
  code=$(cat "$OUT/exit")
  read -r real user sys < <(tail -1 "$OUT/time.txt")
  if [ "$code" -ne 0 ] && [ "$code" -ne 1 ]; then   # 1: findings, expected; 2: a statement did not parse
    echo "bench-lint: lint exited $code:" >&2; head -5 "$OUT/stderr.txt" >&2; exit 1
  fi
  rate=$(awk -v n="$STATEMENTS" -v t="$real" 'BEGIN { printf "%d", n / t }')
  cpu=$(awk -v n="$STATEMENTS" -v u="$user" -v s="$sys" 'BEGIN { printf "%d", n / (u + s) }')
  echo "run $r: $STATEMENTS statements in ${real}s wall (${user}s user, ${sys}s sys): $rate statements/s, $cpu per CPU-second (exit $code)"
  rates+=("$rate")
done
sorted=$(printf '%s\n' "${rates[@]}" | sort -n)
best=$(echo "$sorted" | tail -1)
median=$(echo "$sorted" | sed -n "$(( (RUNS + 1) / 2 ))p")
echo "pgswap lint: best $best statements/s, median $median statements/s ($STATEMENTS statements, JVM start included; $(nproc) cores, load $(cut -d' ' -f1 /proc/loadavg))"
