#!/usr/bin/env bash
# Checks the Dockerfile without a Docker engine (none here), as far as that goes:
#   - the syntax, instructions and flags, with the npm package dockerfile-utils (when npm works);
#   - its own reading of the stages: a Maven build stage on Java 17 and a Java 17 JRE runtime
#     stage, images with explicit tags, every COPY --from naming an earlier stage, files copied
#     from the build context present and not excluded by .dockerignore, a non-root USER and an
#     exec-form ENTRYPOINT in the final stage;
#   - the build stage acted out on this machine: the files its COPY instructions take from the
#     context, alone in a temporary directory, must build the tarball with the Dockerfile's Maven
#     command (offline, from the local repository), and the unpacked tarball must run there.
# Usage: .ci/check-dockerfile.sh [--no-build] [DOCKERFILE]   (default: the repository's Dockerfile)
set -euo pipefail
cd "$(dirname "$0")/.."
simulate=true
if [[ ${1:-} == --no-build ]]; then
    simulate=false
    shift
fi
dockerfile=${1:-Dockerfile}
readonly DOCKERFILE_UTILS=dockerfile-utils@0.16.3
readonly MVN_PACKAGE='(^|[[:space:];&|])mvn[[:space:]](.*[[:space:]])?package([[:space:]]|$)'
readonly EXEC_FORM='^\[[[:space:]]*"[^"]+"([[:space:]]*,[[:space:]]*"[^"]*")*[[:space:]]*\]$'

problems=0
problem() {
    printf 'check-dockerfile: %s\n' "$*" >&2
    problems=$((problems + 1))
}

[[ -f $dockerfile ]] || { echo "check-dockerfile: $dockerfile not found" >&2; exit 1; }

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

# ---- dockerfile-utils: instructions, flags, arguments
if command -v npm >/dev/null 2>&1; then
    tools=$work/npm
    if npm install --silent --no-save --no-audit --no-fund --prefix "$tools" "$DOCKERFILE_UTILS" >/dev/null 2>&1; then
        "$tools/node_modules/.bin/dockerfile-utils" lint "$dockerfile" || problem "dockerfile-utils lint found errors"
    else
        echo "check-dockerfile: could not install $DOCKERFILE_UTILS; syntax not linted" >&2
    fi
else
    echo "check-dockerfile: npm not found; syntax not linted by dockerfile-utils" >&2
fi

# ---- logical lines: continuations joined, comments and blank lines dropped
lines=()
current=''
while IFS= read -r raw || [[ -n $raw ]]; do
    line=${raw%$'\r'}
    if [[ -z $current && $line =~ ^[[:space:]]*(#|$) ]]; then
        continue
    fi
    if [[ $line =~ ^[[:space:]]*# ]]; then
        continue # a comment inside a continued instruction
    fi
    if [[ $line == *\\ ]]; then
        current+="${line%\\} "
        continue
    fi
    current+=$line
    lines+=("$current")
    current=''
done <"$dockerfile"
[[ -z $current ]] || problem "the last instruction ends with a line continuation"

known=" FROM RUN CMD LABEL MAINTAINER EXPOSE ENV ADD COPY ENTRYPOINT VOLUME USER WORKDIR ARG ONBUILD STOPSIGNAL HEALTHCHECK SHELL "
stage_names=()   # lower case, one per stage ('' when unnamed)
stage_images=()
final_user=''
final_entrypoint=''
build_runs_package=false
build_copies=()  # "SOURCE DEST" of the build stage's COPY instructions from the context
build_workdir=/
build_mvn=''     # the build stage's first Maven command

# Whether .dockerignore leaves top-level path $1 in the build context (patterns and '!' exceptions
# in order, the last match deciding; enough for the patterns used here).
in_context() {
    local path=${1#./} rule pattern included=true
    path=${path%/}
    path=${path%%/*}
    [[ -f .dockerignore ]] || return 0
    while IFS= read -r rule || [[ -n $rule ]]; do
        rule=${rule%$'\r'}
        [[ -z $rule || $rule == \#* ]] && continue
        pattern=${rule#!}
        pattern=${pattern#/}
        pattern=${pattern%/}
        # shellcheck disable=SC2053 # the pattern is a glob on purpose
        if [[ $path == $pattern ]]; then
            if [[ $rule == !* ]]; then included=true; else included=false; fi
        fi
    done <.dockerignore
    $included
}

for line in "${lines[@]}"; do
    read -r keyword rest <<<"$line"
    keyword=${keyword^^}
    if [[ $known != *" $keyword "* ]]; then
        problem "unknown instruction: $line"
        continue
    fi
    case $keyword in
        FROM)
            read -r -a words <<<"$rest"
            i=0
            while [[ ${words[i]:-} == --* ]]; do i=$((i + 1)); done
            image=${words[i]:-}
            name=''
            if [[ ${words[i + 1]:-} =~ ^[Aa][Ss]$ ]]; then
                name=${words[i + 2]:-}
                name=${name,,}
            fi
            [[ -n $image ]] || problem "FROM without an image: $line"
            if [[ $image != *:* || $image == *:latest ]]; then
                problem "image '$image' has no explicit tag"
            fi
            for other in ${stage_names[@]+"${stage_names[@]}"}; do
                [[ -n $name && $other == "$name" ]] && problem "two stages are named '$name'"
            done
            stage_names+=("$name")
            stage_images+=("$image")
            final_user=''
            final_entrypoint=''
            ;;
        COPY | ADD)
            (( ${#stage_names[@]} > 0 )) || { problem "$keyword before any FROM"; continue; }
            read -r -a words <<<"$rest"
            from=''
            args=()
            for w in "${words[@]}"; do
                case $w in
                    --from=*) from=${w#--from=} ;;
                    --*) ;;
                    *) args+=("$w") ;;
                esac
            done
            if [[ -n $from ]]; then
                found=false
                from_lc=${from,,}
                for ((s = 0; s < ${#stage_names[@]} - 1; s++)); do
                    [[ ${stage_names[s]} == "$from_lc" || $s == "$from" ]] && found=true
                done
                $found || problem "COPY --from=$from does not name an earlier stage: $line"
            elif [[ ${args[0]:-} != \[* ]]; then
                (( ${#args[@]} >= 2 )) || problem "$keyword needs a source and a destination: $line"
                for ((a = 0; a < ${#args[@]} - 1; a++)); do
                    src=${args[a]}
                    (( ${#stage_names[@]} == 1 )) && build_copies+=("$src ${args[${#args[@]} - 1]}")
                    [[ $src == http://* || $src == https://* ]] && continue
                    # shellcheck disable=SC2206 # expand a glob source against the checkout
                    matches=($src)
                    [[ -e ${matches[0]} ]] || problem "$keyword source '$src' is not in the build context: $line"
                    in_context "$src" || problem "$keyword source '$src' is excluded by .dockerignore"
                done
            fi
            ;;
        RUN)
            if (( ${#stage_names[@]} == 1 )) && [[ $rest =~ $MVN_PACKAGE ]]; then
                build_runs_package=true
                [[ -n $build_mvn ]] || build_mvn=mvn${rest#*mvn}
                build_mvn=${build_mvn%%&&*}
                build_mvn=${build_mvn%%;*}
            fi
            ;;
        WORKDIR)
            if (( ${#stage_names[@]} == 1 )); then
                [[ $rest == /* ]] && build_workdir=$rest || build_workdir=${build_workdir%/}/$rest
            fi
            ;;
        USER) final_user=${rest%% *} ;;
        ENTRYPOINT) final_entrypoint=$rest ;;
    esac
done

n=${#stage_images[@]}
if (( n < 2 )); then
    problem "expected a multi-stage build (a build stage and a runtime stage), found $n stage(s)"
else
    [[ ${stage_images[0]} == maven:*-temurin-17 ]] \
        || problem "the build stage should be a Maven image on Java 17 (maven:3.9-eclipse-temurin-17), not ${stage_images[0]}"
    [[ ${stage_images[n - 1]} == eclipse-temurin:17-jre* ]] \
        || problem "the runtime stage should be a Java 17 JRE (eclipse-temurin:17-jre), not ${stage_images[n - 1]}"
fi
$build_runs_package || problem "the build stage does not run 'mvn ... package'"
case ${final_user%%:*} in
    '') problem "the runtime stage sets no USER (it would run as root)" ;;
    root | 0) problem "the runtime stage runs as $final_user" ;;
esac
if [[ ! $final_entrypoint =~ $EXEC_FORM ]]; then
    problem "the runtime stage's ENTRYPOINT should be in exec form, [\"pgswap\"]: '$final_entrypoint'"
fi

if (( problems > 0 )); then
    echo "check-dockerfile: $dockerfile: $problems problem(s)" >&2
    exit 1
fi
echo "check-dockerfile: $dockerfile: $n stages (${stage_images[*]}), COPY --from and context sources resolved, runtime user $final_user"
$simulate || exit 0

# ---- the build stage acted out: its context files only, its Maven command, offline
ctx=$work/build$build_workdir
mkdir -p "$ctx"
for copy in ${build_copies[@]+"${build_copies[@]}"}; do
    src=${copy% *}
    dest=${copy##* }
    [[ $dest == /* ]] || dest=$build_workdir/$dest
    dest=$work/build$dest
    if [[ -d $src ]]; then
        mkdir -p "$dest" && cp -R "$src"/. "$dest"/
    elif [[ $dest == */ || -d $dest ]]; then
        mkdir -p "$dest" && cp "$src" "$dest"/
    else
        mkdir -p "$(dirname "$dest")" && cp "$src" "$dest"
    fi
done
read -r -a mvn_cmd <<<"$build_mvn"
echo "check-dockerfile: acting out the build stage: ${mvn_cmd[*]} -o in a copy of its context"
if ! (cd "$ctx" && "${mvn_cmd[@]}" -o) >"$work/build.log" 2>&1; then
    tail -40 "$work/build.log" >&2
    echo "check-dockerfile: the build stage's Maven command failed on the files its COPY instructions take" >&2
    exit 1
fi
tarballs=("$ctx"/target/pgswap-*.tar.gz)
[[ -f ${tarballs[0]} ]] || { echo "check-dockerfile: the build stage made no target/pgswap-*.tar.gz" >&2; exit 1; }
# the runtime stage's steps, in a temporary /opt/pgswap
opt=$work/opt/pgswap
mkdir -p "$opt"
tar -xzf "${tarballs[0]}" -C "$opt" --strip-components=1
PGSWAP_CDS=dump "$opt/bin/pgswap" 2>/dev/null || echo "check-dockerfile: (no class-data-sharing archive made)"
version=$(PATH=$opt/bin:$PATH pgswap --version)
echo "check-dockerfile: build stage made ${tarballs[0]##*/}; unpacked like the runtime stage, it says '$version'"
