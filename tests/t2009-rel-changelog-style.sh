#!/bin/sh
# rel-changelog release: generated items capitalised like the
# hand-written ones around them, and a commit whose description is a
# hand-written note's, verb form and all, not added a second time.
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/lib-gitlogdoc.sh"
cd "$TMP" || exit 1

items() { printf '%s\n' "$out" | sed -n '/^## \[1.1.0\]/,/^## \[1.0.0\]/p' | grep -E '^(- |### )'; }

doc "$(c aaaaaaa feat 'add --next option')" "$(c bbbbbbb fix 'mend the reader')" \
	"$(c ccccccc feat 'support `-C dir`')" "$(c ddddddd fix 'fix a crash on empty input.')" \
	"$(c eeeeeee perf 'faster parsing')" >log.json

# The section's own items decide; the file's when the section has none
# (or as many of each case).
cat >a.md <<'EOF2'
# Changelog

## [Unreleased]

### Added

- Added a `--next` option.
- A knob.

### Fixed

- lower-case fix here
- another lower-case one
- Fixed a crash on empty input

## [1.0.0] - 2026-01-01

### Changed

- Old change
- Another one
EOF2
run rel-changelog release -r 1.1.0 --date 2026-02-01 --gitlog log.json a.md
is "$rc" 0 "released"
is "$(items)" "### Added
- Added a \`--next\` option.
- A knob.
- Support \`-C dir\` (ccccccc)
### Changed
- Faster parsing (eeeeeee)
### Fixed
- lower-case fix here
- another lower-case one
- Fixed a crash on empty input
- mend the reader (bbbbbbb)" \
	"Added and Fixed as most of their items; Changed, without any, as the file"
run rel-changelog release -r 1.1.0 --date 2026-02-01 --gitlog log.json -i a.md
is "$(jqr '[.commits.added, .commits.mentioned] | map(tostring) | join(" ")')" "3 2" \
	"'add --next option' and 'fix a crash on empty input.' are already there"

# A file written in lower case stays so.
cat >b.md <<'EOF2'
# Changelog

## [Unreleased]

## [1.0.0] - 2026-01-01

### Added

- first thing
- `second` thing
- Third thing
- fourth thing
EOF2
run rel-changelog release -r 1.1.0 --date 2026-02-01 --gitlog log.json b.md
is "$(items)" "### Added
- add --next option (aaaaaaa)
- support \`-C dir\` (ccccccc)
### Changed
- faster parsing (eeeeeee)
### Fixed
- mend the reader (bbbbbbb)
- fix a crash on empty input. (ddddddd)" "a lower-case file: lower case"

# A description starting with a backtick, a digit or a capital is kept.
doc "$(c 1111111 feat '`rel-x` learns -y')" "$(c 2222222 feat '2 new modes')" \
	"$(c 3333333 feat 'iOS support')" >log2.json
cat >c.md <<'EOF2'
# Changelog

## [Unreleased]

### Added

- One
EOF2
run rel-changelog release -r 1.1.0 --date 2026-02-01 --gitlog log2.json c.md
is "$(printf '%s\n' "$out" | grep '^- ')" "- One
- \`rel-x\` learns -y (1111111)
- 2 new modes (2222222)
- IOS support (3333333)" "only a first lower-case letter is made upper-case"

# Notes that differ in the verb, or in more than form, are both kept.
doc "$(c aaaaaaa feat 'remove --next option')" "$(c bbbbbbb fix 'fix a crash')" >log3.json
cat >d.md <<'EOF2'
# Changelog

## [Unreleased]

### Added

- Added a `--next` option.

### Fixed

- Fixed a crash on empty input
EOF2
run rel-changelog release -r 1.1.0 --date 2026-02-01 --gitlog log3.json d.md
is "$(printf '%s\n' "$out" | grep -c '^- ')" 4 "another verb, another note: both commits added"
done_testing
