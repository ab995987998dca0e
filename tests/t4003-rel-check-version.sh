#!/bin/sh
# rel-check: the version against the releases and commits (rel-gitlog),
# and the changelog (rel-changelog), both run as programs.
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/lib-release.sh"

P=$TMP/p
new_project "$P"
vcheck() { run rel-check -C "$P" --no-ci --no-fetch -r "$@"; }

vcheck 0.1.0
is "$rc" 0 "a first release that passes everything: exit 0"
is "$(jqr .ok)" true "ok"
is "$(check version-greater)" "pass no earlier release tag: 'v0.1.0' is the first release" "version-greater: first release"
is "$(check version-bump)" "pass the commits call for 0.1.0 (minor)" "version-bump: as called for"
is "$(check changelog-lint)" "pass 'CHANGELOG.md' lints clean (0 warnings)" "changelog-lint: pass"
is "$(check changelog-release)" "pass 'CHANGELOG.md' has changes to release as 0.1.0" "changelog-release: pass"
like "$err" "rel-check: ready to release 'v0.1.0'" "ready, said"
is "$(git -C "$P" status --porcelain)" "" "nothing was written"

vcheck 0.0.1
like "$(check version-bump)" "^warn the commits call for 0.1.0 \(minor\): [0-9a-f]{7,} feat: add the widget$" \
	"version-bump: less than called for warns, naming the commit"
is "$rc" 0 "a warning does not fail"
run rel-check -C "$P" --no-ci --no-fetch -q -r 0.0.1
like "$err" "^rel-check: warn version-bump: the commits call for 0.1.0" "-q: the warning still shown"
unlike "$err" "pass " "-q: the passes are not"

# After v0.1.0: a fix and a breaking change (minor below 1.0.0).
git -C "$P" tag -a v0.1.0 -m v0.1.0
commit "fix: stop the wobble" "$P"
commit "feat(api)!: drop the old API" "$P"
vcheck 0.1.0
is "$(check version-greater)" "fail not greater than the latest release 0.1.0 ('v0.1.0')" "version-greater: equal fails"
is "$rc" 1 "exit 1"
vcheck 0.0.9
is "$(check version-greater)" "fail not greater than the latest release 0.1.0 ('v0.1.0')" "version-greater: lower fails"
vcheck 0.1.1
is "$(check version-greater)" "pass greater than the latest release 0.1.0 ('v0.1.0')" "version-greater: pass"
like "$(check version-bump)" "^warn the commits call for 0.2.0 \(minor\): [0-9a-f]{7,} feat\(api\)!: drop the old API$" \
	"version-bump: names only the commits that call for more"
vcheck 0.2.0
is "$(check version-bump)" "pass the commits call for 0.2.0 (minor)" "version-bump: pass"
vcheck 0.3.0
is "$(check version-bump)" "pass the commits call for 0.2.0 (minor), a smaller bump" "version-bump: more is fine"
vcheck 0.2.0-rc.1
is "$(check version-bump)" "pass the commits call for 0.2.0 (minor)" "version-bump: a pre-release of the next version"

# From 1.0.0 a breaking change is major; six of them: five named.
git -C "$P" tag -a v1.0.0 -m v1.0.0
for i in 1 2 3 4 5 6; do commit "feat!: break $i" "$P"; done
commit "feat: add a knob" "$P"
vcheck 1.1.0
like "$(check version-bump)" "^warn the commits call for 2.0.0 \(major\): .*feat!: break 6, .* and 1 more$" \
	"version-bump: five named, the rest counted"
unlike "$(check version-bump)" "add a knob" "a feat does not call for major"

git -C "$P" tag -a v2.0.0 -m v2.0.0
vcheck 2.0.1
is "$(check version-bump)" "warn no commits since the latest release" "version-bump: nothing since the release"

# A reverted breaking change calls for nothing (rel-gitlog's rules): it
# is not named as calling for more.
commit "feat!: drop the API" "$P"
tick
git -C "$P" commit -q --allow-empty -m 'Revert "feat!: drop the API"' \
	-m "This reverts commit $(git -C "$P" rev-parse HEAD)."
commit "feat!: drop the pipes" "$P"
commit "revert: feat!: drop the pipes" "$P"
commit "feat: add a knob" "$P"
vcheck 2.0.1
like "$(check version-bump)" "^warn the commits call for 2.1.0 \(minor\): [0-9a-f]{7,} feat: add a knob$" \
	"version-bump: reverted commits and their reverts not named"

# Tags under another prefix: the version check fails, naming the option;
# it is no first release.
U=$TMP/u
new_project "$U"
git -C "$U" tag 0.1.0
commit "fix: stop the wobble" "$U"
git -C "$U" push -q origin main
run rel-check -C "$U" --no-ci --no-fetch -r 0.1.1
is "$rc" 1 "tags under '' and --tag-prefix v: exit 1"
is "$(check version-greater)" "fail no release tag is under the prefix 'v', but 1 is under '': give --tag-prefix ''" \
	"tags under '' and --tag-prefix v: version-greater fails, the option named"
like "$err" "rel-check: fail version-greater: .*give --tag-prefix ''" "tags under '': said on stderr"
run rel-check -C "$U" --no-ci --no-fetch -r 0.1.1 --tag-prefix ''
is "$(check version-greater)" "pass greater than the latest release 0.1.0 ('0.1.0')" \
	"--tag-prefix '': the release found"

# rel-changelog refuses: nothing to release; not above the file's latest.
R=$TMP/r
new_project "$R"
printf '# Changelog\n\n## [Unreleased]\n\n## [1.0.0] - 2026-01-01\n\n### Added\n\n- x\n' >"$R/CHANGELOG.md"
git -C "$R" commit -qam "docs: release 1.0.0"
git -C "$R" tag -a v1.0.0 -m v1.0.0
commit "chore: tidy" "$R"
git -C "$R" push -q origin main
run rel-check -C "$R" --no-ci --no-fetch -r 1.0.1
like "$(check changelog-release)" "^fail 'CHANGELOG.md' cannot release 1.0.1: .*nothing to release" "changelog-release: nothing to release"
printf '# Changelog\n\n## [Unreleased]\n\n### Added\n\n- y\n\n## [2.0.0] - 2026-01-01\n\n### Added\n\n- x\n' >"$R/CHANGELOG.md"
run rel-check -C "$R" --no-ci --no-fetch -r 1.0.1
like "$(check changelog-release)" "^fail 'CHANGELOG.md' cannot release 1.0.1: " "changelog-release: not above the file's latest release"
is "$(check version-greater)" "pass greater than the latest release 1.0.0 ('v1.0.0')" "while the tags allow it"

# The changelog: lint errors, no file, another path.
Q=$TMP/q
new_project "$Q"
printf 'Changelog\n\n## [Unreleased]\n\n### Added\n\n- x\n' >"$Q/CHANGELOG.md"
run rel-check -C "$Q" --no-ci --no-fetch -r 0.1.0
like "$(check changelog-lint)" "^fail 'CHANGELOG.md' has 1 errors; the first, line 1: " "changelog-lint: errors fail"
is "$(check changelog-release)" "pass 'CHANGELOG.md' has changes to release as 0.1.0" \
	"changelog-release: lint errors are lint's: the release itself is no guess"
is "$rc" 1 "exit 1"
# The first error is named, not a warning before it.
printf '# Changelog\n\n## [Unreleased]\n\n### Added\n\n### Bogus\n\n- x\n' >"$Q/CHANGELOG.md"
run rel-check -C "$Q" --no-ci --no-fetch -r 0.1.0
like "$(check changelog-lint)" "^fail 'CHANGELOG.md' has 1 errors; the first, line 7: unknown section 'Bogus'" \
	"changelog-lint: the first error named, past a warning"
git -C "$Q" rm -qf CHANGELOG.md
commit "chore: move the changelog" "$Q"
run rel-check -C "$Q" --no-ci --no-fetch -r 0.1.0
like "$(check changelog-lint)" "^fail cannot lint 'CHANGELOG.md': " "changelog-lint: no file"
mkdir "$Q/docs"
printf '# Changelog\n\n## [Unreleased]\n\n### Fixed\n\n- y\n' >"$Q/docs/CHANGES.md"
run rel-check -C "$Q" --no-ci --no-fetch -r 0.1.0 --changelog docs/CHANGES.md
is "$(check changelog-lint)" "pass 'docs/CHANGES.md' lints clean (0 warnings)" "--changelog: another path"
is "$(check clean)" "pass nothing to commit besides 'docs/CHANGES.md'" "--changelog: may be untracked"

# rel-gitlog refuses a shallow clone: the version checks say why.
git -C "$P" push -q origin main v0.1.0 v1.0.0 v2.0.0
git clone -q --depth 1 "file://$P.git" "$TMP/shallow"
run rel-check -C "$TMP/shallow" --no-ci --no-fetch -r 3.0.0
like "$(check version-greater)" "^fail cannot read the releases: rel-gitlog: " "version-greater: rel-gitlog's failure told"
is "$(check version-bump)" "skip no release history" "version-bump: skipped"
done_testing
