#!/usr/bin/env bash
# Checks the release tarball that 'mvn package' left in target/, the way a user would meet it:
# unpacked in a temporary directory, bin/pgswap run directly, through a symlink and after
# install.sh PREFIX; every man page rendered with man -l; the bash completion parsed and loaded;
# class-data sharing used once the archive is made, and an old Java refused without a JVM.
set -euo pipefail
cd "$(dirname "$0")/.."

fail() {
    printf 'check-dist: FAILED: %s\n' "$*" >&2
    exit 1
}
ok() {
    printf 'check-dist: ok: %s\n' "$*"
}

version=$(sed -n 's:^  <version>\(.*\)</version>$:\1:p' pom.xml | head -n 1)
[[ -n $version ]] || fail "no project version in pom.xml"
tarball=target/pgswap-$version.tar.gz
[[ -f $tarball ]] || fail "$tarball is missing (run mvn package first)"

if ! command -v man >/dev/null 2>&1; then
    echo "check-dist: installing man-db"
    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq man-db >/dev/null
fi

tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
tar -xzf "$tarball" -C "$tmp"
home=$tmp/pgswap-$version
for f in bin/pgswap install.sh README.md lib/pgswap/pgswap.jar share/man/man1/pgswap.1 \
    share/bash-completion/completions/pgswap; do
    [[ -f $home/$f ]] || fail "the tarball has no pgswap-$version/$f"
done
[[ -x $home/bin/pgswap && -x $home/install.sh ]] || fail "bin/pgswap or install.sh is not executable"
unexpected=$(tar -tzf "$tarball" | grep -v "^pgswap-$version/" || true)
[[ -z $unexpected ]] || fail "entries outside pgswap-$version/: $unexpected"
ok "layout of $tarball"

# ---- the launcher, from the unpacked directory and through a symlink elsewhere
out=$("$home/bin/pgswap" --version 2>"$tmp/err")
[[ $out == "pgswap $version" ]] || fail "bin/pgswap --version printed '$out' (stderr: $(cat "$tmp/err"))"
[[ ! -s $tmp/err ]] || fail "bin/pgswap --version wrote to stderr: $(cat "$tmp/err")"
mkdir -p "$tmp/elsewhere/bin"
ln -s "$home/bin/pgswap" "$tmp/elsewhere/bin/pgswap"
out=$(cd / && PATH=$tmp/elsewhere/bin:$PATH pgswap --version)
[[ $out == "pgswap $version" ]] || fail "pgswap --version through a symlink printed '$out'"
ok "bin/pgswap --version prints 'pgswap $version' (directly and through a symlink)"

# ---- man pages: one per command listed by --help, each renders without a warning
help=$("$home/bin/pgswap" --help)
commands=$(printf '%s\n' "$help" | sed -n '/^Commands:/,/^$/p' | sed -n 's/^  \([a-z][a-z0-9-]*\) .*/\1/p')
[[ -n $commands ]] || fail "no commands found in pgswap --help"
for c in $commands; do
    [[ -f $home/share/man/man1/pgswap-$c.1 ]] || fail "no man page for the command '$c'"
done
pages=0
for page in "$home"/share/man/man1/*.1; do
    name=${page##*/}
    name=${name%.1}
    MANWIDTH=80 MANPAGER=cat man -l -P cat "$page" >"$tmp/page.txt" 2>"$tmp/man.err" || fail "man -l $page failed"
    [[ ! -s $tmp/man.err ]] || fail "man -l $page warned: $(cat "$tmp/man.err")"
    grep -q "^NAME" "$tmp/page.txt" || fail "$name.1 has no NAME section"
    grep -q "^ *$name - " "$tmp/page.txt" || fail "$name.1 does not name $name"
    grep -q "^SYNOPSIS" "$tmp/page.txt" || fail "$name.1 has no SYNOPSIS section"
    pages=$((pages + 1))
done
MANWIDTH=80 man -l -P cat "$home/share/man/man1/pgswap-add-not-null.1" | grep -q -- "--fill" \
    || fail "pgswap-add-not-null.1 does not describe --fill"
ok "$pages man pages render with man -l, one per command ($(echo $commands | tr ' ' ','))"

# ---- bash completion: valid bash, registers a completion for pgswap that offers the commands
completion=$home/share/bash-completion/completions/pgswap
bash -n "$completion" || fail "the completion script is not valid bash"
offered=$(bash -c 'source "$1" && complete -p pgswap >/dev/null && COMP_WORDS=(pgswap "") COMP_CWORD=1 COMP_LINE="pgswap " COMP_POINT=7 && _complete_pgswap pgswap "" pgswap && printf "%s\n" "${COMPREPLY[@]}"' _ "$completion") \
    || fail "loading the completion script or completing 'pgswap ' failed"
for c in add-not-null repack status; do
    grep -qx "$c" <<<"$offered" || fail "completing 'pgswap ' does not offer $c (offered: $offered)"
done
ok "bash completion parses, loads and completes the commands"

# ---- install.sh under another prefix, with the class-data-sharing archive
prefix=$tmp/prefix
"$home/install.sh" "$prefix" 2>"$tmp/install.err" || fail "install.sh failed: $(cat "$tmp/install.err")"
for f in bin/pgswap lib/pgswap/pgswap.jar share/man/man1/pgswap.1 share/bash-completion/completions/pgswap \
    share/doc/pgswap/README.md; do
    [[ -f $prefix/$f ]] || fail "install.sh left no $f under the prefix"
done
out=$("$prefix/bin/pgswap" --version 2>"$tmp/err")
[[ $out == "pgswap $version" && ! -s $tmp/err ]] || fail "installed pgswap --version printed '$out' / '$(cat "$tmp/err")'"
MANPATH=$prefix/share/man man -w pgswap-status >/dev/null || fail "man does not find pgswap-status under PREFIX/share/man"
if [[ -f $prefix/lib/pgswap/pgswap.jsa ]]; then
    JAVA_OPTS="-Xmx256m -XX:+UseSerialGC -Xlog:class+load=info:file=$tmp/classes.txt" "$prefix/bin/pgswap" --help >/dev/null
    shared=$(grep -c "shared objects file (top)" "$tmp/classes.txt" || true)
    (( shared > 100 )) || fail "the installed archive was not used ($shared classes from it)"
    PGSWAP_CDS=off JAVA_OPTS="-Xmx256m -XX:+UseSerialGC -Xlog:class+load=info:file=$tmp/classes-off.txt" \
        "$prefix/bin/pgswap" --help >/dev/null
    ! grep -q "shared objects file (top)" "$tmp/classes-off.txt" || fail "PGSWAP_CDS=off still used the archive"
    ok "install.sh PREFIX works; the CDS archive it made is used ($shared classes), and not with PGSWAP_CDS=off"
else
    fail "install.sh made no CDS archive: $(cat "$tmp/install.err")"
fi
# the unpacked tarball's own launcher has no archive for its path: it must not use one
out=$("$home/bin/pgswap" --version 2>&1)
[[ $out == "pgswap $version" ]] || fail "without an archive, pgswap --version printed '$out'"

# ---- an archive that does not fit the JVM any more (here: the jar replaced) costs nothing, says nothing
cp "$prefix/lib/pgswap/pgswap.jar" "$tmp/jar" && rm -f "$prefix/lib/pgswap/pgswap.jar"
cp "$tmp/jar" "$prefix/lib/pgswap/pgswap.jar" && touch -d '2000-01-01' "$prefix/lib/pgswap/pgswap.jar"
out=$("$prefix/bin/pgswap" --version 2>&1)
[[ $out == "pgswap $version" ]] || fail "with a stale archive, pgswap --version printed '$out'"
ok "a stale archive is ignored silently"

# ---- too old a Java is refused from its release file, without starting it
fake=$tmp/jdk8
mkdir -p "$fake/bin"
printf '#!/bin/sh\necho "the launcher started this java" >&2\nexit 99\n' >"$fake/bin/java"
chmod +x "$fake/bin/java"
printf 'JAVA_VERSION="1.8.0_402"\n' >"$fake/release"
set +e
out=$(JAVA_HOME=$fake "$home/bin/pgswap" --version 2>&1)
rc=$?
set -e
[[ $rc == 1 && $out == *"needs Java 17 or later"*"Java 8"* && $out != *"started this java"* ]] \
    || fail "an old Java (release file) gave exit $rc: $out"
ok "Java 8 refused from its release file, no JVM started"

echo "check-dist: $tarball passed"
