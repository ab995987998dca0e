#!/bin/sh
# rel-gitlog against git log over the same 100,000 commits: time as a
# ratio to the floor (the best of 5 runs each), and peak RSS at 10,000
# and 100,000 commits.
# The repository (fast-import, conventional messages, a tag every 1,000
# commits) is cached in build/bench/history-100k.
set -eu
TOP=$(cd "$(dirname "$0")/../.." && pwd)
PATH="$TOP/bin:$TOP/build/tests:$PATH"
. "$TOP/tests/bench/lib.sh"
REPO=$TOP/build/bench/history-100k
N=100000

# fast_import_stream N: N commits on main, tag v0.K.0 every 1,000th,
# branch at-10000 at the 10,000th.
fast_import_stream() {
	awk -v n="$1" 'BEGIN {
		split("feat fix docs refactor perf test chore", types, " ")
		split("api cli core parser", scopes, " ")
		for (i = 1; i <= n; i++) {
			t = types[i % 7 + 1]
			msg = sprintf("%s(%s): change number %d\n", t, scopes[i % 4 + 1], i)
			if (i % 3 == 0)
				msg = msg sprintf("\nWhy change %d: a body paragraph that\nexplains it over two lines.\n", i)
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
			printf "\n"
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
	mv "$REPO.tmp" "$REPO"
}

[ -d "$REPO" ] || { echo "gitlog: building $N commits in $REPO"; make_history; }
mkdir -p "$TOP/build/bench"

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
	    -v rss="$(field maxrss_kib "$ours")" -v grss="$(field maxrss_kib "$floor")" 'BEGIN {
		printf "gitlog: %d commits: rel-gitlog %.0f ms, git log %.0f ms, ratio %.2f (target <= 1.5; CPU time ratio %.2f)\n", n, o, f, o / f, oc / fc
		printf "gitlog: %d commits: rel-gitlog peak RSS %.1f MiB (target < 64), git log %.1f MiB\n", n, rss / 1024, grss / 1024
	}'
done
