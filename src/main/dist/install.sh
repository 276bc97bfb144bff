#!/usr/bin/env bash
# Installs this unpacked pgswap under PREFIX:
#   PREFIX/bin/pgswap                                the launcher
#   PREFIX/lib/pgswap/pgswap.jar                     the program
#   PREFIX/share/man/man1/pgswap*.1                  one man page per command
#   PREFIX/share/bash-completion/completions/pgswap  bash completion
#   PREFIX/share/doc/pgswap/README.md
# then makes the class-data-sharing archive PREFIX/lib/pgswap/pgswap.jsa with the java that
# PREFIX/bin/pgswap finds now (JAVA_HOME or PATH): it makes pgswap start faster, and pgswap runs
# without it (for example after the JDK is upgraded: run 'PGSWAP_CDS=dump pgswap' again).
#
#   ./install.sh /usr/local
#   ./install.sh "$HOME/.local"
#
# DESTDIR (for packagers) is put in front of every path written; the archive is then not made.
set -euo pipefail

die() {
    printf 'install.sh: %s\n' "$*" >&2
    exit 1
}

[[ $# -eq 1 && -n $1 ]] || die "usage: $0 PREFIX   (for example /usr/local or \$HOME/.local)"
prefix=$1
[[ $prefix == /* ]] || prefix=$PWD/$prefix
dest=${DESTDIR:-}$prefix

src=$(cd -P -- "$(dirname -- "${BASH_SOURCE[0]}")" && pwd)
for f in bin/pgswap lib/pgswap/pgswap.jar share/bash-completion/completions/pgswap README.md; do
    [[ -f $src/$f ]] || die "$src/$f is missing; run this script from an unpacked pgswap tarball"
done

mkdir -p -- "$dest"
if [[ $(cd -P -- "$dest" && pwd) == "$src" ]]; then
    echo "install.sh: $prefix is this directory; only making the class-data-sharing archive" >&2
else
    mkdir -p -- "$dest/bin" "$dest/lib/pgswap" "$dest/share/man/man1" \
        "$dest/share/bash-completion/completions" "$dest/share/doc/pgswap"
    # the archive of an earlier install belongs to the jar it replaces
    rm -f -- "$dest/lib/pgswap/pgswap.jsa" "$dest/lib/pgswap/pgswap.jsa.key"
    install -m 0755 "$src/bin/pgswap" "$dest/bin/pgswap"
    install -m 0644 "$src/lib/pgswap/pgswap.jar" "$dest/lib/pgswap/pgswap.jar"
    install -m 0644 "$src"/share/man/man1/*.1 "$dest/share/man/man1/"
    install -m 0644 "$src/share/bash-completion/completions/pgswap" "$dest/share/bash-completion/completions/pgswap"
    install -m 0644 "$src/README.md" "$dest/share/doc/pgswap/README.md"
    echo "install.sh: installed pgswap under $dest" >&2
fi

if [[ -z ${DESTDIR:-} ]]; then
    PGSWAP_CDS=dump "$dest/bin/pgswap" || echo "install.sh: pgswap is installed, without a class-data-sharing archive" >&2
fi
case ":$PATH:" in
    *":$prefix/bin:"*) ;;
    *) echo "install.sh: $prefix/bin is not on PATH; add it, or run $prefix/bin/pgswap" >&2 ;;
esac
