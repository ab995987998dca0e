#!/bin/sh
# rel-gitlog: the shape of the document, every field of a commit, the
# summary, and a history without release tags.
. "$(dirname "$0")/lib.sh"

R=$TMP/r
new_repo "$R"
commit "chore: root commit" "$R"
commit "feat(api)!: drop the v1 endpoints

The v1 endpoints were deprecated a year ago.
They are gone now.

Fixes #12
Reviewed-by: Grace Hopper <grace@example.org>
BREAKING CHANGE: clients must call /v2
and update their tokens" "$R"
GIT_AUTHOR_NAME="Grace Hopper" GIT_AUTHOR_EMAIL=grace@example.org \
	commit "fix: handle empty input" "$R"
commit "Update README" "$R"

run rel-gitlog -C "$R"
is "$rc" 0 "exit status 0"
is "$(printf '%s\n' "$out" | wc -l | tr -d ' ')" 1 "compact: one line"
is "$(jqr '[keys_unsorted[]] | join(",")')" "schema,from,to,ignored_tags,other_prefix,commits,summary,ok" \
	"top-level keys in order"
is "$(jqr .schema)" "rel-gitlog/1" "schema"
is "$(jqr .ok)" true "ok"
is "$(jqr .from)" null "no release tag: from is null"
is "$(jqr '.to | [keys_unsorted[]] | join(",")')" "ref,commit" "to keys"
is "$(jqr .to.ref)" HEAD "to.ref"
is "$(jqr .to.commit)" "$(git -C "$R" rev-parse HEAD)" "to.commit"
is "$(jqr '.ignored_tags | length')" 0 "no ignored tags"
is "$(jqr '.commits | length')" 4 "whole history, root commit included"
is "$(jqr '.commits[3].header')" "chore: root commit" "root commit last"
is "$(jqr '[.commits[].id] | join(" ")')" "$(git -C "$R" log --format=%H | tr '\n' ' ' | sed 's/ $//')" \
	"newest first, as git log"
is "$(jqr '.commits[0] | [keys_unsorted[]] | join(",")')" \
	"id,short,author,date,header,type,scope,breaking,description,body,footers,conventional,merge,revert,reverts,bump,cancels,cancelled_by" \
	"commit keys in order"

# The breaking feature, field by field.
c='.commits[2]'
is "$(jqr "$c.id")" "$(git -C "$R" rev-parse HEAD~2)" "id"
is "$(jqr "$c.short")" "$(git -C "$R" rev-parse --short=7 HEAD~2)" "short: 7 digits"
is "$(jqr "$c.author | [.name, .email] | join(\" \")")" "Ada Lovelace ada@example.org" "author"
is "$(jqr "$c.date")" "2026-01-01T00:02:00Z" "author date in UTC"
is "$(jqr "$c.header")" "feat(api)!: drop the v1 endpoints" "header"
is "$(jqr "$c.type")" feat "type"
is "$(jqr "$c.scope")" api "scope"
is "$(jqr "$c.breaking")" true "breaking"
is "$(jqr "$c.description")" "drop the v1 endpoints" "description"
is "$(jqr "$c.body")" "The v1 endpoints were deprecated a year ago.
They are gone now." "body"
is "$(printf '%s' "$out" | jq -c "$c.footers")" \
	'[{"token":"Fixes","separator":"#","value":"12"},{"token":"Reviewed-by","separator":":","value":"Grace Hopper <grace@example.org>"},{"token":"BREAKING CHANGE","separator":":","value":"clients must call /v2\nand update their tokens"}]' \
	"footers, exact"
is "$(jqr "$c | [.conventional, .merge, .revert, .reverts] | map(tostring) | join(\" \")")" \
	"true false false null" "conventional, merge, revert, reverts"

# A commit that is not conventional is listed and counted.
c='.commits[0]'
is "$(jqr "$c | [.header, .type, .scope, .description, .body, .conventional, .breaking] | map(tostring) | join(\"|\")")" \
	"Update README|null|null|null|null|false|false" "non-conventional commit kept"
is "$(jqr "$c.footers | length")" 0 "no footers"

is "$(jqr '.summary | [keys_unsorted[]] | join(",")')" \
	"count,types,breaking,unconventional,contributors,current,bump,next" "summary keys in order"
is "$(jqr .summary.count)" 4 "count"
is "$(printf '%s' "$out" | jq -c .summary.types)" '{"chore":1,"feat":1,"fix":1}' "types"
is "$(jqr .summary.breaking)" 1 "breaking count"
is "$(jqr .summary.unconventional)" 1 "unconventional count"
is "$(printf '%s' "$out" | jq -c .summary.contributors)" \
	'[{"name":"Ada Lovelace","email":"ada@example.org","commits":3},{"name":"Grace Hopper","email":"grace@example.org","commits":1}]' \
	"contributors, most commits first"
is "$(jqr .summary.current)" null "no current release"
is "$(jqr .summary.next)" 0.1.0 "breaking change before any release: 0.1.0"
is "$(jqr .summary.bump)" minor "bump from 0.0.0"
like "$err" "^rel-gitlog: 4 commits in the whole history, next 0.1.0 \(minor\)$" "progress on stderr"

run rel-gitlog -q -C "$R"
is "$err" "" "-q silences progress"

run rel-gitlog -C "$R" --pretty
is "$(printf '%s\n' "$out" | sed -n 2p)" '  "schema": "rel-gitlog/1",' "--pretty indents"
is "$(printf '%s' "$out" | jq -c .)" "$(rel-gitlog -q -C "$R" | jq -c .)" "--pretty: same document"

# Only fixes before any release: still 0.1.0.
F=$TMP/fixes
new_repo "$F"
commit "fix: one" "$F"
commit "docs: two" "$F"
run rel-gitlog -C "$F"
is "$(jqr .summary.next)" 0.1.0 "first release is 0.1.0 even for fixes"

# core.abbrev sets the short id length.
git -C "$R" config core.abbrev 10
run rel-gitlog -C "$R"
is "$(jqr '.commits[0].short')" "$(git -C "$R" rev-parse --short=10 HEAD)" "core.abbrev honoured"

# -C a subdirectory finds the repository, as git -C does.
mkdir -p "$R/sub/dir"
run rel-gitlog -C "$R/sub/dir"
is "$rc" 0 "-C a subdirectory"
is "$(jqr '.commits | length')" 4 "same commits from a subdirectory"
done_testing
