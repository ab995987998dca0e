#!/bin/sh
# Our own project is the first input of our tools: its changelog lints,
# and its history reads as Conventional Commits.
. "$(dirname "$0")/lib.sh"

run rel-changelog lint "$TOP/CHANGELOG.md"
is "$rc" 0 "our CHANGELOG.md lints"
is "$(jqr '.errors + .warnings')" 0 "with no errors or warnings"

# The README names every variable release.mk takes from its user.
for v in $(sed -n 's/^\([A-Z_]*\) ?=.*/\1/p' "$TOP/release.mk"); do
	grep -qF "\`$v" "$TOP/README.md"
	ok $? "the README names release.mk's $v"
done

if [ "$(git -C "$TOP" rev-parse --is-shallow-repository 2>/dev/null)" != false ]; then
	ok 0 "# SKIP not a full git clone"
	ok 0 "# SKIP not a full git clone"
else
	run rel-gitlog -C "$TOP" -q
	is "$rc" 0 "rel-gitlog reads our own history"
	is "$(jqr '[.commits[] | select(.conventional | not) | .header] | join("; ")')" "" \
		"every commit subject of ours is a Conventional Commit"
fi
done_testing
