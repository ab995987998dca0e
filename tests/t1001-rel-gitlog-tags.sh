#!/bin/sh
# rel-gitlog: which tag is the base, and why the others are not.
. "$(dirname "$0")/lib.sh"

R=$TMP/r
history "$R" "feat: first" +v0.1.0 "feat: second"
tick
git -C "$R" tag -a -m "release 1.0.0" v1.0.0
commit "fix: third" "$R"
commit "fix: fourth" "$R"

# Annotated tag: from.commit is the peeled commit, never the tag object.
run rel-gitlog -C "$R"
is "$rc" 0 "annotated base: exit 0"
is "$(jqr .from.tag)" v1.0.0 "annotated tag chosen"
is "$(jqr '.from | [keys_unsorted[]] | join(",")')" "tag,version,commit" "from keys in order"
is "$(jqr .from.version)" 1.0.0 "from.version"
is "$(jqr .from.commit)" "$(git -C "$R" rev-parse 'v1.0.0^{commit}')" "from.commit is peeled"
isnt_tag=$(git -C "$R" rev-parse v1.0.0)
unlike "$out" "$isnt_tag" "the tag object id appears nowhere"
is "$(jqr '[.commits[].header] | join(",")')" "fix: fourth,fix: third" "commits since the tag"
is "$(jqr .summary.current)" 1.0.0 "current"
is "$(jqr .summary.next)" 1.0.1 "next"
is "$(jqr '.ignored_tags | length')" 0 "older releases are not listed"

# Lightweight tag as base, several tags on one commit, non-SemVer tags.
git -C "$R" tag v1.1.0 HEAD~1
git -C "$R" tag v1.0.5 HEAD~1
git -C "$R" tag v1.1 HEAD
git -C "$R" tag vnext HEAD
git -C "$R" tag release-2.0.0 HEAD
git -C "$R" tag V9.0.0 HEAD
run rel-gitlog -C "$R"
is "$(jqr .from.tag)" v1.1.0 "lightweight tag chosen, highest on its commit"
is "$(jqr .from.commit)" "$(git -C "$R" rev-parse HEAD~1)" "its commit"
is "$(jqr '[.commits[].header] | join(",")')" "fix: fourth" "one commit since"
is "$(printf '%s' "$out" | jq -c .ignored_tags)" \
	'[{"tag":"V9.0.0","reason":"not under prefix '"'v'"'"},{"tag":"release-2.0.0","reason":"not under prefix '"'v'"'"},{"tag":"v1.0.5","reason":"not higher than v1.1.0 on the same commit"},{"tag":"v1.1","reason":"not semver"},{"tag":"vnext","reason":"not semver"}]' \
	"ignored tags with reasons, sorted by name"

# The prefix is case-sensitive: V9.0.0 under prefix V.
run rel-gitlog -C "$R" --tag-prefix V
is "$(jqr .from.tag)" V9.0.0 "--tag-prefix V"
is "$(jqr '.commits | length')" 0 "no commits since V9.0.0 at HEAD"
is "$(jqr .summary.next)" null "no commits: next null"
is "$(jqr .summary.bump)" none "no commits: bump none"
like "$err" "no commits since 'V9.0.0'" "progress says so"

# Empty prefix: bare versions.
E=$TMP/empty
history "$E" "feat: a" +2.3.4 "feat: b" +v9.9.9
run rel-gitlog -C "$E" --tag-prefix ''
is "$(jqr .from.tag)" 2.3.4 "empty prefix: bare version tag"
is "$(printf '%s' "$out" | jq -c .ignored_tags)" '[{"tag":"v9.9.9","reason":"not semver"}]' \
	"empty prefix: v9.9.9 is not semver"
is "$(jqr .summary.next)" 2.4.0 "empty prefix: next"

# A higher release on a branch that was not merged is ignored.
U=$TMP/unmerged
history "$U" "feat: a" +v1.0.0
git -C "$U" checkout -q -b side
commit "feat: on the side" "$U"
git -C "$U" tag v2.0.0
git -C "$U" checkout -q main
commit "fix: on main" "$U"
run rel-gitlog -C "$U"
is "$(jqr .from.tag)" v1.0.0 "unmerged higher tag not chosen"
is "$(printf '%s' "$out" | jq -c .ignored_tags)" '[{"tag":"v2.0.0","reason":"not an ancestor of HEAD"}]' \
	"unmerged tag listed with its reason"
is "$(jqr '[.commits[].header] | join(",")')" "fix: on main" "only main's commit"
run rel-gitlog -C "$U" --to side
is "$(jqr .from.tag)" v2.0.0 "--to side: the side's tag"
is "$(jqr .to.ref)" side "to.ref as given"
is "$(jqr .to.commit)" "$(git -C "$U" rev-parse side)" "to.commit"

# Pre-releases are skipped: 1.2.0 after 1.2.0-rc.3 starts at 1.1.0.
P=$TMP/pre
history "$P" "feat: a" +v1.1.0 "feat: b" +v1.2.0-rc.1 "fix: c" +v1.2.0-rc.3 \
	"fix: d"
run rel-gitlog -C "$P"
is "$(jqr .from.tag)" v1.1.0 "pre-releases skipped for the base"
is "$(jqr '[.commits[].header] | join(",")')" "fix: d,fix: c,feat: b" "the final spans its pre-releases"
is "$(printf '%s' "$out" | jq -c .ignored_tags)" \
	'[{"tag":"v1.2.0-rc.1","reason":"pre-release of 1.2.0"},{"tag":"v1.2.0-rc.3","reason":"pre-release of 1.2.0"}]' \
	"pre-releases listed"
is "$(jqr .summary.next)" 1.2.0 "next is the announced 1.2.0"
git -C "$P" tag v1.2.0
commit "fix: e" "$P"
run rel-gitlog -C "$P"
is "$(jqr .from.tag)" v1.2.0 "after the final release, it is the base"
is "$(jqr '.ignored_tags | length')" 0 "its pre-releases are lower: not listed"

# --from and --to override the range.
run rel-gitlog -C "$P" --from v1.1.0 --to v1.2.0
is "$(jqr .from.tag)" v1.1.0 "--from a release tag"
is "$(jqr .from.commit)" "$(git -C "$P" rev-parse v1.1.0)" "--from commit"
is "$(jqr '[.commits[].header] | join(",")')" "fix: d,fix: c,feat: b" "--from v1.1.0 --to v1.2.0"
is "$(jqr .summary.current)" 1.1.0 "--from: current is its version"
run rel-gitlog -C "$P" --from HEAD~2
is "$(jqr .from.tag)" null "--from a commit without a release tag: tag null"
is "$(jqr .from.version)" null "--from: version null"
is "$(jqr .from.commit)" "$(git -C "$P" rev-parse HEAD~2)" "--from: its commit"
is "$(jqr '[.commits[].header] | join(",")')" "fix: e,fix: d" "--from HEAD~2"
is "$(jqr .summary.current)" null "--from without release: current null"
is "$err" "rel-gitlog: 2 commits since '$(git -C "$P" rev-parse --short=7 HEAD~2)', next 0.1.0 (minor)" \
	"--from without release: progress names the commit"
run rel-gitlog -C "$P" --from HEAD~1
is "$(jqr .from.tag)" v1.2.0 "--from a commit carrying a release tag"
run rel-gitlog -C "$P" --from refs/tags/v1.2.0-rc.3
is "$(jqr .from.tag)" v1.2.0-rc.3 "--from names a pre-release tag"
is "$(jqr .summary.next)" 1.2.0 "a pre-release leads to its own core"

# An annotated tag of an annotated tag is peeled to the commit.
N=$TMP/nested
new_repo "$N"
commit "feat: a" "$N"
tick
git -C "$N" tag -a -m inner inner-tag
git -C "$N" tag -a -m outer v4.0.0 inner-tag 2>/dev/null
commit "fix: b" "$N"
run rel-gitlog -C "$N"
is "$(jqr .from.tag)" v4.0.0 "tag of a tag chosen"
is "$(jqr .from.commit)" "$(git -C "$N" rev-parse HEAD~1)" "tag of a tag: peeled to the commit"

# A tag on a tree is not a commit.
T=$TMP/tree
new_repo "$T"
commit "feat: a" "$T"
git -C "$T" tag v5.0.0 "$(git -C "$T" rev-parse 'HEAD^{tree}')"
run rel-gitlog -C "$T"
is "$rc" 0 "tag on a tree: exit 0"
is "$(printf '%s' "$out" | jq -c .ignored_tags)" '[{"tag":"v5.0.0","reason":"not a commit"}]' "tag on a tree ignored"
is "$(jqr .from)" null "no release"
# The tags HEAD contains are found in one walk that trusts dates as git
# log does, a few commits further: a release whose commit is dated after
# its child is still the base, and a higher one on a branch never merged,
# dated older than every commit of main, is still not an ancestor.
K=$TMP/skew
history "$K" "feat: first" +v1.0.0
git -C "$K" branch side
tick
GIT_COMMITTER_DATE="@1767000000 +0000" git -C "$K" commit -q --allow-empty -m "fix: dated before its parent"
git -C "$K" checkout -q side
GIT_COMMITTER_DATE="@1766000000 +0000" git -C "$K" commit -q --allow-empty -m "feat: old side"
git -C "$K" tag v3.0.0
git -C "$K" checkout -q main
run rel-gitlog -C "$K"
is "$(jqr '[.from.tag, .summary.count] | map(tostring) | join(" ")')" "v1.0.0 1" \
	"a release dated after its child: still the base"
is "$(printf '%s' "$out" | jq -c .ignored_tags)" '[{"tag":"v3.0.0","reason":"not an ancestor of HEAD"}]' \
	"a higher release off main, dated before it: not an ancestor"
is "$(jqr .other_prefix)" null "tags under the prefix: no other prefix"

# Tags without the prefix: not a project without releases. Said on
# stderr with the option to give, and in the document.
U=$TMP/unprefixed
history "$U" "feat: first" +0.1.0 +0.2.0-rc.1 +notes "fix: second"
run rel-gitlog -C "$U"
is "$rc" 0 "tags without the prefix 'v': exit 0"
is "$(printf '%s' "$out" | jq -c .other_prefix)" '{"prefix":"","tags":2}' \
	"tags without the prefix 'v': other_prefix"
like "$err" "^rel-gitlog: warning: no release tag is under the prefix 'v', but 2 are under '': give --tag-prefix ''" \
	"tags without the prefix 'v': said on stderr, the option suggested"
run rel-gitlog -C "$U" -q
like "$err" "give --tag-prefix ''" "tags without the prefix 'v': said under -q too"
run rel-gitlog -C "$U" --next
like "$err" "give --tag-prefix ''" "--next: said too"
run rel-gitlog -C "$U" --tag-prefix ''
is "$(jqr .from.tag):$(jqr .other_prefix)" "0.1.0:null" "--tag-prefix '': the release found, nothing said"
unlike "$err" "warning" "--tag-prefix '': no warning"
run rel-gitlog -C "$K" --tag-prefix ''
like "$err" "no release tag is under the prefix '', but 2 are under 'v': give --tag-prefix 'v'" \
	"v-tags with --tag-prefix '': the other way round"
# In a monorepo, another package's prefix is no mistake.
M=$TMP/mono
history "$M" "feat: a" +pkg-b-v1.0.0 "feat: b"
run rel-gitlog -C "$M" --tag-prefix pkg-a-v
is "$(jqr .other_prefix)" null "another package's tags: not another prefix"
unlike "$err" "warning" "another package's tags: nothing said"
history "$M" +pkg-a-1.0.0
run rel-gitlog -C "$M" --tag-prefix pkg-a-v
is "$(printf '%s' "$out" | jq -c .other_prefix)" '{"prefix":"pkg-a-","tags":1}' "pkg-a-v and pkg-a- tags: the prefix without its v"

# With git's commit-graph file (git gc writes one; git 2.36 and later
# add generation-data chunks that libgit2 1.5 refuses): the same answer
# as without, for commits in the file, an octopus merge among them, and
# commits made since it was written.
G=$TMP/graph
history "$G" "feat: first" +v1.0.0
for b in a b c; do
	git -C "$G" checkout -q -b "$b" main
	commit "fix: on $b" "$G"
	git -C "$G" tag "v1.0.1-$b.1"
done
git -C "$G" checkout -q -b never main
GIT_COMMITTER_DATE="@1766000000 +0000" git -C "$G" commit -q --allow-empty -m "feat: never merged"
git -C "$G" tag v7.0.0
git -C "$G" checkout -q main
tick
git -C "$G" merge -q --no-ff -m "chore: octopus" a b c
git -C "$G" tag v1.1.0
commit "fix: after" "$G"
run rel-gitlog -C "$G"
without=$out
git -C "$G" gc -q
test -f "$G/.git/objects/info/commit-graph"
ok $? "git gc wrote a commit-graph"
run rel-gitlog -C "$G"
is "$rc" 0 "with a commit-graph: exit 0"
is "$out" "$without" "with a commit-graph: the same document"
is "$(jqr '[.from.tag, .summary.count] | map(tostring) | join(" ")')" "v1.1.0 1" \
	"with a commit-graph: the base and the commits since"
is "$(printf '%s' "$out" | jq -c '[.ignored_tags[] | select(.tag == "v7.0.0") | .reason]')" \
	'["not an ancestor of HEAD"]' "with a commit-graph: a release never merged is not an ancestor"
commit "feat: since the graph" "$G"
git -C "$G" tag v1.2.0
commit "fix: since the graph too" "$G"
run rel-gitlog -C "$G"
is "$(jqr '[.from.tag, .summary.count] | map(tostring) | join(" ")')" "v1.2.0 1" \
	"commits since the commit-graph: walked from their objects"
git -C "$G" checkout -q -b late a
commit "fix: late" "$G"
git -C "$G" tag v1.1.1
git -C "$G" checkout -q main
git -C "$G" merge -q --no-ff -m "chore: merge late" late
run rel-gitlog -C "$G"
is "$(jqr '[.from.tag, .summary.count] | map(tostring) | join(" ")')" "v1.2.0 2" \
	"a merge of a branch off a commit in the commit-graph"
is "$(printf '%s' "$out" | jq -c '[.ignored_tags[] | select(.tag == "v1.1.1") | .reason]')" '[]' \
	"a release below the base, reached through the graph, is not listed"
# The walk for tags reads no commit the file holds: with one of them
# gone (the oldest, whose object was loose, walked down to because a
# release off main is dated before it), the answer stands. A damaged
# file, or a split one, is not used.
L=$TMP/loose
history "$L" "feat: oldest" "feat: 1" "feat: 2" "feat: 3" "feat: 4" "feat: 5" \
	"feat: 6" "feat: first" +v1.0.0 "fix: second"
oldest=$(git -C "$L" rev-list --max-parents=0 HEAD)
git -C "$L" checkout -q -b never "$oldest"
GIT_COMMITTER_DATE="@1766000000 +0000" git -C "$L" commit -q --allow-empty -m "feat: never merged"
git -C "$L" tag v2.0.0
git -C "$L" checkout -q main
git -C "$L" commit-graph write --reachable
run rel-gitlog -C "$L"
expect=$out
is "$(jqr '[.from.tag, .summary.count] | map(tostring) | join(" ")')" "v1.0.0 1" \
	"below a release never merged, dated before main"
rm "$L/.git/objects/$(echo "$oldest" | cut -c1-2)/$(echo "$oldest" | cut -c3-)"
run rel-gitlog -C "$L"
is "$rc $out" "0 $expect" "a commit the commit-graph holds is not read"
head -c 100 "$L/.git/objects/info/commit-graph" >"$TMP/cg"
mv "$TMP/cg" "$L/.git/objects/info/commit-graph"
run rel-gitlog -C "$L"
is "$rc" 3 "a truncated commit-graph is not used: the missing commit is read"
like "$err" "$oldest" "the missing commit named"
git -C "$G" commit-graph write --reachable --split
test -f "$G/.git/objects/info/commit-graphs/commit-graph-chain" &&
    rm -f "$G/.git/objects/info/commit-graph"
ok $? "a split commit-graph written"
run rel-gitlog -C "$G"
is "$(jqr '[.from.tag, .summary.count] | map(tostring) | join(" ")')" "v1.2.0 2" \
	"a split commit-graph: not used, the same answer"
done_testing
