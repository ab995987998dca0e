#!/bin/sh
# rel-tag: every partial failure, then a run that completes the release.
# The bare remote is made temporarily unwritable for one ref by holding
# its lock file (refs/heads/main.lock, refs/tags/TAG.lock), as a
# concurrent git would; or it is missing for a while.
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/lib-release.sh"

# complete DIR TAG: the release is whole: clean tree, annotated tag on
# HEAD (a release commit), both on the remote.
complete() {
	is "$(git -C "$1" log -1 --format=%s)" "release: $2" "$3: HEAD is the release commit"
	is "$(git -C "$1" rev-list --count --grep='^release: ' HEAD)" 1 "$3: one release commit"
	is "$(git -C "$1" cat-file -t "$2")" tag "$3: annotated tag"
	is "$(git -C "$1" rev-parse "$2^{commit}")" "$(git -C "$1" rev-parse HEAD)" "$3: tag on HEAD"
	is "$(git -C "$1.git" rev-parse main)" "$(git -C "$1" rev-parse HEAD)" "$3: branch on the remote"
	is "$(git -C "$1.git" rev-parse "refs/tags/$2")" "$(git -C "$1" rev-parse "$2")" "$3: tag on the remote"
	is "$(git -C "$1" status --porcelain)" "" "$3: clean work tree"
}

# 1. The commit was made, the tag was not (killed in between).
released_project a 0.1.0
git -C "$TMP/a" commit -qam "release: v0.1.0"
run rel-tag -C "$TMP/a" -r 0.1.0 --push
is "$rc" 0 "commit only: exit 0"
is "$(jqr '.already_done | join(",")')" commit "commit only: the commit is found done"
is "$(jqr '.pushed | join(",")')" "refs/heads/main,refs/tags/v0.1.0" "commit only: both pushed"
complete "$TMP/a" v0.1.0 "commit only"

# 2. Commit and tag made, the push failed: the remote was missing.
released_project b 0.1.0
run rel-tag -C "$TMP/b" -r 0.1.0
mv "$TMP/b.git" "$TMP/b.away"
run rel-tag -C "$TMP/b" -r 0.1.0 --push
is "$rc" 3 "remote missing: exit 3"
like "$err" "rel-tag: cannot connect to remote 'origin': " "remote missing: said"
mv "$TMP/b.away" "$TMP/b.git"
run rel-tag -C "$TMP/b" -r 0.1.0 --push
is "$rc" 0 "remote back: exit 0"
is "$(jqr '.already_done | join(",")')" "commit,tag" "remote back: commit and tag found done"
is "$(jqr '.pushed | join(",")')" "refs/heads/main,refs/tags/v0.1.0" "remote back: both pushed"
complete "$TMP/b" v0.1.0 "push failed"

# 3. Commit and tag made in the same run, the push refused for both refs.
released_project c 0.1.0
mkdir -p "$TMP/c.git/refs/tags"
: >"$TMP/c.git/refs/heads/main.lock"
: >"$TMP/c.git/refs/tags/v0.1.0.lock"
run rel-tag -C "$TMP/c" -r 0.1.0 --push
is "$rc" 3 "remote unwritable: exit 3"
is "$out" "" "remote unwritable: no document"
like "$err" "'refs/heads/main' refused by remote 'origin': failed to update ref" "remote unwritable: the branch refusal named"
like "$err" "'refs/tags/v0.1.0' refused by remote 'origin': failed to update ref" "remote unwritable: the tag refusal named"
like "$err" "remote: error: cannot lock ref 'refs/heads/main'" "remote unwritable: the remote's own words"
is "$(git -C "$TMP/c" cat-file -t v0.1.0)" tag "remote unwritable: the tag was made locally"
rm "$TMP/c.git/refs/heads/main.lock" "$TMP/c.git/refs/tags/v0.1.0.lock"
run rel-tag -C "$TMP/c" -r 0.1.0 --push
is "$rc" 0 "remote writable again: exit 0"
is "$(jqr '.already_done | join(",")')" "commit,tag" "remote writable again: nothing redone"
complete "$TMP/c" v0.1.0 "push refused"
# Everything done: one line says so; -q silences it.
run rel-tag -C "$TMP/c" -r 0.1.0 --push
is "$rc:$(jqr '.already_done | length')" "0:4" "all done: exit 0, every step found done"
is "$err" "rel-tag: 'v0.1.0' is released already and on the remote: nothing to do" "all done: said"
run rel-tag -C "$TMP/c" -r 0.1.0 --push -q
is "$rc:$err" "0:" "all done, -q: nothing on stderr"

# 4. The branch was pushed, the tag was not.
released_project d 0.1.0
mkdir -p "$TMP/d.git/refs/tags"
: >"$TMP/d.git/refs/tags/v0.1.0.lock"
run rel-tag -C "$TMP/d" -r 0.1.0 --push
is "$rc" 3 "tag refused: exit 3"
is "$(git -C "$TMP/d.git" rev-parse main)" "$(git -C "$TMP/d" rev-parse HEAD)" "tag refused: the branch got there"
rm "$TMP/d.git/refs/tags/v0.1.0.lock"
run rel-tag -C "$TMP/d" -r 0.1.0 --push
is "$rc" 0 "tag pushed on the second run: exit 0"
is "$(jqr '.already_done | join(",")')" "commit,tag,push refs/heads/main" "the branch push is found done"
is "$(jqr '.pushed | join(",")')" "refs/tags/v0.1.0" "only the tag pushed"
complete "$TMP/d" v0.1.0 "branch pushed, tag not"

# 5. The tag was pushed, the branch was not.
released_project e 0.1.0
: >"$TMP/e.git/refs/heads/main.lock"
run rel-tag -C "$TMP/e" -r 0.1.0 --push
is "$rc" 3 "branch refused: exit 3"
rm "$TMP/e.git/refs/heads/main.lock"
run rel-tag -C "$TMP/e" -r 0.1.0 --push
is "$(jqr '.already_done | join(",")')" "commit,tag,push refs/tags/v0.1.0" "the tag push is found done"
is "$(jqr '.pushed | join(",")')" "refs/heads/main" "only the branch pushed"
complete "$TMP/e" v0.1.0 "tag pushed, branch not"

# 6. A branch push by hand, then rel-tag --push: the same state as 4.
released_project f 0.1.0
run rel-tag -C "$TMP/f" -r 0.1.0
git -C "$TMP/f" push -q origin main
run rel-tag -C "$TMP/f" -r 0.1.0 --push
is "$(jqr '.pushed | join(",")')" "refs/tags/v0.1.0" "pushed by hand: only the tag pushed"
complete "$TMP/f" v0.1.0 "branch pushed by hand"

# 7. The remote moved on meanwhile: refused before anything is changed.
released_project g 0.1.0
git clone -q "$TMP/g.git" "$TMP/g-other"
commit "fix: theirs" "$TMP/g-other"
git -C "$TMP/g-other" push -q origin main
before=$(refs "$TMP/g"; refs "$TMP/g.git")
run rel-tag -C "$TMP/g" -r 0.1.0 --push
is "$rc" 1 "remote ahead: exit 1"
is "$err" "rel-tag: 'refs/heads/main' on remote 'origin' has commits that are not here ($(git -C "$TMP/g.git" rev-parse --short=7 main)): pull first" \
	"remote ahead: said, with the remote's commit"
is "$(refs "$TMP/g"; refs "$TMP/g.git")" "$before" "remote ahead: nothing changed"
done_testing
