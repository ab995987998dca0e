#!/bin/sh
# rel-gitlog: the Conventional Commits spec's own examples, repositories
# reached through GIT_DIR, a bare clone or a worktree, criss-cross merges
# against git rev-list, and the messages for people.
. "$(dirname "$0")/lib.sh"

# The examples of https://www.conventionalcommits.org/en/v1.0.0/.
S=$TMP/spec
history "$S" "chore: start" +v1.0.0
commit 'feat: allow provided config object to extend other configs

BREAKING CHANGE: `extends` key in config file is now used for extending other config files' "$S"
commit 'feat!: send an email to the customer when a product is shipped' "$S"
commit 'feat(api)!: send an email to the customer when a product is shipped' "$S"
commit 'chore!: drop support for Node 6

BREAKING CHANGE: use JavaScript features not available in Node 6.' "$S"
commit 'docs: correct spelling of CHANGELOG' "$S"
commit 'feat(lang): add Polish language' "$S"
commit 'fix: prevent racing of requests

Introduce a request id and a reference to latest request. Dismiss
incoming responses other than from latest request.

Remove timeouts which were used to mitigate the racing issue but are
obsolete now.

Reviewed-by: Z
Refs: #123' "$S"
commit 'revert: let us never again speak of the noodle incident

Refs: 676104e, a215868' "$S"
run rel-gitlog -C "$S"
is "$rc" 0 "spec examples: exit 0"
is "$(printf '%s' "$out" | jq -c '[.commits[] | [.type, .scope, .breaking]]')" \
	'[["revert",null,false],["fix",null,false],["feat","lang",false],["docs",null,false],["chore",null,true],["feat","api",true],["feat",null,true],["feat",null,true]]' \
	"spec examples: type, scope, breaking"
is "$(printf '%s' "$out" | jq -c '.commits[1] | [.body, .footers]')" \
	'["Introduce a request id and a reference to latest request. Dismiss\nincoming responses other than from latest request.\n\nRemove timeouts which were used to mitigate the racing issue but are\nobsolete now.",[{"token":"Reviewed-by","separator":":","value":"Z"},{"token":"Refs","separator":":","value":"#123"}]]' \
	"spec example: multi-paragraph body and two footers"
is "$(printf '%s' "$out" | jq -c '.commits[0] | [.revert, .reverts, .footers[0].value]')" \
	'[true,"676104e","676104e, a215868"]' "spec example: revert with Refs"
is "$(printf '%s' "$out" | jq -c '.commits[4].footers')" \
	'[{"token":"BREAKING CHANGE","separator":":","value":"use JavaScript features not available in Node 6."}]' \
	"spec example: chore! with a BREAKING CHANGE footer"
is "$(jqr '.summary | "\(.breaking) \(.bump) \(.next)"')" "4 major 2.0.0" "spec examples: 2.0.0"
is "$err" "rel-gitlog: 8 commits since 'v1.0.0', next 2.0.0 (major)" "progress line"

# --to an annotated tag: its commit, peeled; the tag object nowhere.
git -C "$S" tag -a -m "candidate" v2.0.0-rc.1 HEAD~1
run rel-gitlog -q -C "$S" --to v2.0.0-rc.1
is "$(printf '%s' "$out" | jq -c .to)" "{\"ref\":\"v2.0.0-rc.1\",\"commit\":\"$(git -C "$S" rev-parse HEAD~1)\"}" \
	"--to an annotated tag: peeled"
unlike "$out" "$(git -C "$S" rev-parse v2.0.0-rc.1)" "--to an annotated tag: no tag object id"
is "$(jqr '.summary.count')" 7 "--to an annotated tag: the commits up to it"
git -C "$S" tag -d v2.0.0-rc.1 >/dev/null

# --pretty and compact hold the same document.
run rel-gitlog -q -C "$S" --pretty
pretty=$(printf '%s' "$out" | jq -S .)
run rel-gitlog -q -C "$S"
is "$(printf '%s' "$out" | jq -S .)" "$pretty" "--pretty: same content"

# A BREAKING CHANGE footer under a header that is not conventional is
# kept, not counted, and said so; one commit is "1 commit".
B=$TMP/bc
history "$B" "feat: a" +v0.3.0
commit 'Rework the API

BREAKING CHANGE: the old calls are gone' "$B"
run rel-gitlog -C "$B"
is "$(jqr '.commits[0] | "\(.conventional) \(.breaking) \(.footers[0].token)"')" \
	"false false BREAKING CHANGE" "non-conventional: footer kept, not breaking"
is "$(jqr .summary.next)" 0.3.1 "non-conventional: a patch"
is "$err" "rel-gitlog: warning: commit $(git -C "$B" rev-parse --short=7 HEAD) has a 'BREAKING CHANGE' footer under a header that is not conventional: not counted as breaking
rel-gitlog: 1 commit since 'v0.3.0', next 0.3.1 (patch)" "non-conventional: warning, then 1 commit"

# --from after --to: git log's empty range, with a warning.
run rel-gitlog -C "$B" --from HEAD --to v0.3.0
is "$rc" 0 "--from after --to: exit 0"
is "$(jqr '.commits | length')" 0 "--from after --to: no commits"
like "$err" "^rel-gitlog: warning: --from 'HEAD' comes after --to 'v0.3.0': the range is empty$" \
	"--from after --to: warning"

# The same version tagged twice, the second time with build metadata on a
# later commit: the later tag is the base, the other is explained.
V=$TMP/twice
history "$V" "feat: a" +v1.2.3 +v1.2.3+a "fix: b" +v1.2.3+meta "fix: c"
git -C "$V" checkout -q -b side v1.2.3
commit "fix: d" "$V"
git -C "$V" tag v1.2.3+zz
git -C "$V" checkout -q main
run rel-gitlog -q -C "$V"
is "$(jqr .from.tag)" v1.2.3+meta "same version twice: the later tag is the base"
is "$(jqr '[.commits[].header] | join(",")')" "fix: c" "same version twice: only the commits after it"
is "$(printf '%s' "$out" | jq -c .ignored_tags)" \
	'[{"tag":"v1.2.3","reason":"same version as v1.2.3+meta, on a later commit"},{"tag":"v1.2.3+a","reason":"not higher than v1.2.3 on the same commit"},{"tag":"v1.2.3+zz","reason":"same version as v1.2.3+meta, not on a later commit"}]' \
	"same version twice: every other tag explained"
is "$(jqr .summary.next)" 1.2.4 "same version twice: next"

# GIT_DIR is honoured as git does; -C wins over it.
run env GIT_DIR="$S/.git" rel-gitlog -q
is "$rc" 0 "GIT_DIR: exit 0"
is "$(jqr .summary.next)" 2.0.0 "GIT_DIR: that repository"
run env GIT_DIR="$TMP/none" rel-gitlog -q
is "$rc" 2 "GIT_DIR not a repository: exit 2"
is "$err" "rel-gitlog: '$TMP/none' is not a git repository" "GIT_DIR not a repository: named"
run env GIT_DIR="$S/.git" rel-gitlog -q -C "$B"
is "$(jqr .summary.next)" 0.3.1 "-C wins over GIT_DIR"

# A bare clone and a linked worktree.
git clone -q --bare "$S" "$TMP/bare.git"
run rel-gitlog -q -C "$TMP/bare.git"
is "$(jqr '"\(.from.tag) \(.summary.count) \(.summary.next)"')" "v1.0.0 8 2.0.0" "bare clone"
git -C "$S" worktree add -q "$TMP/wt" HEAD~7 2>/dev/null
run rel-gitlog -q -C "$TMP/wt"
is "$(jqr '"\(.to.commit) \(.summary.count)"')" "$(git -C "$S" rev-parse HEAD~7) 1" "worktree: its own HEAD"

# Criss-cross merges: every commit once, the same set as git rev-list.
M=$TMP/criss
history "$M" "chore: root" +v1.0.0
git -C "$M" branch a
git -C "$M" branch b
merge() { tick; git -C "$M" merge -q --no-ff -m "Merge $1" "$1"; }
git -C "$M" checkout -q a; commit "feat: a1" "$M"
git -C "$M" checkout -q b; commit "fix: b1" "$M"
git -C "$M" checkout -q a; merge b
git -C "$M" checkout -q b; merge a~1; commit "fix: b2" "$M"
git -C "$M" checkout -q a; commit "feat: a2" "$M"; merge b
git -C "$M" checkout -q b; merge a; commit "fix: b3" "$M"
git -C "$M" checkout -q main; commit "fix: m1" "$M"; merge a; merge b
commit "fix: m2" "$M"
run rel-gitlog -q -C "$M"
is "$(jqr '.commits[].id' | sort)" "$(git -C "$M" rev-list --no-merges v1.0.0..HEAD | sort)" \
	"criss-cross: the commits of git rev-list --no-merges"
run rel-gitlog -q -C "$M" --merges
is "$(jqr '.commits[].id' | sort)" "$(git -C "$M" rev-list v1.0.0..HEAD | sort)" \
	"criss-cross --merges: the commits of git rev-list, each once"

# Commits dated before their parents: the walk trusts dates as git
# rev-list does, and lists what it lists (the man page says so).
K=$TMP/skew
new_repo "$K"
at() { GIT_COMMITTER_DATE="@$1 +0000" GIT_AUTHOR_DATE="@$1 +0000" \
	git -C "$K" commit -q --allow-empty -m "$2"; }
at 1000 "fix: r"
at 1100 "fix: x"
for i in 1 2 3 4 5 6 7 8 9 10; do at $((500 + i)) "fix: old$i"; done
git -C "$K" tag v1.0.0
git -C "$K" checkout -q -b side HEAD~10
at 3000 "fix: s"
git -C "$K" checkout -q main
GIT_COMMITTER_DATE="@3100 +0000" git -C "$K" merge -q --no-ff -m "Merge side" side
run rel-gitlog -q -C "$K"
is "$(jqr '.commits[].id')" "$(git -C "$K" rev-list --no-merges v1.0.0..HEAD)" \
	"dates going backwards: the commits of git rev-list, in its order"

# The release is dated before its parent, which the side branch reaches:
# the walk goes on down the release's history, as git does, and leaves
# the parent out.
K=$TMP/skew-root
new_repo "$K"
at 10 "fix: r"
git -C "$K" branch side
at 5 "fix: a"
git -C "$K" tag v1.0.0
at 200 "feat: m"
git -C "$K" checkout -q side
at 150 "fix: f"
git -C "$K" checkout -q main
GIT_COMMITTER_DATE="@300 +0000" git -C "$K" merge -q --no-ff -m "Merge side" side
run rel-gitlog -q -C "$K"
is "$(jqr '.commits[].id')" "$(git -C "$K" log --no-merges --format=%H v1.0.0..HEAD)" \
	"the release dated before its parent: the commits of git log"

done_testing
