#!/bin/sh
# rel-changelog on a generated changelog of 2,000 releases (about 1.5 MB):
# lint and release -i against the floor, one pass over the same bytes
# (grep -c '^## ' FILE), measured in the same run, taking turns. By CPU
# time (user + system: steadier than wall time on a shared machine) and by
# wall time.
#
# release -i gets a fresh copy of the file before each run, untimed, and
# synced so that its writeback does not fall into the timed run (a
# changelog is normally at rest on disk). For scale, the durable rewrite
# alone of the same bytes (temporary file, fsync, rename, fsync of the
# directory: what release -i cannot do without) is measured the same way.
#
# In the C locale: in another, grep spends about 0.3 ms at start-up loading
# locale files (rel-changelog loads none), so the floor, and every ratio,
# would depend on the caller's environment.
set -eu
LC_ALL=C
export LC_ALL
TOP=$(cd "$(dirname "$0")/../.." && pwd)
DIR="$TOP/build/bench"
BIN="$TOP/bin/rel-changelog"
RUNSTAT="$TOP/build/tests/runstat"
RUNS=${RUNS:-21}
mkdir -p "$DIR"
rm -f "$DIR"/*.runs
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

# The four commands take turns, $RUNS rounds, so that a change in the
# machine's speed during the run (it is shared) weighs on all of them
# alike; each is reported by its fastest run and its median run, by CPU
# time (user + system) and by wall time. release -i and rewrite get a
# fresh copy of the file before each run, untimed.
bytes=$(wc -c <"$FILE")
"$BIN" lint "$FILE" >/dev/null 2>&1 || { echo "bench: generated file does not lint" >&2; exit 1; }
fresh() { cp "$FILE" "$DIR/release.md" && sync "$DIR/release.md"; }
# measure CMD...: "CPU_MS WALL_MS" of one run
measure() {
	_line=$("$RUNSTAT" -- "$@" 2>/dev/null) || { echo "bench: $* failed" >&2; exit 1; }
	printf '%s\n' "$_line" | sed 's/^wall_ms=\([0-9.]*\) cpu_ms=\([0-9.]*\) .*/\2 \1/'
}
for _i in $(seq "$RUNS"); do
	measure grep -c '^## ' "$FILE" >>"$DIR/floor.runs"
	measure "$BIN" lint "$FILE" >>"$DIR/lint.runs"
	fresh
	measure "$BIN" release -r 21.0.0 --date 2026-01-01 -i "$DIR/release.md" >>"$DIR/release.runs"
	fresh
	measure "$TOP/build/tests/rewrite" "$DIR/release.md" >>"$DIR/rewrite.runs"
done
# stats NAME: "CPU_MIN WALL_MIN CPU_MEDIAN WALL_MEDIAN" of NAME's runs
stats() {
	{ sort -n "$DIR/$1.runs" | awk '{ c[NR] = $1 } END { print c[1], c[int((NR + 1) / 2)] }'
	  sort -k2 -n "$DIR/$1.runs" | awk '{ w[NR] = $2 } END { print w[1], w[int((NR + 1) / 2)] }'; } |
	    tr '\n' ' ' | awk '{ print $1, $3, $2, $4 }'
}
echo "rel-changelog: $(grep -c '^## \[' "$FILE") releases, $bytes bytes ($RUNS rounds; fastest, and median)"
echo "$(stats floor) $(stats lint) $(stats release) $(stats rewrite)" | awk '
function line(name, i) {
	printf "  %-15s cpu %5.2f ms  wall %5.2f ms", name, $i, $(i + 1)
	if (i > 1)
		printf "  ratio cpu %.2f wall %.2f (median: cpu %.2f wall %.2f)", $i / $1, $(i + 1) / $2, $(i + 2) / $3, $(i + 3) / $4
	printf "\n"
}
{
	line("floor grep -c:", 1)
	line("lint:", 5)
	line("release -i:", 9)
	line("rewrite only:", 13)
	print "  (target for lint and release -i: ratio <= 3; rewrite only: the durable"
	print "   replacement of the file alone, no parsing, which release -i includes)"
}'
