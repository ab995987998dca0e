#!/bin/sh
# rel-gitlog --releases: every release of the history in one document,
# each with the commits rel-gitlog lists for its range alone.
. "$(dirname "$0")/lib.sh"

# same_as_ranges REPO [OPTIONS]: every entry of $out lists the commits
# (and verdicts) rel-gitlog gives for --from its from --to its tag.
same_as_ranges() {
	_repo=$1
	shift
	_doc=$out
	_n=$(printf '%s' "$_doc" | jq '.releases | length')
	_i=0
	_bad=
	while [ "$_i" -lt "$_n" ]; do
		_e=$(printf '%s' "$_doc" | jq -c ".releases[$_i]")
		_to=$(printf '%s' "$_e" | jq -r '.tag // "HEAD"')
		_from=$(printf '%s' "$_e" | jq -r '.from.tag // empty')
		if [ -n "$_from" ]; then
			_want=$(rel-gitlog -q -C "$_repo" "$@" --from "$_from" --to "$_to" |
			    jq -c '[.commits[] | [.id, .bump, .cancels, .cancelled_by]]')
		else
			_want=$(rel-gitlog -q -C "$_repo" "$@" --tag-prefix none- --to "$_to" |
			    jq -c '[.commits[] | [.id, .bump, .cancels, .cancelled_by]]')
		fi
		_got=$(printf '%s' "$_e" | jq -c '[.commits[] | [.id, .bump, .cancels, .cancelled_by]]')
		[ "$_got" = "$_want" ] || _bad="$_bad $_to"
		_i=$((_i + 1))
	done
	out=$_doc
	is "$_bad" "" "$(basename "$_repo"): each entry lists its range's commits and verdicts"
}

# Pre-releases: a final release spans them.
R=$TMP/pre
history "$R" "feat: one" "fix: two" +v0.1.0 "feat: three" +v0.2.0-rc.1 \
	"fix: four" +v0.2.0-rc.2 "fix: five" +v0.2.0 "feat: six" "fix: seven" \
	+v0.3.0-rc.1
run rel-gitlog -C "$R" --releases
is "$rc" 0 "pre-releases: exit 0"
is "$(jqr .schema)" rel-gitlog-releases/1 "schema"
is "$(jqr '[.releases[] | .tag] | join(" ")')" " v0.2.0 v0.1.0" \
	"the unreleased entry, then the finals, newest first"
is "$(jqr '[.releases[] | .commits | length] | join(" ")')" "2 3 2" \
	"each commit in one entry"
is "$(jqr '[.releases[] | .from.tag] | join(" ")')" "v0.2.0 v0.1.0 " \
	"from: the release before"
is "$(jqr '.releases[1] | [.commits[].header] | join(",")')" \
	"fix: five,fix: four,feat: three" "0.2.0 spans its pre-releases"
is "$(jqr '.releases[0].summary | "\(.current) \(.next) \(.bump)"')" \
	"0.2.0 0.3.0 minor" "unreleased: next from the last release"
is "$(jqr '.releases[1] | "\(.version) \(.summary.current) \(.summary.next)"')" \
	"0.2.0 0.1.0 0.2.0" "a release's summary counts from its from"
is "$(jqr '.releases[2].summary | "\(.current) \(.next) \(.count)"')" \
	"null 0.1.0 2" "the first release: no current"
is "$(jqr '[.ignored_tags[] | "\(.tag)=\(.reason)"] | join(",")')" \
	"v0.2.0-rc.1=pre-release of 0.2.0,v0.2.0-rc.2=pre-release of 0.2.0,v0.3.0-rc.1=pre-release of 0.3.0" \
	"pre-releases listed as spanned"
is "$(jqr '.releases[1].date')" "2026-01-01T00:05:00Z" "date: the commit's, untagged"
is "$(jqr '.releases[1].commit')" "$(git -C "$R" rev-parse v0.2.0)" "commit: the tag's"
is "$(jqr '"\(.releases[0].tag) \(.releases[0].date) \(.releases[0].commit)"')" \
	"null null null" "the unreleased entry has no tag, date or commit"
is "$(jqr '"\(.to.ref) \(.since) \(.ok)"')" "HEAD null true" "to, since, ok"
same_as_ranges "$R"

run rel-gitlog -C "$R" --releases --pre-releases
is "$(jqr '[.releases[] | .tag] | join(" ")')" \
	" v0.3.0-rc.1 v0.2.0 v0.2.0-rc.2 v0.2.0-rc.1 v0.1.0" \
	"--pre-releases: each pre-release its own entry"
is "$(jqr '[.releases[] | .commits | length] | join(" ")')" "0 2 1 1 1 2" \
	"--pre-releases: commits split at them"
is "$(jqr '.releases[2].from.tag')" v0.2.0-rc.2 "a final's from: its last pre-release"
is "$(jqr '.ignored_tags | length')" 0 "--pre-releases: nothing ignored"

# Several tags on a commit; an annotated tag's date; unmerged branches.
R=$TMP/many
history "$R" "feat: a" +v0.9.0 +v1.0.0-rc.1 +v1.0.0 "fix: b" "fix: c"
GIT_COMMITTER_DATE="@1780000000 +0000" git -C "$R" tag -a -m "one" v1.0.1
git -C "$R" checkout -q -b side v1.0.0
commit "feat: never merged" "$R"
git -C "$R" tag v1.5.0
git -C "$R" tag nonsemver
git -C "$R" checkout -q main
commit "feat: d" "$R"
run rel-gitlog -C "$R" --releases
is "$(jqr '[.releases[] | .tag] | join(" ")')" " v1.0.1 v1.0.0" \
	"several tags: the highest final on the commit"
is "$(jqr '[.ignored_tags[] | "\(.tag)=\(.reason)"] | join(",")')" \
	"nonsemver=not under prefix 'v',v0.9.0=not higher than v1.0.0 on the same commit,v1.0.0-rc.1=not higher than v1.0.0 on the same commit,v1.5.0=not an ancestor of HEAD" \
	"the tags not released, and why"
is "$(jqr '.releases[1].date')" "2026-05-28T20:26:40Z" "an annotated tag's date is its own"
is "$(jqr '.releases[1] | [.commits[].header] | join(",")')" "fix: c,fix: b" \
	"v1.0.1's commits"
is "$(jqr '.releases[2] | "\(.from) \(.commits | length)"')" "null 1" \
	"the first release: the root commit too"
same_as_ranges "$R"

# A release on a merged branch: its commits are its own, the others go to
# the release that merged it.
R=$TMP/merged
history "$R" "chore: start" +v1.0.0
git -C "$R" checkout -q -b topic
commit "feat: on the topic" "$R"
commit "fix: topic fix" "$R"
git -C "$R" tag v1.1.0
git -C "$R" checkout -q main
commit "fix: on main" "$R"
tick
git -C "$R" merge -q --no-ff -m "Merge branch 'topic'" topic
commit "docs: after the merge" "$R"
git -C "$R" tag v1.2.0
commit "revert: fix: on main" "$R"
commit "feat: more" "$R"
commit "Revert \"feat: more\"" "$R"
run rel-gitlog -C "$R" --releases
is "$(jqr '[.releases[] | .tag] | join(" ")')" " v1.2.0 v1.1.0 v1.0.0" \
	"merged branch: every release"
is "$(jqr '.releases[2] | [.commits[].header] | join(",")')" \
	"fix: topic fix,feat: on the topic" "the branch's release: its commits"
is "$(jqr '.releases[1] | [.commits[].header] | join(",")')" \
	"docs: after the merge,fix: on main" "the merging release: the rest"
is "$(jqr '.releases[0] | [.commits[] | "\(.bump)/\(.cancels != null)/\(.cancelled_by != null)"] | join(",")')" \
	"none/true/false,none/false/true,patch/false/false" "verdicts: a revert pair inside the entry"
same_as_ranges "$R"
run rel-gitlog -C "$R" --releases --merges
is "$(jqr '.releases[1] | [.commits[].merge] | map(tostring) | join(",")')" \
	"false,true,false" "--merges: the merge in the release that made it"

# --since: only what comes after a release; --to.
run rel-gitlog -C "$R" --releases --since v1.1.0
is "$(jqr '[.releases[] | .tag] | join(" ")')" " v1.2.0" "--since: the releases above"
is "$(jqr '"\(.since.tag) \(.releases[1].from.tag)"')" "v1.1.0 v1.1.0" \
	"--since: the oldest release starts from it"
is "$(jqr '.releases[1] | [.commits[].header] | join(",")')" \
	"docs: after the merge,fix: on main" "--since: the same commits"
run rel-gitlog -C "$R" --releases --to v1.1.0
is "$(jqr '[.releases[] | "\(.tag):\(.commits | length)"] | join(" ")')" \
	"null:0 v1.1.0:2 v1.0.0:1" "--to: the history of a tag"
is "$(jqr '.ignored_tags[0].reason')" "not an ancestor of v1.1.0" "--to names the revision"

# Tags without a prefix.
R=$TMP/bare
history "$R" "feat: a" +1.0.0 "fix: b" +1.0.1 "fix: c" +v2.0.0
run rel-gitlog -C "$R" --releases --tag-prefix ''
is "$(jqr '[.releases[] | .tag] | join(" ")')" " 1.0.1 1.0.0" "unprefixed tags"
is "$(jqr '.ignored_tags[0] | "\(.tag) \(.reason)"')" "v2.0.0 not semver" "and the others ignored"
same_as_ranges "$R" --tag-prefix ''

# No tags: one unreleased entry with the whole history.
R=$TMP/none
history "$R" "feat: a" "fix: b"
run rel-gitlog -C "$R" --releases
is "$rc" 0 "no tags: exit 0"
is "$(jqr '.releases | length')" 1 "no tags: one entry"
is "$(jqr '.releases[0] | "\(.from) \(.commits | length) \(.summary.next)"')" \
	"null 2 0.1.0" "no tags: every commit, first version next"
is "$err" "rel-gitlog: 0 releases, 2 commits" "progress"

# Bad uses.
run rel-gitlog -C "$R" --releases --from HEAD~1
is "$rc" 2 "--from with --releases: exit 2"
like "$err" "cannot go together" "and why"
run rel-gitlog -C "$R" --releases --next
is "$rc" 2 "--next with --releases: exit 2"
is "$out" "" "--next with --releases: nothing on stdout"
run rel-gitlog -C "$R" --since v1.0.0
is "$rc" 2 "--since without --releases: exit 2"
run rel-gitlog -C "$R" --pre-releases
is "$rc" 2 "--pre-releases without --releases: exit 2"
git -C "$R" tag notrelease
run rel-gitlog -C "$R" --releases --since notrelease
is "$rc" 2 "--since a tag that is not a release: exit 2"
is "$err" "rel-gitlog: --since 'notrelease' is not a release tag (prefix 'v')" "and why"
is "$out" "" "nothing on stdout"
run rel-gitlog -C "$R" --releases --since nosuch
is "$rc" 2 "--since an unknown revision: exit 2"
new_repo "$TMP/empty"
run rel-gitlog -C "$TMP/empty" --releases
is "$rc" 3 "no commits yet: exit 3"

done_testing
