#!/bin/sh
# rel-gitlog decides what each commit calls for and which reverts cancel
# (bump, cancels, cancelled_by); rel-changelog release and rel-check read
# those verdicts. Fed the same histories, the three tools agree.
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/lib-release.sh"

# project NAME BASE ITEM...: new_project $TMP/NAME tagged BASE, then the
# commits ITEM... (history's items); the rel-gitlog document in $TMP/NAME.json.
project() {
	_p=$TMP/$1
	new_project "$_p"
	git -C "$_p" tag "$2"
	shift 2
	history "$_p" "$@"
	git -C "$_p" push -q origin main
	rel-gitlog -q -C "$_p" >"$_p.json"
}

# gitlog FILTER: jq -r over the rel-gitlog document of $P.
gitlog() { jq -r "$1" "$P.json"; }

# agree NAME VERSION LEVEL: rel-changelog and rel-check agree with
# rel-gitlog on the history of $TMP/NAME, released as VERSION, a LEVEL
# (patch, minor) increment below what the commits call for: rel-check
# names the commits that call for more than LEVEL.
agree() {
	P=$TMP/$1
	run rel-changelog release -r "$2" --date 2026-02-01 \
		--gitlog "$P.json" "$P/CHANGELOG.md"
	notes=$out
	for c in $(gitlog '.commits[] | select(.cancels != null or .cancelled_by != null) | .short'); do
		unlike "$notes" "$c" "$1: rel-changelog leaves out $c, cancelled by rel-gitlog"
	done
	for c in $(gitlog '.commits[] | select(.cancels == null and .cancelled_by == null and (.type == "feat" or .type == "fix")) | .short'); do
		like "$notes" "\\($c\\)" "$1: rel-changelog lists $c, that rel-gitlog counts"
	done
	run rel-check -C "$P" --no-ci --no-fetch -r "$2"
	want=$(gitlog '["none", "patch", "minor", "major"] as $l |
		[.commits[] | select(.bump as $b | ($l | index($b)) > ($l | index("'"$3"'")))
		| "\(.short) \(.header)"] | join(", ")')
	is "$(check version-bump)" \
		"warn the commits call for $(gitlog .summary.next) ($(gitlog .summary.bump)): $want" \
		"$1: rel-check names the commits rel-gitlog says call for more"
}

# The issue's case: git's Revert "<header>" without its "This reverts
# commit" line cancels the feat, for all three.
project shiny v1.0.0 "fix: keep me" "feat: shiny" 'Revert "feat: shiny"'
P=$TMP/shiny
is "$(gitlog '.commits[] | [.header, .bump] | join(" ")')" 'Revert "feat: shiny" none
feat: shiny none
fix: keep me patch' "shiny: rel-gitlog's verdicts"
is "$(gitlog .summary.bump)" patch "shiny: rel-gitlog calls for a patch"
run rel-changelog release -r 1.0.1 --date 2026-02-01 --gitlog "$P.json" "$P/CHANGELOG.md"
is "$rc" 0 "shiny: rel-changelog releases"
unlike "$out" "[Ss]hiny" "shiny: the cancelled feat is not listed"
like "$out" "- Keep me \\([0-9a-f]{7}\\)" "shiny: the fix is listed"
run rel-check -C "$P" --no-ci --no-fetch -r 1.0.1
is "$(check version-bump)" "pass the commits call for 1.0.1 (patch)" \
	"shiny: rel-check takes the cancelled feat as cancelled"

# Reapply: git's revert of a revert, matched by header; a feat stays.
project reapply v2.0.0 "feat: comeback" 'Revert "feat: comeback"' \
	'Reapply "feat: comeback"' "fix: tidy"
agree reapply 2.0.1 patch

# A revert of a revert, by ids: the two reverts cancel, the feat counts.
P=$TMP/revrev
new_project "$P"
git -C "$P" tag v3.0.0
commit "feat: x marks" "$P"
x=$(git -C "$P" rev-parse HEAD)
commit "Revert \"feat: x marks\"

This reverts commit $x." "$P"
r1=$(git -C "$P" rev-parse HEAD)
commit "Revert \"Revert \"feat: x marks\"\"

This reverts commit $r1." "$P"
git -C "$P" push -q origin main
rel-gitlog -q -C "$P" >"$P.json"
is "$(gitlog '.commits[] | [.bump, .cancels, .cancelled_by] | map(tostring) | join(" ")')" \
	"none $r1 null
none null $(git -C "$P" rev-parse HEAD)
minor null null" "revrev: rel-gitlog's verdicts"
agree revrev 3.0.1 patch

# Breaking changes before 1.0.0 call for minor, and a breaking change
# reverted by a "revert:" commit's description calls for nothing.
project zero v0.4.0 "feat!: drop the old API" "fix: wobble" \
	"feat(ui)!: new look" "revert: feat(ui)!: new look"
P=$TMP/zero
is "$(gitlog '[.commits[].bump] | join(" ")')" "none none patch minor" \
	"zero: breaking below 1.0.0 calls for minor, the reverted pair for none"
agree zero 0.4.1 patch

# From 1.0.0 a breaking change calls for major.
project one v1.0.0 "feat!: drop the pipes" "feat: add a knob"
P=$TMP/one
is "$(gitlog '[.commits[].bump] | join(" ")')" "minor major" "one: breaking calls for major"
agree one 1.1.0 minor

done_testing
