#!/bin/sh
# make demo's release half: rel-check, rel-changelog release, rel-tag
# --push on the example project, its remote and the GitHub stand-in.
. "$(dirname "$0")/lib.sh"

mkdir "$TMP/tmpdir"
TMPDIR=$TMP/tmpdir run sh "$TOP/tests/example/demo.sh"
is "$rc" 0 "demo exits 0"
like "$out" "rel-check: pass ci: green for [0-9a-f]{8} on 'example/widget'" "CI asked of the stand-in"
like "$out" "rel-check: ready to release 'v0\.3\.0'" "rel-check passes"
like "$out" "rename --colour to --color" "the new changelog entry shown"
like "$out" "rel-tag: pushed refs/heads/main and refs/tags/v0\.3\.0 to 'origin'" "rel-tag pushed"
like "$out" "tag refs/tags/v0\.3\.0" "the remote has the annotated tag"
like "$out" "== git describe: v0\.3\.0" "git describe finds it"
like "$out" "== rel-gitlog's next base: v0\.3\.0" "rel-gitlog starts from it"
is "$err" "" "quiet on stderr"
is "$(ls "$TMP/tmpdir")" "" "the temporary directory is removed"
pgrep -f "$TMP/tmpdir" >/dev/null
is "$?" 1 "the CI stand-in is stopped"
done_testing
