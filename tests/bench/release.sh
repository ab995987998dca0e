#!/bin/sh
# rel-check and rel-tag against the git commands that do the same work
# (the floor), on a project with 20,000 commits and a local bare remote:
# best of 5 runs each, wall time and the ratio to the floor.
set -eu
TOP=$(cd "$(dirname "$0")/../.." && pwd)
PATH="$TOP/bin:$TOP/build/tests:$PATH"
. "$TOP/tests/bench/lib.sh"
B=$(mktemp -d "${TMPDIR:-/tmp}/reltools-bench.XXXXXX")
trap 'rm -rf "$B"' EXIT
export HOME="$B" GIT_CONFIG_NOSYSTEM=1 GIT_CONFIG_GLOBAL="$B/.gitconfig"
git config --global user.name "Ada Lovelace"
git config --global user.email "ada@example.org"
git config --global init.defaultBranch main
N=20000

# A history of N commits (a tag every 1,000) with a changelog at the tip.
git init -q --bare "$B/p.git"
awk -v n="$N" 'BEGIN {
	for (i = 1; i <= n; i++) {
		msg = sprintf("%s: change %d\n", i % 3 ? "fix" : "feat", i)
		printf "commit refs/heads/main\nmark :%d\n", i
		printf "committer Ada Lovelace <ada@example.org> %d +0000\n", 1767225600 + i
		printf "data %d\n%s", length(msg), msg
		if (i > 1)
			printf "from :%d\n", i - 1
		printf "\n"
		if (i % 1000 == 0 && i < n)
			printf "tag v0.%d.0\nfrom :%d\ntagger Ada Lovelace <ada@example.org> %d +0000\ndata 0\n\n", i / 1000, i, 1767225600 + i
	}
}' | git -C "$B/p.git" fast-import --quiet
git clone -q "$B/p.git" "$B/p"
printf '# Changelog\n\n## [Unreleased]\n\n### Added\n\n- A widget.\n' >"$B/p/CHANGELOG.md"
git -C "$B/p" add CHANGELOG.md
git -C "$B/p" commit -qm "docs: a changelog"
git -C "$B/p" push -q origin main
next=$(rel-gitlog -q -C "$B/p" | jq -r .summary.next)

check=$(best_of 5 rel-check -q -C "$B/p" -r "$next" --no-ci)
floor=$(best_of 5 sh -c 'cd "$1" && git status --porcelain >/dev/null &&
	git fetch -q origin && git ls-remote origin >/dev/null &&
	git log --format=%B "$2..HEAD" >/dev/null' sh "$B/p" "v0.$((N / 1000 - 1)).0")
echo "release: rel-check --no-ci, $N commits: $(field wall_ms "$check") ms;" \
	"floor (git status, fetch, ls-remote, log) $(field wall_ms "$floor") ms;" \
	"ratio $(ratio "$(field wall_ms "$check")" "$(field wall_ms "$floor")")"

# rel-tag: each run on a fresh copy of the project and its remote.
(cd "$B/p" && rel-gitlog -q | rel-changelog release -q -r "$next" -i >/dev/null)
cp -r "$B/p" "$B/p.tmpl"
cp -r "$B/p.git" "$B/p.git.tmpl"
fresh() { rm -rf "$B/p" "$B/p.git"; cp -r "$B/p.tmpl" "$B/p"; cp -r "$B/p.git.tmpl" "$B/p.git"; }
BEST_OF_SETUP=fresh
tag=$(best_of 5 rel-tag -q -C "$B/p" -r "$next" --push)
floor=$(best_of 5 sh -c 'cd "$1" && rel-changelog notes -r "$2" >"$3/notes" &&
	git commit -qam "release: v$2" && git tag -a "v$2" -F "$3/notes" &&
	git push -q origin main "v$2"' sh "$B/p" "$next" "$B")
BEST_OF_SETUP=
echo "release: rel-tag --push: $(field wall_ms "$tag") ms;" \
	"floor (notes, git commit, tag -a, push) $(field wall_ms "$floor") ms;" \
	"ratio $(ratio "$(field wall_ms "$tag")" "$(field wall_ms "$floor")")"
