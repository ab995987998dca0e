#!/bin/sh
# rel-changelog on a generated changelog of 2,000 releases (about 1.5 MB):
# lint and release -i against the floor, one pass over the same bytes
# (grep -c '^## ' FILE), measured in the same run. Best of $RUNS runs each,
# by CPU time (user + system: steadier than wall time on a shared
# machine) and by wall time.
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
RUNS=${RUNS:-11}
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

# best CMD...: "CPU_MS WALL_MS", each the lowest of $RUNS runs (runs
# $PREP before each, untimed).
PREP=:
best() {
	for _i in $(seq "$RUNS"); do
		eval "$PREP"
		"$RUNSTAT" -- "$@" || { echo "bench: $* failed" >&2; exit 1; }
	done | sed 's/^wall_ms=\([0-9.]*\) cpu_ms=\([0-9.]*\) .*/\2 \1/' |
	    awk 'NR == 1 || $1 < c { c = $1 } NR == 1 || $2 < w { w = $2 }
		END { print c, w }'
}

bytes=$(wc -c <"$FILE")
"$BIN" lint "$FILE" >/dev/null 2>&1 || { echo "bench: generated file does not lint" >&2; exit 1; }
floor=$(best grep -c '^## ' "$FILE")
lint=$(best "$BIN" lint "$FILE")
PREP="cp '$FILE' '$DIR/release.md' && sync '$DIR/release.md'"
release=$(best "$BIN" release -r 21.0.0 --date 2026-01-01 -i "$DIR/release.md")
rewrite=$(best "$TOP/build/tests/rewrite" "$DIR/release.md")
PREP=:
echo "rel-changelog: $(grep -c '^## \[' "$FILE") releases, $bytes bytes (best of $RUNS)"
echo "$floor $lint $release $rewrite" | awk '{
	printf "  floor grep -c:  cpu %6.2f ms  wall %6.2f ms\n", $1, $2
	printf "  lint:           cpu %6.2f ms  wall %6.2f ms  ratio cpu %.2f wall %.2f (target <= 3)\n", $3, $4, $3 / $1, $4 / $2
	printf "  release -i:     cpu %6.2f ms  wall %6.2f ms  ratio cpu %.2f wall %.2f (target <= 3)\n", $5, $6, $5 / $1, $6 / $2
	printf "  (rewrite only:  cpu %6.2f ms  wall %6.2f ms  ratio cpu %.2f wall %.2f)\n", $7, $8, $7 / $1, $8 / $2
}'
