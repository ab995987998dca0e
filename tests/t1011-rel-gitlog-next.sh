#!/bin/sh
# rel-gitlog --next: the next version alone on stdout, as summary.next
# gives it; exit 1 and nothing on stdout when no commit counts.
. "$(dirname "$0")/lib.sh"

# change MSG DIR: a commit that changes a file, so git revert has work.
change() {
	echo "$1" >>"$2/file"
	git -C "$2" add file
	commit "$1" "$2"
}

# agree DIR ARGS...: --next prints what the document's summary.next says.
agree() {
	_d=$1
	shift
	run rel-gitlog -q -C "$_d" "$@"
	_want=$(jqr .summary.next)
	run rel-gitlog -C "$_d" --next "$@"
	is "$out" "$_want" "--next $*: as summary.next ($_want)"
}

R=$TMP/r
history "$R" "feat: first"
run rel-gitlog -C "$R" --next
is "$rc" 0 "no release yet: exit 0"
is "$out" "0.1.0" "no release yet: 0.1.0, alone"
is "$(printf '%s\n' "$out" | od -c | head -1 | tr -s ' ')" "0000000 0 . 1 . 0 \\n" \
	"one line, newline-terminated, no JSON"
is "$err" "rel-gitlog: 1 commit in the whole history, next 0.1.0 (minor)" \
	"the progress line on stderr"
run rel-gitlog -C "$R" --next -q
is "$err" "" "-q: nothing on stderr"
run rel-gitlog -C "$R" --next --pretty
is "$out" "0.1.0" "--pretty changes nothing"

git -C "$R" tag v0.1.0
run rel-gitlog -C "$R" --next
is "$rc" 1 "no commit since the release: exit 1"
is "$out" "" "no commit: nothing on stdout"
is "$err" "rel-gitlog: no commits since 'v0.1.0'
rel-gitlog: no next version: nothing to release" "no commit: said why"
run rel-gitlog -C "$R" --next -q
is "$rc $err" "1 rel-gitlog: no next version: nothing to release" \
	"no commit, -q: the error is still said"

history "$R" "fix: a" "docs: b"
run rel-gitlog -C "$R" --next
is "$rc $out" "0 0.1.1" "a fix: patch"
agree "$R"
run rel-gitlog -C "$R" --next --pre rc
is "$out" "0.1.1-rc.1" "--pre rc"
git -C "$R" tag v0.1.1-rc.1
run rel-gitlog -C "$R" --next --pre rc
is "$out" "0.1.1-rc.2" "--pre rc after rc.1"
agree "$R" --pre beta
history "$R" "feat!: break" "+v1.0.0" "feat: c" "fix: d"
run rel-gitlog -C "$R" --next
is "$out" "1.1.0" "a feat after 1.0.0: minor"
run rel-gitlog -C "$R" --next --from v0.1.0 --to v1.0.0
is "$out" "0.2.0" "--from and --to: the range given"
agree "$R" --from v0.1.0 --to v1.0.0

# A revert and its commit cancel: nothing counts.
V=$TMP/v
history "$V" "feat: a" "+v1.0.0"
change "feat: risky" "$V"
tick
git -C "$V" revert --no-edit HEAD >/dev/null
run rel-gitlog -C "$V" --next
is "$rc" 1 "all reverted in pairs: exit 1"
is "$out" "" "all reverted in pairs: nothing on stdout"
is "$err" "rel-gitlog: 2 commits since 'v1.0.0', all reverted in pairs: nothing to release
rel-gitlog: no next version: nothing to release" "all reverted in pairs: said"

# One package of a monorepo: its commits and its tags.
M=$TMP/m
new_repo "$M"
mkdir -p "$M/app" "$M/lib"
echo 1 >"$M/app/f"
git -C "$M" add app
commit "feat(app): start" "$M"
git -C "$M" tag app-v1.0.0
echo 1 >"$M/lib/f"
git -C "$M" add lib
commit "feat(lib)!: break the lib" "$M"
echo 2 >"$M/app/f"
git -C "$M" add app
commit "fix(app): mend" "$M"
run rel-gitlog -C "$M" --next --path app --tag-prefix app-v
is "$rc $out" "0 1.0.1" "--path and --tag-prefix: the package's next version"
agree "$M" --path lib --tag-prefix app-v

# Refusals write nothing on stdout.
run rel-gitlog -C "$R" --next --from nosuch
is "$rc" 2 "unknown --from: exit 2"
is "$out" "" "unknown --from: nothing on stdout"
like "$err" "unknown revision 'nosuch'" "unknown --from: said"
run rel-gitlog -C "$TMP" --next
is "$rc $out" "2 " "not a repository: exit 2, nothing on stdout"
if [ -w /dev/full ]; then
	rel-gitlog -q -C "$R" --next >/dev/full 2>"$TMP/full.err"
	is "$?" 3 "a write error: exit 3"
	like "$(cat "$TMP/full.err")" "cannot write the output" "a write error: said"
else
	ok 0 "# SKIP no /dev/full"
	ok 0 "# SKIP no /dev/full"
fi
done_testing
