#!/bin/sh
# make release at the edges: a VERSION with shell metacharacters, a
# changelog path with spaces, a failing rel-gitlog, a push that fails and
# make release-finish; recipes run by make's /bin/sh (dash on Debian).
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/lib-release.sh"

P=$TMP/p
new_project "$P"
git -C "$P" mv CHANGELOG.md "CHANGE LOG.md"
printf 'include %s/release.mk\n' "$TOP" >"$P/Makefile"
git -C "$P" add Makefile
commit "build: release with release.mk" "$P"
git -C "$P" push -q origin main
export RELTOOLS_BIN="$TOP/bin"
mk() { run make -s -C "$P" "CHANGELOG=CHANGE LOG.md" RELEASE_CHECK_FLAGS=--no-ci "$@"; }
state() { refs "$P"; refs "$P.git"; cksum <"$P/CHANGE LOG.md"; git -C "$P" status --porcelain; }
before=$(state)

# Shell metacharacters in VERSION run nothing and are refused.
cd "$TMP"
for v in '1.0.0;touch pwned' '1.0.0`touch pwned`' "1.0.0' ; touch pwned ; '" '1.0.0$(touch pwned)'; do
	for target in release release-dry-run release-finish; do
		mk "$target" "VERSION=$v" YES=1
		is "$([ "$rc" -ne 0 ] && echo refused)" refused "$target VERSION=$v: refused"
	done
done
mk release-check VERSION=0.1.0 'CHANGELOG=CHANGE$(x) LOG.md'
like "$err" 'rel-check: fail changelog-lint: cannot lint .CHANGE\$\(x\) LOG\.md.' \
	"CHANGELOG taken as typed, its '\$' kept"
is "$(find "$TMP" -name pwned)" "" "no metacharacter ran a command"
is "$(state)" "$before" "nothing changed by a bad VERSION"

# What rel-tag would refuse once the changelog is released, rel-check
# refuses first: a changelog outside the work tree, a bad tag name.
mk release VERSION=0.1.0 YES=1 "CHANGELOG=../p/CHANGE LOG.md"
is "$([ "$rc" -ne 0 ] && echo refused)" refused "a changelog path with '..': refused"
like "$err" "rel-check: --changelog is a path inside the work tree" "a changelog path with '..': said"
mk release VERSION=0.1.0 YES=1 TAG_PREFIX=a..b
is "$([ "$rc" -ne 0 ] && echo refused)" refused "a bad tag name: refused"
like "$err" "rel-check: 'a..b0.1.0' is not a valid tag name" "a bad tag name: said"
is "$(state)" "$before" "nothing changed by a path or tag rel-tag refuses"

# A failing rel-gitlog stops the release before the changelog is touched.
mkdir "$TMP/bin"
for t in rel-check rel-changelog rel-tag; do ln -s "$TOP/bin/$t" "$TMP/bin/$t"; done
printf '#!/bin/sh\necho "rel-gitlog: broken on purpose" >&2\nexit 3\n' >"$TMP/bin/rel-gitlog"
chmod +x "$TMP/bin/rel-gitlog"
mk release VERSION=0.1.0 YES=1 RELTOOLS_BIN="$TMP/bin"
is "$([ "$rc" -ne 0 ] && echo stopped)" stopped "a failing rel-gitlog: the release stops"
like "$err" "rel-gitlog: broken on purpose" "a failing rel-gitlog: its message shown"
unlike "$err" "rel-tag:" "a failing rel-gitlog: rel-tag never ran"
is "$(state)" "$before" "a failing rel-gitlog: nothing changed"

# The push fails (the remote's branch is locked): the hint, then finish.
: >"$P.git/refs/heads/main.lock"
mk release VERSION=0.1.0 YES=1
is "$([ "$rc" -ne 0 ] && echo stopped)" stopped "a refused push: the release stops"
like "$err" "rel-tag: 'refs/heads/main' refused by remote 'origin'" "a refused push: rel-tag says why"
like "$err" "release: stopped after CHANGE LOG.md was released: once the cause is fixed, finish with make release-finish VERSION=0.1.0 \(and this run's other variables\)" \
	"a refused push: how to finish"
is "$(git -C "$P" log -1 --format=%s)" "release: v0.1.0" "a refused push: the release commit made"
mk release VERSION=0.1.0 YES=1
is "$([ "$rc" -ne 0 ] && echo refused)" refused "make release again: refused by rel-check"
like "$err" "rel-check: fail tag-local" "make release again: the tag is there"
rm "$P.git/refs/heads/main.lock"
mk release-finish VERSION=0.1.0
is "$rc" 0 "release-finish: exit 0"
is "$(git -C "$P.git" rev-parse main) $(git -C "$P.git" cat-file -t v0.1.0)" \
	"$(git -C "$P" rev-parse HEAD) tag" "release-finish: branch and tag on the remote"
is "$(git -C "$P" rev-list --count --grep='^release: ' HEAD)" 1 "release-finish: one release commit"
like "$(git -C "$P" show HEAD --name-only --format=)" "CHANGE LOG.md" "the changelog with a space committed"
mk release-finish VERSION=0.1.0
is "$rc" 0 "release-finish again: nothing left, exit 0"
like "$err" "^rel-tag: 'v0.1.0' is released already and on the remote: nothing to do$" \
	"release-finish again: one line says so"
mk release-finish
is "$([ "$rc" -ne 0 ] && echo refused)" refused "release-finish without VERSION: refused"
like "$err" "release-finish: say which version" "release-finish without VERSION: said"
done_testing
