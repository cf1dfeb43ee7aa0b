#!/usr/bin/env bash
# Layering guard: dependencies only run down the pipeline.
#
# Usage: layering.sh [ROOT]    check ROOT/src and ROOT/include (default: the
#                              source tree this script is in)
#        layering.sh --self-test
#
# Every file under src/<stage>/ and include/<stage>/ may include headers of
# its own stage and of earlier ones, in this order:
#   base pdf manifest import inspect check paginate typeset assemble export serve cli
# import is a branch off manifest (collate init): the main pipeline, from
# inspect to assemble, does not include it.  A quoted include without a
# folder ("internal.h") is the stage's own; "config.h" is generated.  A
# folder that is not a stage is an error, so a new stage must be placed in
# the order here.  Prints each violation as FILE:LINE: message; exits 1 if
# there is any.
set -u
export LC_ALL=C

STAGES=(base pdf manifest import inspect check paginate typeset assemble export serve cli)

check_tree() {
    local root=$1
    if [ ! -d "$root/src" ] || [ ! -d "$root/include" ]; then
        echo "$root: no src/ and include/ folders"
        return 1
    fi
    (
        cd "$root" || exit 1
        files=$(find src include -type f \( -name '*.c' -o -name '*.h' -o -name '*.h.in' \) | sort)
        # One record per file (so a file without includes is still placed),
        # then one per quoted include.
        printf '%s:0:\n' $files
        grep -nHE '^[[:space:]]*#[[:space:]]*include[[:space:]]*"' $files
    ) |
        awk -v stages="${STAGES[*]}" '
        BEGIN {
            n = split(stages, s, " ")
            for (i = 1; i <= n; i++)
                rank[s[i]] = i
            bad = 0
        }
        {
            file = $0; sub(/:.*/, "", file)
            rest = substr($0, length(file) + 2)
            line = rest; sub(/:.*/, "", line)
            inc = substr(rest, length(line) + 2)
            if (split(file, parts, "/") < 3)
                next                       # include/config.h.in
            stage = parts[2]
            if (!(stage in rank)) {
                if (line == 0)
                    print file ": \047" stage "\047 is not a pipeline stage"
                bad = 1
                next
            }
            if (line == 0)
                next
            target = inc
            sub(/^[^"]*"/, "", target); sub(/".*/, "", target)
            if (target !~ /\//)
                next                       # own folder, or config.h
            to = target; sub(/\/.*/, "", to)
            if (!(to in rank)) {
                print file ":" line ": includes \"" target "\": \047" to "\047 is not a pipeline stage"
                bad = 1
            } else if (rank[to] > rank[stage]) {
                print file ":" line ": " stage " includes \"" target "\" of a later stage"
                bad = 1
            } else if (to == "import" && rank[stage] >= rank["inspect"] && rank[stage] < rank["export"]) {
                print file ":" line ": " stage " includes \"" target "\": import is a branch off the pipeline"
                bad = 1
            }
        }
        END { exit bad }'
}

self_test() {
    local out
    tmp=$(mktemp -d) || exit 1
    trap 'rm -rf "$tmp"' EXIT
    mkdir -p "$tmp/src/check" "$tmp/src/cli" "$tmp/src/typeset" "$tmp/src/extra" "$tmp/include/check"
    printf '#include "check/check.h"\n#include "manifest/manifest.h"\n#include "base/util.h"\n' >"$tmp/src/check/ok.c"
    printf '#include "paginate/volume.h"\n#include "internal.h"\n#include "config.h"\n' >"$tmp/src/check/bad.c"
    printf '  # include "paginate/names.h" /* later */\n' >"$tmp/include/check/bad.h"
    printf '#include "import/importer.h"\n' >"$tmp/src/typeset/branch.c"
    printf '#include "assemble/assemble.h"\n#include "import/importer.h"\n#include "serve/x.h"\n' >"$tmp/src/cli/ok.c"
    printf '#include "base/util.h"\n' >"$tmp/src/extra/x.c"
    out=$(check_tree "$tmp")
    if [ $? -eq 0 ]; then
        echo "self-test: violations not reported"
        exit 1
    fi
    local want=(
        "include/check/bad.h:1: check includes \"paginate/names.h\" of a later stage"
        "src/check/bad.c:1: check includes \"paginate/volume.h\" of a later stage"
        "src/extra/x.c: 'extra' is not a pipeline stage"
        "src/typeset/branch.c:1: typeset includes \"import/importer.h\": import is a branch off the pipeline"
    )
    local expected
    expected=$(printf '%s\n' "${want[@]}")
    out=$(sort <<<"$out")
    if [ "$out" != "$expected" ]; then
        printf 'self-test: got\n%s\nwant\n%s\n' "$out" "$expected"
        exit 1
    fi
    echo "self-test passed"
}

if [ "${1:-}" = "--self-test" ]; then
    self_test
    exit 0
fi
root=${1:-$(cd "$(dirname "$0")/.." && pwd)}
if ! check_tree "$root"; then
    echo "layering: includes must not reach a later stage (see tests/layering.sh)"
    exit 1
fi
echo "layering: ok"
