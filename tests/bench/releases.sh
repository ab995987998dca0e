#!/bin/sh
# A whole changelog from a whole history: rel-gitlog --releases piped
# into rel-changelog generate, against git log --format=%H%x00%B over
# the same history (the floor), the best of 3 runs each; peak RSS of
# each side of the pipe. Then the same on this project's own history.
# The history (fast-import, cached in build/bench/history-releases):
# 200,000 commits on main that each change a file, conventional messages
# (some with bodies and footers), a release tag every 1,000 commits.
set -eu
TOP=$(cd "$(dirname "$0")/../.." && pwd)
PATH="$TOP/bin:$TOP/build/tests:$PATH"
. "$TOP/tests/bench/lib.sh"
REPO=$TOP/build/bench/history-releases
N=200000
URL=https://github.com/o/r

fast_import_stream() {
	awk -v n="$1" 'BEGIN {
		split("feat fix docs refactor perf test chore", types, " ")
		split("api cli core parser", scopes, " ")
		for (i = 1; i <= n; i++) {
			msg = sprintf("%s(%s): change number %d\n", types[i % 7 + 1], scopes[i % 4 + 1], i)
			if (i % 3 == 0)
				msg = msg sprintf("\nWhy change %d: a body paragraph that\nexplains it over two lines.\n", i)
			if (i % 5 == 0)
				msg = msg sprintf("\nRefs: #%d\n", i)
			if (i % 997 == 0)
				msg = "Housekeeping without a type " i "\n"
			body = sprintf("line %d of file %d\n", i, i % 100)
			when = 1767225600 + i * 60
			printf "commit refs/heads/main\nmark :%d\n", i
			printf "author Ada Lovelace <ada@example.org> %d +0000\n", when
			printf "committer Ada Lovelace <ada@example.org> %d +0000\n", when
			printf "data %d\n%s", length(msg), msg
			if (i > 1)
				printf "from :%d\n", i - 1
			printf "M 644 inline src/f%d.txt\ndata %d\n%s\n", i % 100, length(body), body
			if (i % 1000 == 0)
				printf "reset refs/tags/v1.%d.0\nfrom :%d\n\n", i / 1000, i
		}
	}'
}

make_history() {
	rm -rf "$REPO.tmp"
	git init -q --bare "$REPO.tmp"
	fast_import_stream "$N" | git -C "$REPO.tmp" fast-import --quiet
	git -C "$REPO.tmp" symbolic-ref HEAD refs/heads/main
	mv "$REPO.tmp" "$REPO"
}

mkdir -p "$TOP/build/bench"
[ -d "$REPO" ] || { echo "releases: building $N commits in $REPO"; make_history; }

# pipeline REPO: the whole changelog of REPO, to stdout.
pipeline() {
	rel-gitlog -q -C "$1" --releases | rel-changelog generate --url $URL
}

# measure NAME REPO: the pipeline against the floor, printed.
measure() {
	_name=$1
	_repo=$2
	_doc=$TOP/build/bench/releases-doc.json
	_out=$TOP/build/bench/releases-changelog.md
	pipeline "$_repo" >"$_out"
	rel-changelog lint "$_out" >/dev/null 2>&1 ||
	    { echo "releases: $_name: the generated file does not lint clean"; exit 1; }
	_releases=$(grep -c '^## \[[0-9]' "$_out" || true)
	_commits=$(git -C "$_repo" rev-list --count HEAD)
	ours=$(best_of 3 sh -c "rel-gitlog -q -C '$_repo' --releases | rel-changelog generate --url $URL")
	floor=$(best_of 3 git -C "$_repo" log --format=%H%x00%B HEAD)
	rel-gitlog -q -C "$_repo" --releases >"$_doc"
	gitlog=$(runstat -- rel-gitlog -q -C "$_repo" --releases)
	generate=$(runstat -i "$_doc" -- rel-changelog generate --url $URL)
	awk -v name="$_name" -v n="$_commits" -v r="$_releases" \
	    -v o="$(field wall_ms "$ours")" -v f="$(field wall_ms "$floor")" \
	    -v oc="$(field cpu_ms "$ours")" -v fc="$(field cpu_ms "$floor")" \
	    -v grss="$(field maxrss_kib "$gitlog")" -v crss="$(field maxrss_kib "$generate")" \
	    -v frss="$(field maxrss_kib "$floor")" -v size="$(wc -c <"$_doc")" 'BEGIN {
		printf "releases: %s: %d commits, %d releases: rel-gitlog --releases | rel-changelog generate %.0f ms, git log %.0f ms, ratio %.2f (target <= 3; CPU time %.0f ms vs %.0f ms)\n", name, n, r, o, f, (f > 0 ? o / f : 0), oc, fc
		printf "releases: %s: peak RSS rel-gitlog --releases %.1f MiB, rel-changelog generate %.1f MiB (target < 64), git log %.1f MiB; the document %.1f MiB\n", name, grss / 1024, crss / 1024, frss / 1024, size / 1048576
	}'
	rm -f "$_doc" "$_out"
}

measure "generated history" "$REPO"
if git -C "$TOP" rev-parse -q --verify HEAD >/dev/null 2>&1; then
	measure "this project's own history" "$TOP"
fi
