#!/bin/sh
# rel-check: the git checks (branch, clean, shallow, sync, tags), usage.
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/lib-release.sh"

P=$TMP/p
new_project "$P"
head=$(git -C "$P" rev-parse HEAD)
short=$(git -C "$P" rev-parse --short=7 HEAD)

run rel-check -C "$P" -r 0.1.0 --no-ci
is "$(check branch)" "pass on 'main'" "branch: pass"
is "$(check clean)" "pass nothing to commit besides 'CHANGELOG.md'" "clean: pass"
is "$(check shallow)" "pass the whole history is here" "shallow: pass"
is "$(check sync)" "pass in sync with 'origin/main' at $short" "sync: pass after a fetch"
is "$(check tag-local)" "pass no tag 'v0.1.0' here" "tag-local: pass"
is "$(check tag-remote)" "pass no tag 'v0.1.0' on remote 'origin'" "tag-remote: pass"
is "$(check ci)" "skip --no-ci" "ci: skipped with --no-ci"
is "$(jqr .schema)" rel-check/1 "schema"
is "$(jqr .commit)" "$head" "commit is HEAD"
is "$(jqr .tag)" v0.1.0 "tag"
is "$(jqr '[.checks[].name] | join(",")')" \
	"version,version-greater,version-bump,branch,clean,shallow,sync,tag-local,tag-remote,changelog-lint,changelog-release,ci" \
	"every check reported, in order"
is "$(printf '%s\n' "$err" | grep -cE '^rel-check: (pass|fail|warn|skip) ')" 12 \
	"one stderr line per check"
is "$(jqr '[.checks[] | select(.status == "fail")] | length > 0')" \
	"$(jqr '.ok | not')" "ok is false exactly when a check failed"

# The changelog may be modified; nothing else may.
echo "- More." >>"$P/CHANGELOG.md"
run rel-check -C "$P" -r 0.1.0 --no-ci
is "$(check clean)" "pass nothing to commit besides 'CHANGELOG.md'" "clean: changelog edits allowed"
echo x >"$P/README"
echo y >"$P/notes.txt"
git -C "$P" add README
run rel-check -C "$P" -r 0.1.0 --no-ci
is "$(check clean)" "fail 2 uncommitted paths: 'README', 'notes.txt' (untracked)" "clean: fail names staged and untracked paths"
is "$rc" 1 "a failed check exits 1"
is "$(jqr .ok)" false "ok false"
like "$err" "rel-check: fail clean: 2 uncommitted paths" "the failure on stderr"
like "$err" "rel-check: [0-9]+ of 12 checks failed" "a summary line"
git -C "$P" rm -q --cached README
rm "$P/README" "$P/notes.txt"
git -C "$P" checkout -q CHANGELOG.md

# Branch
git -C "$P" checkout -q -b topic
run rel-check -C "$P" -r 0.1.0 --no-ci
is "$(check branch)" "fail on 'topic', not on the release branch 'main'" "branch: another branch fails"
run rel-check -C "$P" -r 0.1.0 --no-ci --branch topic
is "$(check branch)" "pass on 'topic'" "branch: --branch names the release branch"
is "$(check sync)" "fail no branch 'topic' on remote 'origin': push it" "sync: branch missing on the remote"
git -C "$P" checkout -q --detach main
run rel-check -C "$P" -r 0.1.0 --no-ci
is "$(check branch)" "fail HEAD is detached at $short, not on 'main'" "branch: detached HEAD fails"
git -C "$P" checkout -q main

# Sync: ahead, behind, diverged, --no-fetch
commit "fix: local only" "$P"
run rel-check -C "$P" -r 0.1.0 --no-ci
is "$(check sync)" "fail 1 commit ahead of 'origin/main': push and let CI run" "sync: ahead"
git clone -q "$P.git" "$TMP/other"
commit "fix: theirs one" "$TMP/other"
commit "fix: theirs two" "$TMP/other"
git -C "$TMP/other" push -q origin main
run rel-check -C "$P" -r 0.1.0 --no-ci
is "$(check sync)" "fail diverged from 'origin/main' (1 ahead, 2 behind): merge or rebase, then push" "sync: diverged"
git -C "$P" reset -q --hard "$head"
run rel-check -C "$P" -r 0.1.0 --no-ci --no-fetch
like "$(check sync)" "^fail 2 commits behind 'origin/main \(not fetched: --no-fetch\)': pull first" \
	"sync: --no-fetch compares with the tracking branch as fetched"
is "$(check tag-remote)" "skip --no-fetch: remote 'origin' not asked" "tag-remote: skipped with --no-fetch"
git -C "$P" update-ref refs/remotes/origin/main "$head"
run rel-check -C "$P" -r 0.1.0 --no-ci --no-fetch
is "$(check sync)" "pass in sync with 'origin/main (not fetched: --no-fetch)' at $short" "sync: --no-fetch does not fetch"
run rel-check -C "$P" -r 0.1.0 --no-ci
is "$(check sync)" "fail 2 commits behind 'origin/main': pull first" "sync: behind, after a fetch"
git -C "$P" pull -q --ff-only origin main
head=$(git -C "$P" rev-parse HEAD)

# No such remote; an unreachable one.
run rel-check -C "$P" -r 0.1.0 --no-ci --remote nope
is "$(check sync)" "fail no remote 'nope' in this repository" "sync: unknown remote"
is "$(check tag-remote)" "fail no remote 'nope' in this repository" "tag-remote: unknown remote"
git -C "$P" remote add gone "$TMP/gone.git"
run rel-check -C "$P" -r 0.1.0 --no-ci --remote gone
like "$(check sync)" "^fail cannot fetch from remote 'gone': " "sync: unreachable remote"

# Tags: local, remote.
git -C "$P" tag -a v0.1.0 -m "v0.1.0"
run rel-check -C "$P" -r 0.1.0 --no-ci
is "$(check tag-local)" "fail tag 'v0.1.0' already exists on $(git -C "$P" rev-parse --short=7 HEAD)" "tag-local: fail"
git -C "$P" push -q origin v0.1.0
git -C "$P" tag -d v0.1.0 >/dev/null
run rel-check -C "$P" -r v0.1.0 --no-ci
is "$(check tag-local)" "pass no tag 'v0.1.0' here" "tag-local: pass once deleted"
is "$(check tag-remote)" "fail tag 'v0.1.0' already exists on remote 'origin'" "tag-remote: fail"
run rel-check -C "$P" -r 0.1.0 --no-ci --tag-prefix release-
is "$(check tag-remote)" "pass no tag 'release-0.1.0' on remote 'origin'" "--tag-prefix names the tag"

# Shallow clone
git clone -q --depth 1 "file://$P.git" "$TMP/shallow"
run rel-check -C "$TMP/shallow" -r 0.2.0 --no-ci --no-fetch
is "$(check shallow)" "fail a shallow clone: run git fetch --unshallow" "shallow: fail"

# The version
# A mistyped version is invalid input: exit 2, as in every tool.
run rel-check -C "$P" -r 1.2 --no-ci
is "$rc" 2 "version not SemVer: exit 2"
is "$err" "rel-check: '1.2' is not a SemVer version (MAJOR.MINOR.PATCH, e.g. 1.2.0)" "version not SemVer: said"
is "$out" "" "version not SemVer: no document"
run rel-check -C "$P" -r v1.2.0-rc.1 --no-ci
is "$(check version)" "pass '1.2.0-rc.1' is a SemVer version" "version: leading v accepted"
is "$(jqr .version)" 1.2.0-rc.1 "version normalised"
run rel-check -C "$P" -r rel-1.2.0 --tag-prefix rel- --no-ci
is "$(jqr .tag)" rel-1.2.0 "version: the tag prefix accepted"

# Usage and environment errors: nothing on stdout.
run rel-check -C "$TMP" -r 0.1.0 --no-ci
is "$rc" 2 "not a repository: exit 2"
is "$out" "" "not a repository: no output"
like "$err" "^rel-check: '.*' is not a git repository" "not a repository: said"
run rel-check -C "$P.git" -r 0.1.0 --no-ci
is "$rc" 2 "a bare repository: exit 2"
run rel-check -C "$P" --no-ci
is "$rc" 2 "no version: exit 2"
like "$err" "give -r VERSION" "no version: said"
run rel-check -C "$P" -r 0.1.0 --no-ci --ci-wait 5
is "$rc" 2 "--no-ci with --ci-wait: exit 2"
run rel-check -C "$P" -r 0.1.0 --ci-wait soon
is "$rc" 2 "bad --ci-wait: exit 2"
like "$err" "--ci-wait wants seconds, not 'soon'" "bad --ci-wait: said"
run rel-check -C "$P" -r 0.1.0 --no-ci extra
is "$rc" 2 "an extra argument: exit 2"

# -q keeps only the failures on stderr.
run rel-check -C "$P" -r 0.1.0 --no-ci -q
unlike "$err" "rel-check: pass" "-q: no pass lines"
done_testing
