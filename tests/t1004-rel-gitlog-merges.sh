#!/bin/sh
# rel-gitlog: merge commits are left out unless --merges; the commits of
# a merged branch are listed once.
. "$(dirname "$0")/lib.sh"

R=$TMP/r
history "$R" "chore: start" +v1.0.0
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
# Every commit in the same second (scripts, rebases): the walk cannot
# go by date, and must still leave out what the release has.
S=$TMP/same-second
new_repo "$S"
export GIT_AUTHOR_DATE="@1767225600 +0000" GIT_COMMITTER_DATE="@1767225600 +0000"
for m in "chore: root" "fix: fork point"; do
	git -C "$S" commit -q --allow-empty -m "$m"
done
git -C "$S" checkout -q -b side
git -C "$S" commit -q --allow-empty -m "feat: side work"
git -C "$S" checkout -q main
for m in "fix: h1" "fix: h2" "fix: h3"; do
	git -C "$S" commit -q --allow-empty -m "$m"
done
git -C "$S" tag v1.0.0
git -C "$S" merge -q --no-ff -m "Merge branch 'side'" side
run rel-gitlog -C "$S" --merges
is "$(jqr '[.commits[].header] | sort | join(",")')" "Merge branch 'side',feat: side work" \
	"same-second history: only what the release lacks"
is "$(jqr '[.commits[].id] | sort | join(" ")')" \
	"$(git -C "$S" log --format=%H v1.0.0..HEAD | sort | tr '\n' ' ' | sed 's/ $//')" \
	"same-second history: the commits of git log v1.0.0..HEAD"
done_testing
