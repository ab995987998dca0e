#!/bin/sh
# rel-changelog show and notes: the JSON other tools read, exactly.
. "$(dirname "$0")/lib.sh"
cd "$TMP" || exit 1

cat >CHANGELOG.md <<'EOF2'
# Changelog

## [Unreleased]

### Added

- Next thing
  over two lines

## [1.1.0-rc.1] - 2026-02-01

Summary of the candidate.

### Fixed

- **api:** a fix (#3)

## [1.0.0] - 2026-01-01 [YANKED]

### Added

- First

[unreleased]: https://github.com/o/r/compare/v1.1.0-rc.1...HEAD
[1.1.0-rc.1]: https://github.com/o/r/compare/v1.0.0...v1.1.0-rc.1
[1.0.0]: https://github.com/o/r/releases/tag/v1.0.0
EOF2

run rel-changelog show -r unreleased
is "$rc" 0 "show -r unreleased"
is "$out" '{"schema":"rel-changelog/1","file":"CHANGELOG.md","release":{"version":"Unreleased","unreleased":true,"date":null,"yanked":false,"line":3,"summary":null,"items":1,"sections":[{"name":"Added","line":5,"items":[{"text":"Next thing\nover two lines","line":7}]}],"link":"https://github.com/o/r/compare/v1.1.0-rc.1...HEAD"}}' \
	"show -r unreleased: the whole document"
run rel-changelog show -r latest
is "$(jqr '[.release.version, .release.date, .release.summary, .release.sections[0].items[0].text] | join("|")')" \
	"1.1.0-rc.1|2026-02-01|Summary of the candidate.|**api:** a fix (#3)" "show -r latest"
run rel-changelog show -r 1.0.0
is "$(jqr '.release.yanked')" true "yanked"
run rel-changelog show
is "$(jqr '[.title, (.releases | length), (.links | length), .links[2].line] | map(tostring) | join(" ")')" \
	"Changelog 3 3 26" "show: the whole model"
run rel-changelog show -r 9.9.9
is "$rc" 1 "show of a missing release: exit 1"
is "$out" "" "show of a missing release: nothing on stdout"
like "$err" "no release '9.9.9' in 'CHANGELOG.md'" "show of a missing release: message"

run rel-changelog notes -r 1.1.0-rc.1
is "$rc" 0 "notes"
is "$out" 'Summary of the candidate.

### Fixed

- **api:** a fix (#3)

**Full Changelog**: https://github.com/o/r/compare/v1.0.0...v1.1.0-rc.1' "notes: body and Full Changelog line"
run rel-changelog notes -r 1.1.0-rc.1 --json
is "$(jqr '[.schema, .version, .title, .prerelease] | map(tostring) | join(" ")')" \
	"rel-changelog/1 1.1.0-rc.1 v1.1.0-rc.1 true" "notes --json fields"
is "$(jqr .body)" "$(rel-changelog notes -r 1.1.0-rc.1)" "notes --json body is the markdown"
run rel-changelog notes -r 1.0.0 --json
is "$(jqr .prerelease)" false "a release is not a prerelease"
run rel-changelog notes -r 2.0.0
is "$rc" 1 "notes of a missing release: exit 1"

# -r as a tag names it, as in rel-check and rel-tag (relversion.h).
want=$(rel-changelog notes -r 1.1.0-rc.1)
for v in v1.1.0-rc.1 rel-1.1.0-rc.1; do
	run rel-changelog notes -r "$v" --tag-prefix rel-
	is "$rc:$(printf '%s' "$out" | head -n 1)" "0:Summary of the candidate." "notes -r $v: found"
done
run rel-changelog show -r v1.0.0
is "$rc:$(jqr .release.version)" "0:1.0.0" "show -r v1.0.0: found"
# A mistyped version is invalid input: exit 2, as in every tool.
for verb in show notes; do
	run rel-changelog "$verb" -r 1.1
	is "$rc" 2 "$verb -r 1.1: exit 2"
	is "$err" "rel-changelog: '1.1' is not a SemVer version (MAJOR.MINOR.PATCH, e.g. 1.2.0)" \
		"$verb -r 1.1: said"
	is "$out" "" "$verb -r 1.1: nothing on stdout"
done
run rel-changelog notes
is "$rc" 2 "notes without -r: exit 2"

# Without a link, the compare URL is made from the others; CRLF is dropped.
sed '/^\[1.1.0-rc.1\]:/d; s/$/\r/' CHANGELOG.md >crlf.md
run rel-changelog notes -r 1.1.0-rc.1 crlf.md
like "$out" '\*\*Full Changelog\*\*: https://github.com/o/r/compare/v1.0.0...v1.1.0-rc.1$' "notes: compare URL made from the other links"
unlike "$out" "$(printf '\r')" "notes: LF line endings"
grep -v '^\[' CHANGELOG.md >nolinks.md
run rel-changelog notes -r 1.0.0 nolinks.md
is "$out" "### Added

- First" "notes without any link: no Full Changelog line"
done_testing
