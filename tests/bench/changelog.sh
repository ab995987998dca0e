#!/bin/sh
# rel-changelog on a generated changelog of 2,000 releases (about 1.6 MB):
# lint and release -i against the floor, one pass over the same bytes
# (grep -c '^## ' FILE), measured in the same run. Best of 5 runs each.
set -eu
TOP=$(cd "$(dirname "$0")/../.." && pwd)
DIR="$TOP/build/bench"
BIN="$TOP/bin/rel-changelog"
RUNSTAT="$TOP/build/tests/runstat"
RUNS=5
mkdir -p "$DIR"
FILE="$DIR/changelog-2000.md"

awk 'BEGIN {
	n = 2000
	print "# Changelog\n"
	print "All notable changes to this project are documented in this file.\n"
	print "## [Unreleased]\n\n### Added\n\n- **cli:** an option for the next release (#9999)\n"
	for (i = n; i >= 1; i--) {
		v = int(i / 100) "." int(i / 10) % 10 "." i % 10
		d = sprintf("%04d-%02d-%02d", 2000 + int(i / 100), 1 + int(i / 10) % 10, 1 + i % 10)
		vs[i] = v
		printf "## [%s] - %s\n\n", v, d
		print "### Added\n"
		for (k = 0; k < 4; k++)
			printf "- **scope%d:** a new feature described in one line of text (%07x)\n", k, i * 16 + k
		print "\n### Changed\n"
		for (k = 0; k < 3; k++)
			printf "- **core:** a change that users of release %s should know about\n", v
		print "\n### Fixed\n"
		for (k = 0; k < 3; k++)
			printf "- a bug that was fixed, with its issue number (#%d)\n", i * 10 + k
		print ""
	}
	printf "[unreleased]: https://github.com/o/r/compare/v%s...HEAD\n", vs[n]
	for (i = n; i > 1; i--)
		printf "[%s]: https://github.com/o/r/compare/v%s...v%s\n", vs[i], vs[i - 1], vs[i]
	printf "[%s]: https://github.com/o/r/releases/tag/v%s\n", vs[1], vs[1]
}' >"$FILE"

# best CMD...: the lowest wall time of $RUNS runs, in ms (runs $PREP first).
PREP=:
best() {
	_best=
	for _i in $(seq "$RUNS"); do
		eval "$PREP"
		_ms=$("$RUNSTAT" -- "$@" | sed 's/^wall_ms=\([0-9.]*\) .*/\1/')
		if [ -z "$_best" ] || awk "BEGIN { exit !($_ms < $_best) }"; then
			_best=$_ms
		fi
	done
	echo "$_best"
}

bytes=$(wc -c <"$FILE")
"$BIN" lint "$FILE" >/dev/null 2>&1 || { echo "bench: generated file does not lint" >&2; exit 1; }
floor=$(best grep -c '^## ' "$FILE")
lint=$(best "$BIN" lint "$FILE")
PREP="cp '$FILE' '$DIR/release.md'"
release=$(best "$BIN" release -r 21.0.0 --date 2026-01-01 -i "$DIR/release.md")
PREP=:
echo "rel-changelog: $(grep -c '^## \[' "$FILE") releases, $bytes bytes (best of $RUNS)"
awk -v f="$floor" -v l="$lint" -v r="$release" 'BEGIN {
	printf "  floor grep -c:   %7.1f ms\n", f
	printf "  lint:            %7.1f ms  ratio %.2f (target <= 3)\n", l, l / f
	printf "  release -i:      %7.1f ms  ratio %.2f (target <= 3)\n", r, r / f
}'
