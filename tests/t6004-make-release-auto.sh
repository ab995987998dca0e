#!/bin/sh
# make release VERSION=auto: the version rel-gitlog --next gives, shown
# before anything is done and in the confirmation; none stops the recipe.
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/lib-release.sh"

P=$TMP/p
new_project "$P"
printf 'include %s/release.mk\n' "$TOP" >"$P/Makefile"
git -C "$P" add Makefile
commit "build: release with release.mk" "$P"
git -C "$P" push -q origin main
export RELTOOLS_BIN="$TOP/bin" RELEASE_CHECK_FLAGS=--no-ci
mk() { run make -s -C "$P" "$@"; }

mk release-check VERSION=auto
is "$rc" 0 "release-check VERSION=auto: exit 0"
like "$err" "rel-gitlog: 2 commits in the whole history, next 0.1.0 \(minor\)" \
	"release-check VERSION=auto: how the version was reached"
like "$err" "rel-check: ready to release 'v0.1.0'" "release-check VERSION=auto: checked 0.1.0"

mk release VERSION=auto YES=1
is "$rc" 0 "release VERSION=auto: exit 0"
like "$err" "next 0.1.0" "release VERSION=auto: the version said"
is "$(git -C "$P" log -1 --format=%s)" "release: v0.1.0" "release VERSION=auto: release commit"
is "$(git -C "$P.git" cat-file -t v0.1.0)" tag "release VERSION=auto: the tag pushed"
like "$(sed -n '/^## \[0/p' "$P/CHANGELOG.md")" "^## \[0\.1\.0\] - " "release VERSION=auto: the changelog's heading"

# Nothing since: the recipe stops before anything is done.
before=$(refs "$P"; refs "$P.git"; cksum <"$P/CHANGELOG.md")
for t in release-check release release-dry-run; do
	mk "$t" VERSION=auto YES=1
	is "$rc" 2 "$t VERSION=auto, nothing to release: make fails"
	like "$err" "rel-gitlog: no next version: nothing to release" \
		"$t VERSION=auto, nothing to release: said"
	unlike "$err" "rel-check" "$t VERSION=auto, nothing to release: stopped first"
done
is "$(refs "$P"; refs "$P.git"; cksum <"$P/CHANGELOG.md")" "$before" \
	"nothing to release: nothing changed"

commit "feat(knob): add a knob" "$P"
git -C "$P" push -q origin main
before=$(refs "$P"; refs "$P.git"; cksum <"$P/CHANGELOG.md")
mk release-dry-run VERSION=auto
is "$rc" 0 "release-dry-run VERSION=auto: exit 0"
like "$out" "commit CHANGELOG.md as 'release: v0.2.0'" "release-dry-run VERSION=auto: 0.2.0 planned"
like "$out" "Add a knob" "release-dry-run VERSION=auto: the entry shown"

mk release-finish VERSION=auto
is "$rc" 2 "release-finish VERSION=auto: refused"
like "$err" "release-finish: VERSION=auto starts a release: give the version the release stopped at" \
	"release-finish VERSION=auto: said"
mk release
like "$err" "say which version: make release VERSION=X.Y.Z \(or VERSION=auto\)" \
	"no VERSION: auto suggested"
is "$(refs "$P"; refs "$P.git"; cksum <"$P/CHANGELOG.md")" "$before" \
	"dry run and refusals: nothing changed"

# The confirmation names the version it resolved to.
if command -v script >/dev/null 2>&1; then
	printf 'n\n' | script -qec "make -s -C '$P' release VERSION=auto" /dev/null >"$TMP/tty.out" 2>&1
	like "$(cat "$TMP/tty.out")" "commit, tag v0.2.0 \(VERSION=auto\) and push to origin\? \[y/N\]" \
		"terminal: the resolved version in the question"
	like "$(cat "$TMP/tty.out")" "not confirmed" "terminal, answer n: refused"
	is "$(refs "$P"; refs "$P.git"; cksum <"$P/CHANGELOG.md")" "$before" \
		"terminal, answer n: nothing changed"
else
	for i in 1 2 3; do ok 0 "# SKIP script(1) not installed"; done
fi

# One package of a monorepo: its own commits and tags.
mkdir -p "$P/pkg"
echo 1 >"$P/pkg/f"
git -C "$P" add pkg
commit "fix(pkg): mend the package" "$P"
git -C "$P" push -q origin main
mk release-check VERSION=auto PACKAGE_DIR=pkg TAG_PREFIX=pkg-v CHANGELOG=pkg/CHANGELOG.md
like "$err" "rel-gitlog: 1 commit in the whole history, next 0.1.0 \(minor\)" \
	"PACKAGE_DIR: the package's commits and tags"
done_testing
