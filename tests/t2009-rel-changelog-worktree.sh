#!/bin/sh
# rel-changelog finds the changelog as rel-check and rel-tag do: at the
# top of the work tree, from any directory in it; -C runs it elsewhere.
. "$(dirname "$0")/lib.sh"

W=$TMP/w
new_repo "$W"
mkdir -p "$W/src/deep"
printf '# Changelog\n\n## [Unreleased]\n\n### Added\n\n- A lever.\n' >"$W/CHANGELOG.md"

cd "$W/src/deep" || exit 1
run rel-changelog lint
is "$rc" 0 "lint from a subdirectory: exit 0"
is "$(jqr .file)" "../../CHANGELOG.md" "lint from a subdirectory: the top's changelog, named from here"
run rel-changelog notes -r unreleased
is "$out" "### Added

- A lever." "notes from a subdirectory: the top's changelog"
run rel-changelog release -r 0.1.0 --date 2026-02-01 --gitlog /dev/null -i
is "$rc" 0 "release -i from a subdirectory: exit 0"
like "$(cat "$W/CHANGELOG.md")" "## \[0.1.0\] - 2026-02-01" "release -i from a subdirectory: the top's changelog rewritten"
is "$(find "$W" -name CHANGELOG.md | wc -l)" 1 "no changelog written in the subdirectory"

# A file named on the command line is one relative to where it runs.
printf '# Changelog\n\n## [Unreleased]\n\n### Fixed\n\n- Here.\n' >"$W/src/CHANGELOG.md"
run rel-changelog notes -r unreleased ../CHANGELOG.md
is "$out" "### Fixed

- Here." "a file given is relative to the current directory"

# -C: as if started there.
cd "$TMP" || exit 1
run rel-changelog -C "$W/src" notes -r 0.1.0
is "$rc:$out" "0:### Added

- A lever." "-C a subdirectory: the top's changelog"
run rel-changelog show -C "$W/src" -r unreleased CHANGELOG.md
is "$(jqr .release.sections[0].name)" Fixed "-C: a file given is relative to dir"
printf '# Changelog\n\n## [Unreleased]\n' >"$TMP/CHANGELOG.md"
run rel-changelog lint
is "$rc:$(jqr .file)" "0:CHANGELOG.md" "outside a work tree: the current directory's"
run rel-changelog -C "$TMP/nope" lint
is "$rc" 2 "-C a missing directory: exit 2"
is "$err" "rel-changelog: cannot change to '$TMP/nope': No such file or directory" "-C a missing directory: said"
is "$out" "" "-C a missing directory: nothing on stdout"

# A linked work tree has a .git file, not a directory: its top is found.
commit "feat: one" "$W"
git -C "$W" worktree add -q "$TMP/linked" 2>/dev/null
mkdir "$TMP/linked/sub"
printf '# Changelog\n\n## [Unreleased]\n' >"$TMP/linked/CHANGELOG.md"
run rel-changelog -C "$TMP/linked/sub" lint
is "$rc:$(jqr .file)" "0:../CHANGELOG.md" "a linked work tree: its own top"
done_testing
