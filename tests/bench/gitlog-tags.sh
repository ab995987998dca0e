#!/bin/sh
# rel-gitlog with no options on a history with many tags, against the
# floor: git tag --merged HEAD (which release tags HEAD contains) plus
# git log of the range it then reports. The best of 5 runs each.
# The history (fast-import, cached in build/bench/history-tags): 8,000
# commits on main that each change a file, as real ones do (so git packs
# and deltifies them), a release tag every 40 (200 tags), a maintenance
# branch with 40 patch releases, and 60 branches never merged, each with
# a release tag above every release of main.
# git gc writes a commit-graph file (with git 2.36 and later, generation
# data chunks libgit2 1.5 refuses): the floor's git tag --merged walks it
# without reading commits, and so does rel-gitlog's walk for tags
# (lib/git/commitgraph.h); the line says whether the file is there.
set -eu
TOP=$(cd "$(dirname "$0")/../.." && pwd)
PATH="$TOP/bin:$TOP/build/tests:$PATH"
. "$TOP/tests/bench/lib.sh"
REPO=$TOP/build/bench/history-tags
N=8006

fast_import_stream() {
	awk -v n="$1" 'BEGIN {
		split("feat fix docs refactor perf test chore", types, " ")
		for (i = 1; i <= n; i++) {
			msg = sprintf("%s(core): change number %d\n", types[i % 7 + 1], i)
			if (i % 3 == 0)
				msg = msg sprintf("\nWhy change %d: a body paragraph.\n", i)
			body = sprintf("line %d of file %d\n", i, i % 50)
			when = 1767225600 + i * 60
			printf "commit refs/heads/main\nmark :%d\n", i
			printf "author Ada <ada@example.org> %d +0000\n", when
			printf "committer Ada <ada@example.org> %d +0000\n", when
			printf "data %d\n%s", length(msg), msg
			if (i > 1)
				printf "from :%d\n", i - 1
			printf "M 644 inline src/f%d.txt\ndata %d\n%s\n", i % 50, length(body), body
			if (i % 40 == 0)
				printf "reset refs/tags/v1.%d.0\nfrom :%d\n\n", i / 40, i
			# 60 branches never merged, each tagged above main.
			if (i % 130 == 0 && i / 130 <= 60) {
				b = i / 130
				printf "commit refs/heads/side-%d\nauthor Ada <ada@example.org> %d +0000\n", b, when + 30
				printf "committer Ada <ada@example.org> %d +0000\n", when + 30
				m = "feat: side branch\n"
				printf "data %d\n%sfrom :%d\n", length(m), m, i
				printf "M 644 inline side.txt\ndata 5\nside\n\n"
				printf "reset refs/tags/v9.%d.0\nfrom refs/heads/side-%d\n\n", b, b
			}
			# A maintenance branch of 1.50.x at 2,000: 40 patch releases.
			if (i == 2000)
				printf "reset refs/heads/maint-1.50\nfrom :%d\n\n", i
		}
		for (j = 1; j <= 40; j++) {
			when = 1767225600 + (2000 + j) * 60 + 15
			printf "commit refs/heads/maint-1.50\nauthor Ada <ada@example.org> %d +0000\n", when
			printf "committer Ada <ada@example.org> %d +0000\n", when
			m = "fix: maintenance\n"
			printf "data %d\n%s", length(m), m
			printf "M 644 inline maint.txt\ndata %d\n%d\n\n", length(j "") + 1, j
			printf "reset refs/tags/v1.50.%d\nfrom refs/heads/maint-1.50\n\n", j
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
[ -d "$REPO" ] || { echo "gitlog-tags: building $N commits in $REPO"; make_history; }

tags=$(git -C "$REPO" tag | wc -l)
base=$(rel-gitlog -q -C "$REPO" | jq -r .from.tag)
count=$(rel-gitlog -q -C "$REPO" | jq .summary.count)
ours=$(best_of 5 rel-gitlog -q -C "$REPO")
merged=$(best_of 5 git -C "$REPO" tag --merged HEAD)
log=$(best_of 5 git -C "$REPO" log --format=%H%x00%B "$base..HEAD")
graph=no
[ ! -f "$REPO/objects/info/commit-graph" ] || graph=yes
awk -v t="$tags" -v b="$base" -v c="$count" -v o="$(field wall_ms "$ours")" -v g="$graph" \
    -v m="$(field wall_ms "$merged")" -v l="$(field wall_ms "$log")" 'BEGIN {
	printf "gitlog-tags: %d tags, base %s, %d commits: rel-gitlog %.1f ms, git tag --merged HEAD %.1f ms + git log %.1f ms, ratio %.2f (target <= 1.5; commit-graph: %s)\n", t, b, c, o, m, l, o / (m + l), g
}'
