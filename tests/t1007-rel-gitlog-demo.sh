#!/bin/sh
# make demo's script runs and reports a next version.
. "$(dirname "$0")/lib.sh"

mkdir "$TMP/tmpdir"
TMPDIR=$TMP/tmpdir run sh "$TOP/tests/example/demo.sh"
is "$rc" 0 "demo exits 0"
like "$out" '"schema": "rel-gitlog/1"' "demo shows rel-gitlog's document"
like "$out" "== next version: 0\.3\.0 \(a minor bump from 0\.2\.0\)" "demo prints the next version"
like "$out" "== 5 commits since v0\.2\.0 " "demo prints what was counted"
is "$err" "" "demo is quiet on stderr"
is "$(ls "$TMP/tmpdir")" "" "demo removes its temporary directory"
done_testing
