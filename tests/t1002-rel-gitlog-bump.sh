#!/bin/sh
# rel-gitlog: the next version by the bump rules, and --pre.
. "$(dirname "$0")/lib.sh"

# next_after TAG MSG...: a repository with release TAG and then commits
# MSG..., rel-gitlog run over it.
n=0
next_after() {
	n=$((n + 1))
	_r=$TMP/r$n
	_tag=$1
	shift
	history "$_r" "chore: start" "+$_tag" "$@"
	run rel-gitlog -C "$_r"
}

next_after v1.2.3 "fix: a" "docs: b"
is "$(jqr '.summary | "\(.current) \(.bump) \(.next)"')" "1.2.3 patch 1.2.4" "fix: patch"
next_after v1.2.3 "docs: a" "Just some words"
is "$(jqr '.summary | "\(.bump) \(.next)"')" "patch 1.2.4" "anything else: patch"
next_after v1.2.3 "fix: a" "feat: b"
is "$(jqr '.summary | "\(.bump) \(.next)"')" "minor 1.3.0" "feat: minor"
next_after v1.2.3 "feat: a" "fix!: b"
is "$(jqr '.summary | "\(.bump) \(.next)"')" "major 2.0.0" "! : major"
next_after v1.2.3 "refactor: a

BREAKING-CHANGE: the config moved"
is "$(jqr '.summary | "\(.bump) \(.next)"')" "major 2.0.0" "BREAKING-CHANGE footer: major"
# git strips the blank after "BREAKING CHANGE: " when the text is on the
# next lines: still breaking, the text its value.
next_after v1.2.3 "fix: a

BREAKING CHANGE:
the config moved
to ~/.config" "feat: b

intro

BREAKING-CHANGE:

old calls are gone"
is "$(jqr '.summary | "\(.bump) \(.next)"')" "major 2.0.0" "empty BREAKING CHANGE: line: major"
is "$(jqr '[.commits[] | [.breaking, .footers[0].token, .footers[0].value] | @json] | join(" ")')" \
	'[true,"BREAKING-CHANGE","old calls are gone"] [true,"BREAKING CHANGE","the config moved\nto ~/.config"]' \
	"the text on the next lines is the value"
next_after v1.2.3 "fix: a

BREAKING CHANGE:"
is "$(jqr '.summary | "\(.bump) \(.next)"')" "patch 1.2.4" "BREAKING CHANGE: with no text: not breaking"
next_after v0.4.1 "feat!: a" "fix: b"
is "$(jqr '.summary | "\(.bump) \(.next)"')" "minor 0.5.0" "breaking below 1.0.0: minor"
next_after v0.4.1 "fix: b"
is "$(jqr '.summary | "\(.bump) \(.next)"')" "patch 0.4.2" "fix below 1.0.0: patch"
next_after v1.2.3 "FEAT: shouting"
is "$(jqr '.summary | "\(.bump) \(.next)"')" "minor 1.3.0" "type compared without case"
next_after v1.2.3 "feat : not conventional"
is "$(jqr '.summary | "\(.bump) \(.next) \(.unconventional)"')" "patch 1.2.4 1" "not conventional: patch"
next_after v99999999999999999999.0.0 "feat!: huge"
is "$(jqr .summary.next)" "100000000000000000000.0.0" "versions beyond 64 bits"
next_after v1.2.3+build.7 "fix: a"
is "$(jqr '.summary | "\(.current) \(.next)"')" "1.2.3+build.7 1.2.4" "build metadata dropped from next"

# A pre-release announcing a higher core: 1.0.0-rc.2 over 0.9.0.
R=$TMP/announce
history "$R" "feat: a" +v0.9.0 "feat!: b" +v1.0.0-rc.2 "fix: c"
run rel-gitlog -C "$R"
is "$(jqr '.summary | "\(.current) \(.bump) \(.next)"')" "0.9.0 major 1.0.0" "announced core wins"
is "$(jqr '.commits | length')" 2 "commits since 0.9.0"

# --pre: CORE-ID.N.
run rel-gitlog -C "$R" --pre rc
is "$(jqr .summary.next)" 1.0.0-rc.3 "--pre rc after rc.2: rc.3"
run rel-gitlog -C "$R" --pre beta
is "$(jqr .summary.next)" 1.0.0-beta.1 "--pre beta: beta.1"
like "$err" "^rel-gitlog: warning: next version '1.0.0-beta.1' sorts below the existing tag 'v1.0.0-rc.2'$" \
	"--pre beta after rc.2: warned that it sorts below"
run rel-gitlog -C "$R" --pre rc
unlike "$err" "warning" "--pre rc after rc.2: no warning"
git -C "$R" tag v1.0.0-rc.10 HEAD~1
run rel-gitlog -C "$R" --pre rc
is "$(jqr .summary.next)" 1.0.0-rc.11 "numeric order: rc.10 then rc.11"
git -C "$R" checkout -q -b elsewhere HEAD~2
commit "fix: elsewhere" "$R"
git -C "$R" tag v1.0.0-rc.12
git -C "$R" checkout -q main
run rel-gitlog -C "$R" --pre rc
is "$(jqr .summary.next)" 1.0.0-rc.13 "--pre counts unreachable tags too: the name is taken"

next_after v1.2.3 "feat: a"
run rel-gitlog -C "$_r" --pre rc
is "$(jqr '.summary | "\(.bump) \(.next)"')" "minor 1.3.0-rc.1" "--pre rc on a new core: rc.1"
run rel-gitlog -C "$_r" --pre alpha.x
is "$(jqr .summary.next)" 1.3.0-alpha.x.1 "--pre with a dotted identifier"

# No earlier release but a pre-release: its core is next.
R=$TMP/only-pre
history "$R" "fix: a" +v1.0.0-beta.1 "fix: b"
run rel-gitlog -C "$R"
is "$(jqr '.summary | "\(.current) \(.bump) \(.next)"')" "null major 1.0.0" "first release announced by a pre-release"
is "$(jqr '.commits | length')" 2 "whole history without a final release"
done_testing
