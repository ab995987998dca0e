#!/bin/sh
# rel-tag: release commit, annotated tag, push, read back with real git.
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/lib-release.sh"

# promote DIR VERSION: release the changelog of DIR as VERSION.
promote() {
	rel-gitlog -q -C "$1" | rel-changelog release -q -r "$2" --date 2026-02-01 \
		-i "$1/CHANGELOG.md" >/dev/null
}

P=$TMP/p
new_project "$P"
base=$(git -C "$P" rev-parse HEAD)
promote "$P" 0.1.0
notes=$(rel-changelog notes -r 0.1.0 "$P/CHANGELOG.md")

run rel-tag -C "$P" -r 0.1.0 --push
is "$rc" 0 "exit 0"
head=$(git -C "$P" rev-parse HEAD)
is "$(jqr .schema)" rel-tag/1 "schema"
is "$(jqr .version)" 0.1.0 "version"
is "$(jqr .tag)" v0.1.0 "tag"
is "$(jqr .commit)" "$head" "commit is the new HEAD"
is "$(jqr .tag_object)" "$(git -C "$P" rev-parse v0.1.0)" "tag_object is the tag"
is "$(jqr '.pushed | join(",")')" "refs/heads/main,refs/tags/v0.1.0" "pushed branch and tag"
is "$(jqr '.already_done | length')" 0 "nothing was already done"
is "$(jqr .dry_run)" false "not a dry run"
is "$(git -C "$P" rev-parse HEAD~1)" "$base" "one commit on top of the old HEAD"
is "$(git -C "$P" log -1 --format=%B)" "release: v0.1.0" "commit message"
is "$(git -C "$P" log -1 --format='%an <%ae>|%cn <%ce>')" \
	"Ada Lovelace <ada@example.org>|Ada Lovelace <ada@example.org>" "author and committer from git config"
is "$(git -C "$P" diff-tree --no-commit-id --name-only -r HEAD)" CHANGELOG.md "only the changelog committed"
is "$(git -C "$P" status --porcelain)" "" "the work tree is clean"
is "$(git -C "$P" cat-file -t v0.1.0)" tag "an annotated tag object"
is "$(git -C "$P" rev-parse 'v0.1.0^{commit}')" "$head" "the tag names the release commit"
is "$(git -C "$P" for-each-ref --format='%(contents)' refs/tags/v0.1.0)" "v0.1.0

$notes" "the tag message is the tag name, then the release notes"
is "$(git -C "$P" tag -n1 -l v0.1.0)" "v0.1.0          v0.1.0" "git tag -n shows the tag name as subject"
is "$(git -C "$P" for-each-ref --format='%(taggername) %(taggeremail)' refs/tags/v0.1.0)" \
	"Ada Lovelace <ada@example.org>" "tagger from git config"
is "$(git -C "$P" describe)" v0.1.0 "git describe finds it"
is "$(git -C "$P.git" rev-parse refs/heads/main)" "$head" "the remote has the branch"
is "$(git -C "$P.git" rev-parse refs/tags/v0.1.0)" "$(git -C "$P" rev-parse v0.1.0)" "the remote has the same tag object"
is "$(git -C "$P.git" cat-file -t v0.1.0)" tag "annotated on the remote"
unlike "$(git -C "$P" log -1 --format=%B; git -C "$P" cat-file -p v0.1.0)" "skip ci" "no [skip ci] anywhere"
like "$err" "rel-tag: committed [0-9a-f]{7} 'release: v0.1.0'" "progress: commit"
like "$err" "rel-tag: pushed refs/heads/main and refs/tags/v0.1.0 to 'origin'" "progress: push"
commit "feat: a second thing" "$P"
run rel-gitlog -C "$P"
is "$(jqr .from.tag)" v0.1.0 "the tag is rel-gitlog's next base"
is "$(jqr .summary.next)" 0.2.0 "and the next version follows from it"
git -C "$P" reset -q --hard "$head"

# Run again: everything is done already; nothing changes.
before=$(refs "$P"; refs "$P.git")
run rel-tag -C "$P" -r v0.1.0 --push
is "$rc" 0 "again: exit 0"
is "$(jqr '.already_done | join(",")')" "commit,tag,push refs/heads/main,push refs/tags/v0.1.0" "again: all already done"
is "$(jqr '.pushed | length')" 0 "again: nothing pushed"
is "$(jqr .commit)" "$head" "again: same commit"
is "$(refs "$P"; refs "$P.git")" "$before" "again: no ref moved"

# Without --push nothing leaves the repository.
Q=$TMP/q
new_project "$Q"
promote "$Q" 0.1.0
remote_before=$(refs "$Q.git")
run rel-tag -C "$Q" -r 0.1.0
is "$rc" 0 "no --push: exit 0"
is "$(git -C "$Q" cat-file -t v0.1.0)" tag "no --push: tagged"
is "$(refs "$Q.git")" "$remote_before" "no --push: the remote is untouched"
is "$(jqr '.already_done | length')" 0 "no --push: no push step listed"

# Release files unchanged: the tag goes on HEAD, no commit.
git -C "$Q" tag -d v0.1.0 >/dev/null
head=$(git -C "$Q" rev-parse HEAD)
run rel-tag -C "$Q" -r 0.1.0
is "$(jqr '.already_done | join(",")')" commit "unchanged files: commit already done"
is "$(git -C "$Q" rev-parse 'v0.1.0^{commit}')" "$head" "unchanged files: the tag on HEAD"

# Several release files; another tag prefix; a file:// remote URL.
S=$TMP/s
new_project "$S"
git -C "$S" config --unset "url.$S.git.insteadOf"
git -C "$S" remote set-url origin "file://$S.git"
promote "$S" 1.0.0
echo 1.0.0 >"$S/VERSION"
run rel-tag -C "$S" -r 1.0.0 --file CHANGELOG.md --file VERSION --tag-prefix release- --push
is "$rc" 0 "--file twice: exit 0"
is "$(git -C "$S" diff-tree --no-commit-id --name-only -r HEAD | tr '\n' ' ')" "CHANGELOG.md VERSION " "both files committed"
is "$(git -C "$S" log -1 --format=%s)" "release: release-1.0.0" "the commit names the prefixed tag"
is "$(git -C "$S.git" cat-file -t release-1.0.0)" tag "--tag-prefix: the tag on the remote"

# --dry-run: the plan, and not a byte or ref changed.
D=$TMP/d
new_project "$D"
promote "$D" 0.1.0
before=$(refs "$D"; refs "$D.git"; git -C "$D" status --porcelain; cksum <"$D/CHANGELOG.md"; cksum <"$D/.git/index")
run rel-tag -C "$D" -r 0.1.0 --push --dry-run
is "$rc" 0 "--dry-run: exit 0"
is "$(jqr .dry_run)" true "--dry-run: said"
is "$(jqr .commit)" null "--dry-run: no commit yet"
is "$(jqr .tag_object)" null "--dry-run: no tag yet"
is "$(jqr '.plan | length')" 4 "--dry-run: four steps planned"
is "$(jqr '.plan[0]')" "commit the release files as 'release: v0.1.0'" "--dry-run: the commit planned"
is "$(jqr '.plan[3]')" "push 'refs/tags/v0.1.0'" "--dry-run: the tag push planned"
like "$err" "rel-tag: would create the annotated tag 'v0.1.0'" "--dry-run: the plan on stderr"
is "$(refs "$D"; refs "$D.git"; git -C "$D" status --porcelain; cksum <"$D/CHANGELOG.md"; cksum <"$D/.git/index")" "$before" \
	"--dry-run: refs, files and index unchanged"

# Missing committer identity: a clear error, nothing changed.
rm "$HOME/.gitconfig"
before=$(refs "$D"; refs "$D.git")
run rel-tag -C "$D" -r 0.1.0 --push
is "$rc" 3 "no user.name/email: exit 3"
like "$err" "rel-tag: user.name and user.email are not set: run git config user.name" "no user.name/email: said"
is "$out" "" "no user.name/email: no output"
is "$(refs "$D"; refs "$D.git")" "$before" "no user.name/email: nothing changed"
git config --global user.name "Ada Lovelace"
run rel-tag -C "$D" -r 0.1.0
is "$rc" 3 "no user.email: exit 3"
git config --global user.email "ada@example.org"
git config --global protocol.file.allow always

# Invalid input: exit 2, nothing changed.
before=$(refs "$D"; refs "$D.git"; cksum <"$D/CHANGELOG.md")
run rel-tag -C "$D" -r 1.2
is "$rc" 2 "bad version: exit 2"
is "$err" "rel-tag: '1.2' is not a SemVer version (MAJOR.MINOR.PATCH, e.g. 1.2.0)" "bad version: said"
run rel-tag -C "$D" -r 0.1.0 --tag-prefix "a..b"
is "$rc" 2 "a tag name git refuses: exit 2"
is "$err" "rel-tag: 'a..b0.1.0' is not a valid tag name" "a tag name git refuses: said"
run rel-tag -C "$D" -r release-0.1.0 --tag-prefix release- --dry-run
is "$rc:$(jqr .tag):$(jqr .version)" "0:release-0.1.0:0.1.0" "the version as its tag names it"
run rel-tag -C "$D" -r 0.9.0
is "$rc" 2 "no notes for the version: exit 2"
like "$err" "rel-tag: no release notes for '0.9.0' in 'CHANGELOG.md': " "no notes: said"
# The dry run refuses what the run would, before any plan.
run rel-tag -C "$D" -r 0.9.0 --push --dry-run
is "$rc:$out" "2:" "--dry-run, no notes for the version: exit 2, no plan"
like "$err" "rel-tag: no release notes for '0.9.0' in 'CHANGELOG.md': " "--dry-run, no notes: said"
unlike "$err" "would " "--dry-run, no notes: nothing planned"
# --notes: the notes from another changelog (make release-dry-run's, as
# it would be once released).
rel-changelog release -q -r 0.9.0 --gitlog /dev/null "$D/CHANGELOG.md" >"$TMP/next.md" 2>/dev/null ||
	sed 's/^## \[0.1.0\]/## [0.9.0]/' "$D/CHANGELOG.md" >"$TMP/next.md"
run rel-tag -C "$D" -r 0.9.0 --push --dry-run --notes "$TMP/next.md"
is "$rc" 0 "--dry-run --notes FILE: the notes found there"
run rel-tag -C "$D" -r 0.9.0 --push --dry-run --notes "$TMP/none.md"
is "$rc" 3 "--notes a missing file: exit 3, as rel-changelog says"
like "$err" "rel-tag: no release notes for '0.9.0' in '$TMP/none.md': " "--notes a missing file: said"
run rel-tag -C "$D" -r 0.1.0 --file NOPE.md
is "$rc" 2 "missing release file: exit 2"
like "$err" "release file 'NOPE.md' does not exist" "missing release file: said"
run rel-tag -C "$TMP" -r 0.1.0
is "$rc" 2 "not a repository: exit 2"
run rel-tag -C "$D" --push
is "$rc" 2 "no -r: exit 2"
git -C "$D" checkout -q --detach
run rel-tag -C "$D" -r 0.1.0
is "$rc" 2 "detached HEAD: exit 2"
like "$err" "HEAD is detached" "detached HEAD: said"
git -C "$D" checkout -q main
run rel-tag -C "$D" -r 0.1.0 --push --remote nowhere
is "$rc" 3 "unknown remote: exit 3"
like "$err" "no remote 'nowhere'" "unknown remote: said"
is "$(refs "$D"; refs "$D.git"; cksum <"$D/CHANGELOG.md")" "$before" "invalid input: nothing changed"

# A tag in the way: on another commit, lightweight, different on the remote.
git -C "$D" tag -a v0.1.0 -m old HEAD
run rel-tag -C "$D" -r 0.1.0
is "$rc" 1 "tag on another commit: exit 1"
is "$err" "rel-tag: tag 'v0.1.0' already exists on $(git -C "$D" rev-parse --short=7 HEAD), not on the release commit to be made from HEAD $(git -C "$D" rev-parse --short=7 HEAD)" \
	"tag on another commit: both commits named"
git -C "$D" commit -qam "release: v0.1.0"
run rel-tag -C "$D" -r 0.1.0
is "$err" "rel-tag: tag 'v0.1.0' already exists on $(git -C "$D" rev-parse --short=7 HEAD~1), not on HEAD $(git -C "$D" rev-parse --short=7 HEAD)" \
	"tag on the parent: both commits named"
git -C "$D" tag -d v0.1.0 >/dev/null
git -C "$D" tag v0.1.0
run rel-tag -C "$D" -r 0.1.0
is "$rc" 1 "lightweight tag: exit 1"
like "$err" "tag 'v0.1.0' exists on [0-9a-f]+ but is not annotated" "lightweight tag: said"
git -C "$D" tag -d v0.1.0 >/dev/null
git -C "$D" tag -a v0.1.0 -m theirs
git -C "$D" push -q origin v0.1.0
git -C "$D" tag -d v0.1.0 >/dev/null
run rel-tag -C "$D" -r 0.1.0 --push
is "$rc" 1 "a tag on the remote only: exit 1"
like "$err" "tag 'v0.1.0' already exists on remote 'origin' \([0-9a-f]+\)" "a tag on the remote only: said"
git -C "$D" tag -a v0.1.0 -m ours
run rel-tag -C "$D" -r 0.1.0 --push
is "$rc" 1 "a different tag on the remote: exit 1"
like "$err" "tag 'v0.1.0' on remote 'origin' is [0-9a-f]+, not the local tag [0-9a-f]+" "a different tag on the remote: said"
done_testing
