#!/bin/sh
# rel-changelog lint: every rule, on valid and invalid files.
. "$(dirname "$0")/lib.sh"
cd "$TMP" || exit 1

GOOD='# Changelog

Intro text.

## [Unreleased]

### Added

- Something new

## [1.1.0] - 2026-02-01

A summary paragraph.

### Fixed

- A fix
  with a continuation line
lazy continuation

- Loose item

## [1.0.0] - 2026-01-01 [YANKED]

### Added

- First

[unreleased]: https://github.com/o/r/compare/v1.1.0...HEAD
[1.1.0]: https://github.com/o/r/compare/v1.0.0...v1.1.0
[1.0.0]: https://github.com/o/r/releases/tag/v1.0.0
[@ada]: https://github.com/ada
[SemVer]: https://semver.org
'
printf '%s' "$GOOD" >good.md
run rel-changelog lint good.md
is "$rc" 0 "a valid file lints clean"
is "$(jqr '[.schema, .file, .ok, .errors, .warnings] | @tsv')" \
	"$(printf 'rel-changelog/1\tgood.md\ttrue\t0\t0')" "lint JSON head"
is "$err" "rel-changelog: 'good.md' lints clean (0 warnings)" "a clean file: one line on stderr"
run rel-changelog lint -q good.md
is "$rc:$err" "0:" "-q: nothing on stderr"
sed 's/^### Added$/### Addded/' good.md >warn.md
run rel-changelog lint -q --rule section-name=warning warn.md
like "$err" "warn.md:[0-9]+:1: warning: " "-q: a warning is still shown"

# check NAME RULE SEVERITY LINE SED: lint the good file edited by the sed
# script SED, expect that diagnostic.
check() {
	printf '%s' "$GOOD" | sed "$5" >f.md
	run rel-changelog lint f.md
	want_rc=0
	[ "$3" = error ] && want_rc=1
	is "$rc" "$want_rc" "$1: exit status"
	is "$(jqr "[.diagnostics[] | select(.rule == \"$2\") | \"\(.line):\(.severity)\"] | first")" \
		"$4:$3" "$1: $2 at line $4"
	like "$err" "^f.md:$4:[0-9]+: $3: " "$1: compiler form on stderr"
}

check "no H1" h1-first error 1 1d
check "other title" title warning 1 '1s/.*/# Release history/'
printf '%s' "$GOOD" | sed '1s/.*/# CHANGE LOG/' >f.md
run rel-changelog lint f.md
is "$(jqr .warnings)" 0 "'Change Log', any case, is the title too"
check "second H1" h1-single error 3 '3s/.*/# Again/'
check "no unreleased" unreleased-missing warning 6 '5,9d'
check "dated unreleased" unreleased-dated error 5 '5s/.*/## [Unreleased] - 2026-03-01/'
check "repeated unreleased" unreleased-repeated error 23 '22a\
## [Unreleased]\
'
check "unreleased not first" unreleased-position error 23 '5s/.*/## [2.0.0] - 2026-03-01/
22a\
## [Unreleased]\
'
check "heading form" heading-form error 11 '11s/.*/## [1.1.0] 2026-02-01/'
check "date in parentheses" date-parentheses warning 11 '11s/.*/## [1.1.0] (2026-02-01)/'
check "version without brackets" heading-brackets warning 11 '11s/.*/## 1.1.0 - 2026-02-01/'
check "inline link heading" heading-inline-link warning 11 '11s/.*/## [1.1.0](https:\/\/x.org\/a) - 2026-02-01/'
check "reference heading" heading-reference warning 5 '5s/.*/## [Unreleased][unreleased]/'
check "version prefix" version-prefix warning 11 's/^## \[1.1.0\]/## [v1.1.0]/;s/^\[1.1.0\]/[v1.1.0]/'
check "H4 in a section" subheading warning 17 '15a\
\
#### Parser'
check "no date" date-missing error 11 '11s/.*/## [1.1.0]/'
check "not semver" semver error 11 '11s/1.1.0/1.1/'
check "not a real date" date error 11 '11s/2026-02-01/2026-02-30/'
check "versions not descending" version-order error 23 '11s/1.1.0\] - 2026-02-01/0.9.0] - 2025-12-01/'
check "maintenance release after a newer line" maintenance-order warning 23 's/^## \[1.1.0\]/## [0.9.0]/;s/^\[1.1.0\]/[0.9.0]/'
check "duplicate version" duplicate-version error 23 '11s/1.1.0/1.0.0/'
check "dates rising as versions fall" date-order warning 23 '11s/2026-02-01/2025-12-01/'
check "unknown section" section-name error 15 '15s/Fixed/Bugfixes/'
run rel-changelog lint --sections Bugfixes,Other f.md
is "$rc" 0 "--sections extends the list"
check "duplicate section" duplicate-section error 21 '20a\
### Fixed\
\
- Again'
# Many sections in one release: repeats found all the same (and fast).
{ printf '# Changelog\n\n## [Unreleased]\n\n'
  for i in 1 2 3 4 5 6 7 8 9 10; do printf '### Fixed\n- x\n### Misc\n- y\n### misc\n- z\n'; done; } >many.md
run rel-changelog lint --sections misc many.md
is "$(jqr '[.diagnostics[] | select(.rule == "duplicate-section") | .line] | length')" 28 \
	"30 sections, 2 distinct ('misc' is 'Misc'): 28 repeats"
is "$(jqr '[.diagnostics[] | select(.rule == "duplicate-section") | .message] | unique | join("|")')" \
	"section 'Fixed' also on line 5|section 'Misc' also on line 7|section 'misc' also on line 7" \
	"each repeat names the first"
check "empty section" empty-section warning 11 '9a\
\
### Removed'
check "prose in a section" prose error 21 '20a\
Prose after a blank line.'
check "list item outside a section" outside error 14 '13a\
- an item before any section'
check "section outside a release" outside error 4 '3a\
### Added'
check "missing link" missing-link error 11 '/^\[1.1.0\]:/d'
printf '%s' "$GOOD" | sed 's/^\[unreleased\]:/[UNRELEASED]:/' >f.md
run rel-changelog lint f.md
is "$rc" 0 "link labels compare case-insensitively"
printf '%s' "$GOOD" | grep -v '^\[' >f.md
run rel-changelog lint f.md
is "$(jqr .errors)" 0 "a file with no links at all is fine"
check "setext H1" setext warning 1 '1s/.*/Changelog\
=========/'
is "$(jqr .errors)" 0 "a setext H1 is read as the H1"
check "setext release heading" setext warning 11 '11s/.*/[1.1.0] - 2026-02-01\
-----------------/'
is "$(jqr .errors)" 0 "a setext H2 is read as a release"
check "unclosed fence" unclosed error 10 '9a\
  ```'
is "$(jqr .errors)" 1 "an unclosed fence: that is the error (the releases it hides are not read)"
check "unclosed comment" unclosed error 10 '9a\
<!-- to do:'

# Fences, comments and CRLF do not confuse the parser.
printf '%s' "$GOOD" | sed '9a\
  ```\
  ## [9.9.9] not a heading\
  ```\
<!-- a comment\
## [8.8.8] nor this -->' >f.md
run rel-changelog lint f.md
is "$rc" 0 "headings inside fences and comments are not read"
printf '%s' "$GOOD" | sed 's/$/\r/' >f.md
run rel-changelog lint f.md
is "$rc" 0 "a CRLF file lints clean"

# Outside input: an empty file, binary junk, a missing file.
: >f.md
run rel-changelog lint f.md
is "$rc" 1 "empty file: errors"
is "$(jqr '[.diagnostics[].rule] | join(",")')" "h1-first,unreleased-missing" "empty file: rules"
head -c 3000 /dev/urandom >f.md 2>/dev/null
run rel-changelog lint f.md
is "$rc" 1 "binary junk: exit 1"
is "$(jqr .ok)" false "binary junk: valid JSON"
run rel-changelog lint missing.md
is "$rc" 3 "missing file: exit 3"
is "$out" "" "missing file: nothing on stdout"
like "$err" "^rel-changelog: cannot read 'missing.md': " "missing file: message"
run rel-changelog frobnicate f.md
is "$rc" 2 "unknown command: exit 2"
done_testing
