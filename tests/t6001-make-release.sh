#!/bin/sh
# make release, release-check, release-dry-run: release.mk included by a
# temporary project's Makefile, recipes run by make's /bin/sh (dash on
# Debian), everything read back with real git.
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/lib-release.sh"

P=$TMP/p
new_project "$P"
printf 'include %s/release.mk\n' "$TOP" >"$P/Makefile"
git -C "$P" add Makefile
commit "build: release with release.mk" "$P"
git -C "$P" push -q origin main
export RELTOOLS_BIN="$TOP/bin"
mk() { run make -s -C "$P" "$@"; }

unlike "$(cat "$TOP/release.mk")" "skip ci" "release.mk never says skip ci"

# Included first, the fragment leaves the project's default goal alone.
mkdir "$TMP/goal"
printf 'include %s/release.mk\nall:\n\t@echo built\n' "$TOP" >"$TMP/goal/Makefile"
run make -s -C "$TMP/goal"
is "$rc:$out" "0:built" "include release.mk first: a plain make still runs the project's first target"
printf 'all:\n\t@echo built\ninclude %s/release.mk\n' "$TOP" >"$TMP/goal/Makefile"
run make -s -C "$TMP/goal"
is "$rc:$out" "0:built" "include release.mk last: the same"
printf 'include %s/release.mk\n' "$TOP" >"$TMP/goal/Makefile"
run make -s -C "$TMP/goal"
unlike "$err" "rel-check|say which version" "release.mk alone: a plain make runs no release target"

# Installed, the fragment finds the tools in PREFIX/bin by itself.
mkdir -p "$TMP/prefix/share/reltools"
cp "$TOP/release.mk" "$TMP/prefix/share/reltools/"
ln -s "$TOP/bin" "$TMP/prefix/bin"
printf 'include %s/prefix/share/reltools/release.mk\n' "$TMP" >"$TMP/installed.mk"
run env -u RELTOOLS_BIN make -s -C "$P" -f "$TMP/installed.mk" release-check VERSION=0.1.0 RELEASE_CHECK_FLAGS=--no-ci
is "$rc" 0 "installed fragment: RELTOOLS_BIN defaults to PREFIX/bin"
like "$err" "rel-check: ready to release 'v0.1.0'" "installed fragment: rel-check ran"

# 0.1.0 with CI green on the GitHub stand-in.
sha=$(git -C "$P" rev-parse HEAD)
github_routes "$TMP/routes" "$sha" check-runs-green.json status-success.json
start_github "$TMP/routes"
mk release-check VERSION=0.1.0
is "$rc" 0 "release-check: exit 0"
like "$err" "rel-check: pass ci: green for" "release-check: CI asked"
like "$err" "rel-check: ready to release 'v0.1.0'" "release-check: ready"

mk release VERSION=0.1.0 YES=1
is "$rc" 0 "release 0.1.0: exit 0"
like "$out" "\+## \[0.1.0\] - [0-9]{4}-[0-9]{2}-[0-9]{2}" "release 0.1.0: the changelog diff shown"
head=$(git -C "$P" rev-parse HEAD)
is "$(git -C "$P" log -1 --format=%s)" "release: v0.1.0" "release 0.1.0: release commit"
is "$(git -C "$P" cat-file -t v0.1.0)" tag "release 0.1.0: annotated tag"
is "$(git -C "$P" rev-parse 'v0.1.0^{commit}')" "$head" "release 0.1.0: tag on the release commit"
is "$(git -C "$P.git" rev-parse main) $(git -C "$P.git" rev-parse v0.1.0)" \
	"$head $(git -C "$P" rev-parse v0.1.0)" "release 0.1.0: branch and tag on the remote"
is "$(git -C "$P" status --porcelain)" "" "release 0.1.0: clean work tree"
is "$(sed -n '/^## /p' "$P/CHANGELOG.md" | sed 's/ - [0-9-]*$//' | tr '\n' '|')" \
	"## [Unreleased]|## [0.1.0]|" "release 0.1.0: changelog headings"
like "$(cat "$P/CHANGELOG.md")" "- A widget that turns." "release 0.1.0: the hand-written item kept"
like "$(git -C "$P" for-each-ref --format='%(contents)' refs/tags/v0.1.0)" "A widget that turns" \
	"release 0.1.0: the notes in the tag"

# 0.2.0 with --no-ci through RELEASE_CHECK_FLAGS; items from the commits.
commit "feat(knob): add a knob" "$P"
commit "fix: stop the wobble" "$P"
git -C "$P" push -q origin main
mk release VERSION=0.2.0 YES=1 RELEASE_CHECK_FLAGS=--no-ci
is "$rc" 0 "release 0.2.0: exit 0"
like "$err" "rel-check: skip ci: --no-ci" "release 0.2.0: RELEASE_CHECK_FLAGS passed"
head=$(git -C "$P" rev-parse HEAD)
is "$(git -C "$P" describe)" v0.2.0 "release 0.2.0: git describe"
is "$(git -C "$P" cat-file -t v0.2.0)" tag "release 0.2.0: annotated tag"
is "$(git -C "$P.git" rev-parse main) $(git -C "$P.git" rev-parse v0.2.0)" \
	"$head $(git -C "$P" rev-parse v0.2.0)" "release 0.2.0: branch and tag on the remote"
is "$(git -C "$P.git" for-each-ref --format='%(refname)' refs/tags | tr '\n' ' ')" \
	"refs/tags/v0.1.0 refs/tags/v0.2.0 " "release 0.2.0: both tags on the remote"
is "$(sed -n '/^## /p' "$P/CHANGELOG.md" | sed 's/ - [0-9-]*$//' | tr '\n' '|')" \
	"## [Unreleased]|## [0.2.0]|## [0.1.0]|" "release 0.2.0: changelog headings"
entry=$(rel-changelog notes -r 0.2.0 "$P/CHANGELOG.md")
like "$entry" "### Added" "release 0.2.0: an Added section"
like "$entry" "\*\*knob:\*\* Add a knob" "release 0.2.0: the feat listed"
like "$entry" "Stop the wobble" "release 0.2.0: the fix listed"
is "$(git -C "$P" rev-list --count v0.1.0..v0.2.0)" 3 "release 0.2.0: two commits and the release commit"
run rel-gitlog -C "$P"
is "$(jqr .from.tag)" v0.2.0 "the new tag is rel-gitlog's base"

# A refusal: a failing check stops before anything is written.
before=$(refs "$P"; refs "$P.git"; cksum <"$P/CHANGELOG.md")
mk release VERSION=0.2.0 YES=1 RELEASE_CHECK_FLAGS=--no-ci
isnt_zero=$([ "$rc" -ne 0 ] && echo yes)
is "$isnt_zero" yes "a failing rel-check stops make release"
like "$err" "rel-check: fail tag-local" "the failed check shown"
is "$(refs "$P"; refs "$P.git"; cksum <"$P/CHANGELOG.md")" "$before" "nothing written"

mk release
is "$([ "$rc" -ne 0 ] && echo yes)" yes "no VERSION: non-zero"
like "$err" "release: say which version: make release VERSION=X.Y.Z" "no VERSION: said"

# release-dry-run: the entry and the plan; nothing changes.
commit "feat: add a lever" "$P"
git -C "$P" push -q origin main
before=$(refs "$P"; refs "$P.git"; cksum <"$P/CHANGELOG.md"; git -C "$P" status --porcelain)
mk release-dry-run VERSION=v0.3.0 RELEASE_CHECK_FLAGS=--no-ci
is "$rc" 0 "release-dry-run: exit 0"
unlike "$out" "vv0" "release-dry-run VERSION=v0.3.0: the version as the tools read it"
like "$out" "release-dry-run: the new entry of CHANGELOG.md:" "release-dry-run: the entry announced"
like "$out" "Add a lever" "release-dry-run: the entry shown"
like "$out" "commit CHANGELOG.md as 'release: v0.3.0'" "release-dry-run: the commit planned"
like "$out" "create the annotated tag 'v0.3.0'" "release-dry-run: the tag planned"
# The release commit is pushed too, though the remote has HEAD now.
like "$out" "push 'refs/heads/main' and 'refs/tags/v0.3.0' to 'origin'" \
	"release-dry-run: the branch and tag pushes planned"
unlike "$err" "rel-tag: would" "release-dry-run: not rel-tag's plan, made before the release commit"
is "$(refs "$P"; refs "$P.git"; cksum <"$P/CHANGELOG.md"; git -C "$P" status --porcelain)" "$before" \
	"release-dry-run: nothing changed"
git -C "$P" config tag.gpgSign true
mk release-dry-run VERSION=0.3.0 RELEASE_CHECK_FLAGS=--no-ci
is "$([ "$rc" -ne 0 ] && echo refused)" refused "release-dry-run: what rel-tag refuses fails it"
like "$err" "rel-tag: tag.gpgSign is set" "release-dry-run: rel-tag's refusal shown"
git -C "$P" config --unset tag.gpgSign

# Confirmation: no terminal and no YES=1 refuses, non-zero.
mk release VERSION=0.3.0 RELEASE_CHECK_FLAGS=--no-ci
is "$([ "$rc" -ne 0 ] && echo yes)" yes "no terminal: non-zero"
like "$err" "release: no terminal to confirm on: run with YES=1" "no terminal: said"
like "$err" "release: not confirmed: nothing was changed" "no terminal: refused"
is "$(refs "$P"; refs "$P.git"; cksum <"$P/CHANGELOG.md"; git -C "$P" status --porcelain)" "$before" \
	"no terminal: nothing changed, the changelog included"

# On a terminal (script(1) gives make one): "n" refuses, "yes" goes on.
if command -v script >/dev/null 2>&1; then
	printf 'n\n' | script -qec "make -s -C '$P' release VERSION=0.3.0 RELEASE_CHECK_FLAGS=--no-ci" /dev/null >"$TMP/tty.out" 2>&1
	rc=$?
	is "$([ "$rc" -ne 0 ] && echo yes)" yes "terminal, answer n: non-zero"
	like "$(cat "$TMP/tty.out")" "commit, tag v0.3.0 and push to origin\? \[y/N\]" "terminal: the question asked"
	like "$(cat "$TMP/tty.out")" "not confirmed" "terminal, answer n: refused"
	is "$(refs "$P"; refs "$P.git"; cksum <"$P/CHANGELOG.md"; git -C "$P" status --porcelain)" "$before" \
		"terminal, answer n: nothing changed"
	printf 'yes\n' | script -qec "make -s -C '$P' release VERSION=0.3.0 RELEASE_CHECK_FLAGS=--no-ci" /dev/null >"$TMP/tty.out" 2>&1
	is "$?" 0 "terminal, answer yes: exit 0"
	is "$(git -C "$P.git" cat-file -t v0.3.0)" tag "terminal, answer yes: released"
else
	for i in 1 2 3 4 5 6; do ok 0 "# SKIP script(1) not installed"; done
fi
done_testing
