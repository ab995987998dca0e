#!/bin/sh
# rel-gitlog: every error has its own message and exit status, and
# stdout holds nothing or a whole document.
. "$(dirname "$0")/lib.sh"

R=$TMP/r
history "$R" "feat: a" +v1.0.0 "fix: b"

mkdir "$TMP/plain"
run rel-gitlog -C "$TMP/plain"
is "$rc" 2 "not a repository: exit 2"
is "$err" "rel-gitlog: '$TMP/plain' is not a git repository" "not a repository: message"
is "$out" "" "not a repository: nothing on stdout"

run rel-gitlog -C "$TMP/no/such/dir"
is "$rc" 2 "missing directory: exit 2"
like "$err" "^rel-gitlog: '$TMP/no/such/dir' is not a git repository$" "missing directory: message"

run rel-gitlog -C "$R" --to nosuch
is "$rc" 2 "unknown --to: exit 2"
is "$err" "rel-gitlog: unknown revision 'nosuch'" "unknown --to: message"
is "$out" "" "unknown --to: nothing on stdout"
run rel-gitlog -C "$R" --from v9.9.9
is "$rc" 2 "unknown --from: exit 2"
is "$err" "rel-gitlog: unknown revision 'v9.9.9'" "unknown --from: message"
run rel-gitlog -C "$R" --to 'HEAD^{tree}'
is "$rc" 2 "--to a tree: exit 2"
is "$err" "rel-gitlog: revision 'HEAD^{tree}' is not a commit" "--to a tree: message"

new_repo "$TMP/unborn"
run rel-gitlog -C "$TMP/unborn"
is "$rc" 3 "unborn HEAD: exit 3"
is "$err" "rel-gitlog: 'HEAD' has no commits yet: branch 'main' is unborn" "unborn HEAD: message"
is "$out" "" "unborn HEAD: nothing on stdout"

git clone -q --depth 1 "file://$R" "$TMP/shallow" 2>/dev/null
run rel-gitlog -C "$TMP/shallow"
is "$rc" 3 "shallow clone: exit 3"
like "$err" "^rel-gitlog: '.*shallow/?' is a shallow clone and its history is incomplete: run 'git fetch --unshallow' first$" \
	"shallow clone: message says how to fix it"
is "$out" "" "shallow clone: nothing on stdout"

run rel-gitlog -C "$R" --pre 01
is "$rc" 2 "bad --pre: exit 2"
like "$err" "^rel-gitlog: '01' is not a pre-release identifier" "bad --pre: message"
unlike "$err" "usage:" "bad --pre: the error alone, no usage"
run rel-gitlog -C "$R" --pre ''
is "$rc" 2 "empty --pre: exit 2"
run rel-gitlog -C "$R" extra
is "$rc" 2 "extra argument: exit 2"
like "$err" "^rel-gitlog: unexpected argument 'extra'" "extra argument: message"
run rel-gitlog -C "$R" --from
is "$rc" 2 "--from without a value: exit 2"
like "$err" "^rel-gitlog: option '--from' needs a value" "--from without a value: message"

# A write error on stdout.
if [ -w /dev/full ]; then
	rel-gitlog -C "$R" >/dev/full 2>"$TMP/full.err"
	is "$?" 3 "write error: exit 3"
	like "$(cat "$TMP/full.err")" "^rel-gitlog: cannot write the output: " "write error: message"
fi

# An object missing in the middle of the walk: the document stays whole.
M=$TMP/missing
new_repo "$M"
for i in 1 2 3 4 5; do
	commit "fix: change $i" "$M"
done
gone=$(git -C "$M" rev-parse HEAD~2)
rm "$M/.git/objects/$(echo "$gone" | cut -c1-2)/$(echo "$gone" | cut -c3-)"
run rel-gitlog -C "$M"
is "$rc" 3 "missing object: exit 3"
is "$(printf '%s' "$out" | jq -e . >/dev/null 2>&1; echo $?)" 0 "missing object: stdout is one whole JSON document"
is "$(jqr '[keys_unsorted[]] | join(",")')" "schema,from,to,ignored_tags,other_prefix,commits,ok,error" \
	"missing object: ok and error instead of summary"
is "$(jqr .ok)" false "missing object: ok false"
like "$(jqr .error)" "$gone" "missing object: error names it"
is "$(jqr '[.commits[].header] | join(",")')" "fix: change 5" "commits walked before the failure are kept"
like "$err" "^rel-gitlog: cannot walk the history: .*$gone" "missing object: message on stderr"
done_testing
