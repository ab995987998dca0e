#!/bin/sh
# rel-gitlog: reverts are marked; a revert and its commit, both in the
# range, count for neither.
. "$(dirname "$0")/lib.sh"

# change MSG DIR: a commit that changes a file, so git revert has work.
change() {
	echo "$1" >>"$2/file"
	git -C "$2" add file
	commit "$1" "$2"
}

R=$TMP/r
new_repo "$R"
commit "feat: old feature" "$R"
old=$(git -C "$R" rev-parse HEAD)
git -C "$R" tag v1.0.0
commit "fix: small fix" "$R"
change "feat!: risky change" "$R"
risky=$(git -C "$R" rev-parse HEAD)
tick
git -C "$R" revert --no-edit HEAD >/dev/null

run rel-gitlog -C "$R"
c='.commits[0]'
is "$(jqr "$c.header")" 'Revert "feat!: risky change"' "git revert header"
is "$(jqr "$c.revert")" true "git revert marked"
is "$(jqr "$c.reverts")" "$risky" "reverts: the full id from git's line"
is "$(jqr "$c.conventional")" false "git's revert header is not conventional"
is "$(jqr '.summary | "\(.count) \(.breaking) \(.bump) \(.next)"')" "3 1 patch 1.0.1" \
	"revert and reverted both in range: the breaking change does not count"
revert=$(git -C "$R" rev-parse HEAD)
verdicts() { jqr '.commits[] | [.bump, .cancels, .cancelled_by] | map(tostring) | join(" ")'; }
is "$(verdicts)" "none $risky null
none null $revert
patch null null" "verdicts: the pair cancels, naming each other; the fix calls for patch"
is "$(jqr '[.commits[].id] | join(" ")')" "$(git -C "$R" log --format=%H v1.0.0.. | tr '\n' ' ' | sed 's/ $//')" \
	"a revert held for its verdict keeps the walk's order"

# A revert of a commit before the range counts as itself.
commit "revert: old feature

Refs: ${old%????????????????????????????????}" "$R"
run rel-gitlog -C "$R"
c='.commits[0]'
is "$(jqr "$c | [.type, .revert, .reverts] | map(tostring) | join(\" \")")" \
	"revert true ${old%????????????????????????????????}" "revert: type with a Refs id prefix"
is "$(jqr '.summary | "\(.count) \(.bump) \(.next)"')" "4 patch 1.0.1" \
	"revert of a commit outside the range: a patch"
is "$(jqr '.commits[0] | [.bump, .cancels, .cancelled_by] | map(tostring) | join(" ")')" \
	"patch null null" "revert of a commit outside the range: cancels nothing"
is "$(jqr '[.commits[].id] | join(" ")')" "$(git -C "$R" log --format=%H v1.0.0.. | tr '\n' ' ' | sed 's/ $//')" \
	"a revert that cancels nothing holds the rest, in order"

# Revert by header, no id: the revert: type's description names the header.
H=$TMP/header
history "$H" "chore: start" +v2.0.0 "feat(ui): dark mode" \
	"revert: feat(ui): dark mode"
run rel-gitlog -C "$H"
is "$(jqr '.commits[0] | [.revert, .reverts] | map(tostring) | join(" ")')" "true null" "revert without id"
is "$(jqr '.summary | "\(.count) \(.bump) \(.next)"')" "2 none null" \
	"only a revert pair: nothing counts, next null"
is "$err" "rel-gitlog: 2 commits since 'v2.0.0', all reverted in pairs: nothing to release" \
	"only a revert pair: progress says so"
commit "fix: real fix" "$H"
run rel-gitlog -C "$H"
is "$(jqr '.summary | "\(.count) \(.bump) \(.next)"')" "3 patch 2.0.1" "the pair cancels, the fix counts"

# git's Revert "<header>" without the id line matches by header.
commit 'feat: shiny' "$H"
commit 'Revert "feat: shiny"

It broke the build.' "$H"
run rel-gitlog -C "$H"
is "$(jqr '.commits[0] | [.revert, .reverts] | map(tostring) | join(" ")')" "true null" \
	"git-style revert without id"
is "$(jqr '.summary | "\(.bump) \(.next)"')" "patch 2.0.1" "matched by header: feat does not count"

# Reverting the revert: the pair of reverts cancels, the feature counts.
# git before 2.43 names it Revert "Revert ...", later Reapply "...".
V=$TMP/revrev
history "$V" "chore: start" +v3.0.0
change "feat: comeback" "$V"
tick
git -C "$V" revert --no-edit HEAD >/dev/null
git -C "$V" branch reapply
commit 'Revert "Revert "feat: comeback""

This reverts commit '"$(git -C "$V" rev-parse HEAD)". "$V"
run rel-gitlog -C "$V"
is "$(jqr '[.commits[].revert] | map(tostring) | join(" ")')" "true true false" "two reverts marked"
is "$(jqr '.summary | "\(.bump) \(.next)"')" "minor 3.1.0" "revert of a revert: the feature counts"
is "$(verdicts)" "none $(git -C "$V" rev-parse HEAD~1) null
none null $(git -C "$V" rev-parse HEAD)
minor null null" "revert of a revert: the reverts cancel, the feature calls for minor"

P=$TMP/reapply
git clone -q -b reapply "$V" "$P"
commit 'Reapply "feat: comeback"

This reverts commit '"$(git -C "$P" rev-parse HEAD)". "$P"
run rel-gitlog -C "$P"
is "$(jqr '.commits[0] | [.revert, .reverts] | map(tostring) | join(" ")')" \
	"true $(git -C "$P" rev-parse HEAD~1)" "git's Reapply is a revert of the revert"
is "$(jqr '.summary | "\(.bump) \(.next)"')" "minor 3.1.0" "Reapply: the feature counts"
commit 'Revert "feat: comeback"' "$P"
commit 'Reapply "feat: comeback"' "$P"
run rel-gitlog -C "$P"
is "$(jqr '.summary | "\(.bump) \(.next)"')" "minor 3.1.0" \
	"Reapply without an id matches its revert by header"

# A revert whose id matches nothing in range, and a short id prefix.
commit "revert: something else

This reverts commit 0123456789abcdef0123456789abcdef01234567." "$V"
run rel-gitlog -C "$V"
is "$(jqr '.commits[0].reverts')" 0123456789abcdef0123456789abcdef01234567 "unmatched revert id kept"
is "$(jqr '.summary | "\(.bump) \(.next)"')" "minor 3.1.0" "unmatched revert counts as a patch"
done_testing
