#!/bin/sh
# rel-gitlog: merge commits are left out unless --merges; the commits of
# a merged branch are listed once.
. "$(dirname "$0")/lib.sh"

R=$TMP/r
new_repo "$R"
commit "chore: start" "$R"
git -C "$R" tag v1.0.0
git -C "$R" checkout -q -b topic
commit "feat: on the topic" "$R"
commit "fix: topic fix" "$R"
git -C "$R" checkout -q main
commit "fix: on main" "$R"
tick
git -C "$R" merge -q --no-ff -m "Merge branch 'topic'" topic
commit "docs: after the merge" "$R"

run rel-gitlog -C "$R"
is "$rc" 0 "exit 0"
is "$(jqr '.commits | length')" 4 "merge commit left out by default"
is "$(jqr '[.commits[].merge] | any')" false "no merge listed"
is "$(jqr '[.commits[].header] | sort | join(",")')" \
	"docs: after the merge,feat: on the topic,fix: on main,fix: topic fix" \
	"both sides of the merge, each once"
is "$(jqr '.summary | "\(.count) \(.unconventional) \(.next)"')" "4 0 1.1.0" "summary without the merge"

run rel-gitlog -C "$R" --merges
is "$(jqr '.commits | length')" 5 "--merges lists the merge"
is "$(jqr '[.commits[] | select(.merge)] | length')" 1 "one merge"
is "$(jqr '.commits[] | select(.merge) | .header')" "Merge branch 'topic'" "its header"
is "$(jqr '.commits[] | select(.merge) | .conventional')" false "not conventional"
is "$(jqr '.summary | "\(.count) \(.unconventional)"')" "5 1" "--merges: counted"
is "$(jqr '[.commits[].id] | join(" ")')" "$(git -C "$R" log --format=%H v1.0.0..HEAD | tr '\n' ' ' | sed 's/ $//')" \
	"same commits and order as git log"

# A release on the merged branch is an ancestor of HEAD.
git -C "$R" tag v1.1.0 topic
run rel-gitlog -C "$R"
is "$(jqr .from.tag)" v1.1.0 "tag on a merged branch is an ancestor"
is "$(jqr '[.commits[].header] | join(",")')" "docs: after the merge,fix: on main" \
	"only what the tagged branch did not have"
done_testing
