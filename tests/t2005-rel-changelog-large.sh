#!/bin/sh
# rel-changelog on files of more than a megabyte, whose model lives in an
# arena (lib/arena.c): the same answers as on a small file, including when
# the model outgrows the arena (lines of two bytes).
. "$(dirname "$0")/lib.sh"
cd "$TMP" || exit 1

# big N: a changelog of N releases, each with three items, and their links.
big() {
	awk -v n="$1" 'BEGIN {
		print "# Changelog\n\n## [Unreleased]\n\n### Added\n\n- next\n"
		for (i = n; i >= 1; i--) {
			printf "## [1.%d.0] - 2020-01-01\n\n### Fixed\n\n", i
			printf "- one (#%d)\n- two\n- three\n\n", i
		}
		printf "[unreleased]: https://github.com/o/r/compare/v1.%d.0...HEAD\n", n
		for (i = n; i > 1; i--)
			printf "[1.%d.0]: https://github.com/o/r/compare/v1.%d.0...v1.%d.0\n", i, i - 1, i
		print "[1.1.0]: https://github.com/o/r/releases/tag/v1.1.0"
	}'
}

big 12000 >big.md
size=$(wc -c <big.md)
[ "$size" -gt 1048576 ]
ok $? "the file is over a megabyte ($size bytes)"
run rel-changelog lint big.md
is "$rc" 0 "lint: exit 0"
is "$(jqr .errors)" 0 "lint: no errors"
run rel-changelog show -r 1.1.0 big.md
is "$rc" 0 "show: exit 0"
is "$(jqr '[.release.sections[0].items[].text] | join(",")')" "one (#1),two,three" \
	"show: the last release's items"
is "$(jqr '.release.sections[0].items[2].line')" "$(grep -n '^- three' big.md | tail -1 | cut -d: -f1)" \
	"show: the line of its last item"

cp big.md before.md
run rel-changelog release -r 2.0.0 --date 2026-01-01 big.md
is "$rc" 0 "release to stdout: exit 0"
cp "$TMP/.out" expected.md
{ sed -n 1,4p before.md; printf '## [2.0.0] - 2026-01-01\n\n'; sed -n '5,$p' before.md |
	sed 's|^\[unreleased\]: .*|[unreleased]: https://github.com/o/r/compare/v2.0.0...HEAD\
[2.0.0]: https://github.com/o/r/compare/v1.12000.0...v2.0.0|'; } >want.md
cmp -s want.md expected.md
ok $? "release: the new heading and links, every other byte kept"
run rel-changelog release -r 2.0.0 --date 2026-01-01 -i big.md
is "$rc" 0 "release -i: exit 0"
cmp -s big.md expected.md
ok $? "release -i: the file is what release printed"
is "$(jqr '.previous')" 1.12000.0 "release -i: previous"

# Items of four bytes: the model needs several times what the arena holds.
{ printf '# Changelog\n\n## [Unreleased]\n\n### Added\n\n'
  awk 'BEGIN { for (i = 0; i < 300000; i++) print "- a" }'
  printf '\n## [1.0.0] - 2020-01-01\n\n### Fixed\n\n- x\n'; } >dense.md
run rel-changelog lint dense.md
is "$rc" 0 "dense: exit 0"
is "$(jqr '[.errors, .warnings] | @tsv')" "0	0" "dense: no errors, no warnings (no links at all is fine)"
run rel-changelog show -r unreleased dense.md
is "$(jqr '.release.sections[0].items | length')" 300000 "dense: every item"
is "$(jqr '.release.sections[0].items[299999].line')" 300006 "dense: the last item's line"
run rel-changelog show -r 1.0.0 dense.md
is "$(jqr '.release.sections[0].items[0].line')" 300012 "dense: the release after them is where it is"

# Many diagnostics: their array grows in the arena too, and comes out
# sorted by line.
{ printf '# Changelog\n\n## [Unreleased]\n\n'
  awk 'BEGIN { for (i = 0; i < 100000; i++) printf "### Misc %d\n- item\n", i }'; } >noisy.md
size=$(wc -c <noisy.md)
[ "$size" -gt 1048576 ]
ok $? "noisy: over a megabyte ($size bytes)"
run rel-changelog lint noisy.md
is "$rc" 1 "noisy: exit 1"
is "$(jqr '[.errors, .warnings] | @tsv')" "100000	0" "noisy: an error for each unknown section"
is "$(jqr '[.diagnostics[0].line, .diagnostics[99999].line, .diagnostics[99999].rule] | @tsv')" \
	"5	200003	section-name" "noisy: the first and the last, in order of lines"
is "$(grep -c 'error:' "$TMP/.err")" 100000 "noisy: each on stderr too"

done_testing
