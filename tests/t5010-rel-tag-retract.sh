#!/bin/sh
# rel-tag --retract: the GitHub release, the remote tag and the local
# tag deleted in that order, each safe to run again; refused for a tag
# rel-tag did not make; the branch never touched.
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/httpd.sh"
. "$(dirname "$0")/lib-release.sh"

TOKEN=ghp_retractT0kenNeverShown0123456789
start_releases gh
LOG=$TMP/gh.log
released_project p 1.0.0
P=$TMP/p
A=$TMP/app.tar.gz
head -c 3000 /dev/urandom >"$A"
state() { curl -sS "$GITHUB_API_URL/_state" | jq -r "$1"; }
retract() { GH_TOKEN=$TOKEN run rel-tag -C "$P" -r 1.0.0 --retract "$@"; }
branches() { git -C "$1" for-each-ref --format='%(objectname) %(refname)' refs/heads; }

GH_TOKEN=$TOKEN run rel-tag -C "$P" -r 1.0.0 --publish --asset "$A"
is "$rc" 0 "published"
head=$(git -C "$P" rev-parse HEAD)
heads=$(branches "$P"; branches "$P.git")

# A dry run says what it would delete, and deletes nothing.
: >"$LOG"
retract --dry-run
is "$rc" 0 "dry run: exit 0"
is "$(jqr '.plan | join("|")')" \
	"delete the GitHub release 'v1.0.0' (id 1) and its assets|delete 'refs/tags/v1.0.0' on remote 'origin'|delete the local tag 'v1.0.0'" \
	"dry run: the plan, in order"
is "$(writes "$LOG")" "" "dry run: nothing written on GitHub"
is "$(git -C "$P.git" tag -l v1.0.0)$(git -C "$P" tag -l v1.0.0)" "v1.0.0v1.0.0" "dry run: the tags stay"

: >"$LOG"
RELTOOLS_HTTP_TIMEOUT=0 retract
is "$rc" 2 "RELTOOLS_HTTP_TIMEOUT=0: exit 2"
is "$err" "rel-tag: RELTOOLS_HTTP_TIMEOUT='0' is not a duration (seconds, or 500ms, 2m)" \
	"a bad limit: said"
is "$(cat "$LOG")$(git -C "$P.git" tag -l v1.0.0)$(git -C "$P" tag -l v1.0.0)" "v1.0.0v1.0.0" \
	"a bad limit: GitHub not asked, the tags stay"

: >"$LOG"
retract
is "$rc" 0 "retract: exit 0"
is "$(jqr '.retracted | join(",")')" "release,remote tag,local tag" "retract: the three steps"
is "$(jqr '.already_done | length')" 0 "retract: none done before"
is "$(state '.releases | length')" 0 "retract: no release on GitHub"
is "$(writes "$LOG")" "DELETE /repos/acme/widget/releases/1" "retract: the release deleted"
is "$(git -C "$P.git" tag -l v1.0.0)" "" "retract: no tag on the remote"
is "$(git -C "$P" tag -l v1.0.0)" "" "retract: no local tag"
is "$(branches "$P"; branches "$P.git")" "$heads" "retract: the branches untouched"
is "$(git -C "$P" rev-parse HEAD)" "$head" "retract: the release commit stays"
is "$(git -C "$P" status --porcelain)" "" "retract: the work tree untouched"
like "$(echo "$err" | tr '\n' ' ')" "rel-tag: deleted the GitHub release 'v1.0.0' rel-tag: deleted 'refs/tags/v1.0.0' on remote 'origin' rel-tag: deleted the local tag 'v1.0.0'" "retract: said, in order"
unlike "$out$err" "$TOKEN" "retract: the token is in no output"

: >"$LOG"
retract
is "$rc" 0 "again: exit 0"
is "$(jqr '.already_done | join(",")')" "release,remote tag,local tag" "again: all done already"
is "$(jqr '.retracted | length')" 0 "again: nothing deleted"
is "$(writes "$LOG")" "" "again: nothing written on GitHub"

# Released again, and a remote that refuses to delete tags: the release
# goes, the tags stay; once it allows it, a run finishes.
GH_TOKEN=$TOKEN run rel-tag -C "$P" -r 1.0.0 --publish --asset "$A" --draft
is "$rc" 0 "released again as a draft"
cat >"$P.git/hooks/pre-receive" <<'EOF2'
#!/bin/sh
while read old new ref; do
	case $new in *[!0]*) ;; *) echo "no deletions here: $ref"; exit 1 ;; esac
done
EOF2
chmod +x "$P.git/hooks/pre-receive"
retract
is "$rc" 3 "remote refuses: exit 3"
like "$err" "remote: no deletions here: refs/tags/v1.0.0" "remote refuses: what the remote said"
is "$(state '.releases | length')" 0 "remote refuses: the draft release deleted first"
is "$(git -C "$P" tag -l v1.0.0)" v1.0.0 "remote refuses: the local tag stays"
rm "$P.git/hooks/pre-receive"
retract
is "$rc" 0 "then: exit 0"
is "$(jqr '.already_done | join(",")')" release "then: the release gone already"
is "$(jqr '.retracted | join(",")')" "remote tag,local tag" "then: the tags deleted"

# A tag rel-tag did not make: refused, nothing deleted.
git -C "$P" tag -a v1.0.0 -m "by hand" HEAD~1
git -C "$P" push -q origin v1.0.0
: >"$LOG"
retract
is "$rc" 1 "a tag on another commit: exit 1"
like "$err" "rel-tag: tag 'v1.0.0' on this repository is on [0-9a-f]+, not on the release commit rel-tag makes for it \('release: v1.0.0'\)" \
	"a tag on another commit: said"
is "$(git -C "$P" tag -l v1.0.0)$(git -C "$P.git" tag -l v1.0.0)" v1.0.0v1.0.0 "a tag on another commit: nothing deleted"
is "$(cat "$LOG")" "" "a tag on another commit: GitHub not asked"
git -C "$P" tag -d v1.0.0 >/dev/null
retract
is "$rc" 1 "only the remote's tag, on another commit: exit 1"
like "$err" "tag 'v1.0.0' on the remote is on" "only the remote's tag: said"
git -C "$P" tag -a v1.0.0 -m "v1.0.0" HEAD
retract
is "$rc" 1 "the remote's tag is not the local one: exit 1"
like "$err" "tag 'v1.0.0' on remote 'origin' is [0-9a-f]+, not the local tag" "the remote's tag is not the local one: said"
git -C "$P" tag -d v1.0.0 >/dev/null
git -C "$P" tag v1.0.0 HEAD
retract
is "$rc" 1 "a lightweight tag: exit 1"
is "$(branches "$P"; branches "$P.git")" "$heads" "refusals: the branches untouched"
done_testing
