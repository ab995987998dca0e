#!/bin/sh
# rel-gitlog against git log over the same 100,000 commits: time as a
# ratio to the floor (the best of 5 runs each), and peak RSS at 10,000
# and 100,000 commits.
# The repository (fast-import, cached in build/bench/history-100k-files)
# looks like a real one: each commit changes a file of 20 lines among 400
# in 20 directories, messages of real sizes (a header, most with a body
# of three lines, some with trailers), a tag every 1,000 commits, packed
# by git gc, which writes a commit-graph file too (git log walks it, and
# then inflates every commit for its message, as rel-gitlog does: both
# spend the same instructions in zlib, most of git log's time).
set -eu
TOP=$(cd "$(dirname "$0")/../.." && pwd)
PATH="$TOP/bin:$TOP/build/tests:$PATH"
. "$TOP/tests/bench/lib.sh"
REPO=$TOP/build/bench/history-100k-files
N=100000

# fast_import_stream N: N commits on main, each changing one file, tag
# v0.K.0 every 1,000th, branch at-10000 at the 10,000th.
fast_import_stream() {
	awk -v n="$1" 'BEGIN {
		split("feat fix docs refactor perf test chore", types, " ")
		split("api cli core parser", scopes, " ")
		srand(42)
		for (i = 1; i <= n; i++) {
			t = types[i % 7 + 1]
			msg = sprintf("%s(%s): change number %d to the way things work\n", t, scopes[i % 4 + 1], i)
			if (i % 3 != 0)
				msg = msg sprintf("\nWhy change %d: a body paragraph that explains the change\nover a few lines, as real commit messages do, with enough\nwords to be the usual size of a commit message body.\n", i)
			if (i % 5 == 0)
				msg = msg sprintf("\nRefs: #%d\nReviewed-by: Grace Hopper <grace@example.org>\n", i)
			if (i % 997 == 0)
				msg = "Merge-free housekeeping without a type " i "\n"
			when = 1767225600 + i * 60
			printf "commit refs/heads/main\nmark :%d\n", i
			printf "author Ada Lovelace <ada@example.org> %d +0000\n", when
			printf "committer Ada Lovelace <ada@example.org> %d +0000\n", when
			printf "data %d\n%s", length(msg), msg
			if (i > 1)
				printf "from :%d\n", i - 1
			f = int(rand() * 400)
			body = ""
			for (k = 0; k < 20; k++)
				body = body sprintf("line %d of file %d, last changed by commit %d\n", k, f, k == i % 20 ? i : f)
			printf "M 644 inline src/d%d/f%d.c\ndata %d\n%s\n", f % 20, f, length(body), body
			if (i == 10000)
				printf "reset refs/heads/at-10000\nfrom :%d\n\n", i
			if (i % 1000 == 0)
				printf "reset refs/tags/v0.%d.0\nfrom :%d\n\n", i / 1000, i
		}
	}'
}

make_history() {
	rm -rf "$REPO.tmp"
	git init -q --bare "$REPO.tmp"
	fast_import_stream "$N" | git -C "$REPO.tmp" fast-import --quiet
	git -C "$REPO.tmp" symbolic-ref HEAD refs/heads/main
	git -C "$REPO.tmp" gc -q
	mv "$REPO.tmp" "$REPO"
}

mkdir -p "$TOP/build/bench"
[ -d "$REPO" ] || { echo "gitlog: building $N commits in $REPO"; make_history; }
graph=no
[ ! -f "$REPO/objects/info/commit-graph" ] || graph=yes

# The prefix "none-" matches no tag, so the whole history is walked.
for range in "at-10000:10000" "main:100000"; do
	rev=${range%%:*}
	count=${range#*:}
	got=$(rel-gitlog -q -C "$REPO" --tag-prefix none- --to "$rev" |
		jq .summary.count)
	[ "$got" = "$count" ] || { echo "gitlog: walked $got commits, want $count"; exit 1; }
	ours=$(best_of 5 rel-gitlog -q -C "$REPO" --tag-prefix none- --to "$rev")
	floor=$(best_of 5 git -C "$REPO" log --format=%H%x00%B "$rev")
	awk -v n="$count" -v o="$(field wall_ms "$ours")" -v f="$(field wall_ms "$floor")" \
	    -v oc="$(field cpu_ms "$ours")" -v fc="$(field cpu_ms "$floor")" \
	    -v rss="$(field maxrss_kib "$ours")" -v grss="$(field maxrss_kib "$floor")" -v g="$graph" 'BEGIN {
		printf "gitlog: %d commits: rel-gitlog %.0f ms, git log %.0f ms, ratio %.2f (target <= 1.5; CPU time ratio %.2f; commit-graph: %s)\n", n, o, f, o / f, oc / fc, g
		printf "gitlog: %d commits: rel-gitlog peak RSS %.1f MiB (target < 64), git log %.1f MiB\n", n, rss / 1024, grss / 1024
	}'
done
