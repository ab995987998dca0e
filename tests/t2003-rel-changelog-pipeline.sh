#!/bin/sh
# The pipeline of rel-changelog(1), EXAMPLES: rel-gitlog | rel-changelog release -r X.
. "$(dirname "$0")/lib.sh"
command -v rel-gitlog >/dev/null 2>&1 || skip_all "rel-gitlog is not built yet"
cd "$TMP" || exit 1

new_repo repo
git -C repo remote add origin git@github.com:o/r.git
cat >repo/CHANGELOG.md <<'EOF2'
# Changelog

## [Unreleased]

### Fixed

- Crash on empty input (#5)

## [0.1.0] - 2026-01-01

### Added

- Initial release

[Unreleased]: https://github.com/o/r/compare/v0.1.0...HEAD
[0.1.0]: https://github.com/o/r/releases/tag/v0.1.0
EOF2
git -C repo add CHANGELOG.md
commit "feat: initial release" repo
git -C repo tag v0.1.0
commit "feat(api): add widgets" repo
commit "fix: crash on empty input (#5)" repo
commit "chore: tidy the build" repo
commit "perf!: drop the slow path" repo
cp repo/CHANGELOG.md before.md

rel-gitlog -C repo >gitlog.json 2>gitlog.err
is "$?" 0 "rel-gitlog runs"
rel-gitlog -q -C repo | rel-changelog release -r 0.2.0 --date 2026-02-01 repo/CHANGELOG.md >new.md 2>err
is "$?" 0 "the pipeline exits 0"
widgets=$(jq -r '.commits[] | select(.description == "add widgets") | .short' gitlog.json)
slow=$(jq -r '.commits[] | select(.description == "drop the slow path") | .short' gitlog.json)
cat >want.md <<EOF2
# Changelog

## [Unreleased]

## [0.2.0] - 2026-02-01

### Added

- **api:** Add widgets ($widgets)

### Changed

- **Breaking:** Drop the slow path ($slow)

### Fixed

- Crash on empty input (#5)

## [0.1.0] - 2026-01-01

### Added

- Initial release

[Unreleased]: https://github.com/o/r/compare/v0.2.0...HEAD
[0.2.0]: https://github.com/o/r/compare/v0.1.0...v0.2.0
[0.1.0]: https://github.com/o/r/releases/tag/v0.1.0
EOF2
cmp -s new.md want.md; ok $? "the new changelog, byte for byte (chore left out, #5 already there)"
[ -s new.md ] && ! cmp -s new.md want.md && diff want.md new.md | sed 's/^/# /'
cmp -s repo/CHANGELOG.md before.md; ok $? "without -i the file is untouched"

rel-gitlog -q -C repo | rel-changelog release -r 0.2.0 --date 2026-02-01 -i repo/CHANGELOG.md >out 2>err
is "$?" 0 "the pipeline with -i exits 0"
out=$(cat out)
is "$(jqr '[.version, .commits.added, .commits.mentioned, .commits.left_out] | map(tostring) | join(" ")')" \
	"0.2.0 2 1 1" "-i summary: 2 added, 1 mentioned (#5), 1 left out (chore)"
cmp -s repo/CHANGELOG.md want.md; ok $? "-i wrote the same file"
rel-gitlog -q -C repo | rel-changelog release -r 0.2.0 -i repo/CHANGELOG.md >out 2>err
is "$?" 1 "a second release of 0.2.0 is refused"
cmp -s repo/CHANGELOG.md want.md; ok $? "and the file is untouched"
done_testing
