#!/bin/sh
# A monorepo of two packages released independently: rel-gitlog --path
# keeps the commits that touch a package, with its own tag prefix;
# rel-check passes --path through; rel-changelog releases the package's
# changelog with its tag prefix in the links.
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/lib-release.sh"

M=$TMP/mono
# change FILE MSG: write FILE (from the top of $M) and commit it.
change() {
	mkdir -p "$M/$(dirname "$1")"
	echo "$2" >>"$M/$1"
	git -C "$M" add "$1"
	commit "$2" "$M"
}
new_repo "$M"
change README "chore: the monorepo"
change packages/app/main.c "feat(app): first screen"
git -C "$M" tag app-v1.0.0
change packages/lib/lib.c "feat(lib): first call"
git -C "$M" tag @acme/lib@0.1.0
change packages/app/main.c "fix(app): the screen flickered"
change packages/lib/lib.c "feat(lib)!: calls take a context"
change README "docs: how to build"
change packages/app/x.c "feat: shared logging"
echo log >>"$M/packages/lib/log.c"
git -C "$M" add packages/lib/log.c
git -C "$M" commit -q --amend --no-edit
chmod +x "$M/packages/app/main.c"
git -C "$M" add packages/app/main.c
commit "chore(app): main is executable" "$M"
git -C "$M" rm -q packages/lib/lib.c
commit "refactor(lib): lib.c is gone" "$M"

headers() { jqr '[.commits[].header] | join("|")'; }
run rel-gitlog -C "$M" --path packages/app --tag-prefix app-v
is "$rc" 0 "app: exit 0"
is "$(jqr .from.tag)" app-v1.0.0 "app: since its own tag"
is "$(headers)" "chore(app): main is executable|feat: shared logging|fix(app): the screen flickered" \
	"app: the commits that touch it (a mode change too), not lib's nor the root's"
is "$(jqr '.summary | "\(.current) \(.bump) \(.next)"')" "1.0.0 minor 1.1.0" "app: next 1.1.0"

run rel-gitlog -C "$M" --path packages/lib/ --tag-prefix @acme/lib@
is "$(jqr .from.tag)" @acme/lib@0.1.0 "lib: a scoped tag prefix"
is "$(headers)" "refactor(lib): lib.c is gone|feat: shared logging|feat(lib)!: calls take a context" \
	"lib: its commits, a removal too"
is "$(jqr '.summary | "\(.current) \(.bump) \(.next)"')" "0.1.0 minor 0.2.0" \
	"lib: breaking below 1.0.0 is minor"

run rel-gitlog -C "$M" --path ./packages/app --path packages/lib --from app-v1.0.0
is "$(jqr '.commits | length')" 6 "two --path options: commits touching either"
run rel-gitlog -C "$M" --path packages/none --tag-prefix app-v
is "$(jqr '[(.commits | length), .summary.bump] | @tsv')" "$(printf '0\tnone')" \
	"a path no commit touches: no commits"
like "$err" "^rel-gitlog: warning: 'packages/none' is not in HEAD \\(paths are from the top of the work tree\\)" \
	"a path that is not in the tree: a warning"
run rel-gitlog -C "$M" --path . --from app-v1.0.0
is "$(jqr '.commits | length')" 7 "--path . is the whole repository"
run rel-gitlog -C "$M" --path packages/app/main.c --tag-prefix app-v
is "$(headers)" "chore(app): main is executable|fix(app): the screen flickered" "a file path"

# A merge touches a path when its first parent's tree differs there.
git -C "$M" checkout -q -b side
change packages/app/side.c "feat(app): from a branch"
git -C "$M" checkout -q main
change packages/lib/more.c "fix(lib): meanwhile"
tick
git -C "$M" merge -q --no-ff -m "Merge branch 'side'" side
run rel-gitlog -C "$M" --path packages/app --tag-prefix app-v --merges
is "$(jqr '[.commits[] | select(.merge) | .header] | join("|")')" "Merge branch 'side'" \
	"--merges: the merge that brings app changes"
run rel-gitlog -C "$M" --path packages/lib --tag-prefix @acme/lib@ --merges
is "$(jqr '[.commits[] | select(.merge)] | length')" 0 \
	"--merges: not for lib, whose changes were on main already"

# rel-changelog: the package's changelog, links with its tag prefix.
cat >"$M/packages/app/CHANGELOG.md" <<'EOF2'
# Changelog

## [Unreleased]

## [1.0.0] - 2026-01-01

### Added

- First screen.

[Unreleased]: https://github.com/acme/mono/compare/app-v1.0.0...HEAD
[1.0.0]: https://github.com/acme/mono/releases/tag/app-v1.0.0
EOF2
rel-gitlog -C "$M" --path packages/app --tag-prefix app-v >"$TMP/app.json"
run rel-changelog release -r 1.1.0 --date 2026-03-01 --gitlog "$TMP/app.json" "$M/packages/app/CHANGELOG.md"
is "$rc" 0 "rel-changelog: the package released"
is "$(printf '%s\n' "$out" | sed -n '/^## \[1.1.0\]/,/^## \[1.0.0\]/p' | grep '^- ' |
	sed 's/ ([0-9a-f]*)$//')" \
"- **app:** From a branch
- Shared logging
- **app:** The screen flickered" "rel-changelog: only the package's commits"
is "$(printf '%s\n' "$out" | grep '^\[')" \
"[Unreleased]: https://github.com/acme/mono/compare/app-v1.1.0...HEAD
[1.1.0]: https://github.com/acme/mono/compare/app-v1.0.0...app-v1.1.0
[1.0.0]: https://github.com/acme/mono/releases/tag/app-v1.0.0" "rel-changelog: the links carry app-v"

# rel-check passes --path (and --tag-prefix) to rel-gitlog.
run rel-check -C "$M" --no-ci --no-fetch -r 0.2.0 --tag-prefix @acme/lib@ --path packages/lib \
	--changelog packages/app/CHANGELOG.md
is "$(check version-bump)" "pass the commits call for 0.2.0 (minor)" "rel-check --path: lib's bump"
run rel-check -C "$M" --no-ci --no-fetch -r 1.0.1 --tag-prefix app-v --path packages/app \
	--changelog packages/app/CHANGELOG.md
like "$(check version-bump)" "^warn the commits call for 1.1.0 \(minor\)" "rel-check --path: app's commits"
run rel-check -C "$M" --no-ci --no-fetch -r 1.1.0 --tag-prefix app-v \
	--changelog packages/app/CHANGELOG.md
like "$(check version-bump)" "^warn the commits call for 2.0.0 \(major\): [0-9a-f]+ feat\(lib\)!" \
	"rel-check without --path: lib's breaking change counts"

# make release-dry-run for one package: release.mk's PACKAGE_DIR.
git init -q --bare "$M.git"
printf 'include %s/release.mk\n' "$TOP" >"$M/Makefile"
git -C "$M" add Makefile packages/app/CHANGELOG.md
commit "build: release with release.mk" "$M"
git -C "$M" remote add origin "$M.git"
git -C "$M" push -q origin main --tags
dry() {
	run make -s -C "$M" release-dry-run VERSION=1.1.0 TAG_PREFIX=app-v \
		CHANGELOG=packages/app/CHANGELOG.md RELEASE_CHECK_FLAGS=--no-ci \
		"RELTOOLS_BIN=$TOP/bin" "$@"
}
dry PACKAGE_DIR=packages/app
is "$rc" 0 "make release-dry-run PACKAGE_DIR=packages/app: exit 0"
like "$out" "Shared logging" "PACKAGE_DIR: the package's commits in the entry"
unlike "$out" "[Cc]alls take a context|[Mm]eanwhile" "PACKAGE_DIR: not the other package's"
like "$out" "create the annotated tag 'app-v1.1.0'" "PACKAGE_DIR: the package's tag"
dry
like "$out" "Calls take a context" "without PACKAGE_DIR: every commit"
done_testing
