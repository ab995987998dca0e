#!/bin/sh
# rel-gitlog --check: every commit of the range conventional, or exit 1
# naming each one that is not; --message-file: one message, as a
# commit-msg hook is given it.
. "$(dirname "$0")/lib.sh"

R=$TMP/r
history "$R" "feat: first" "+v1.0.0" "fix(io): mend the reader" "docs: explain" \
	"refactor!: new layout"
run rel-gitlog -C "$R" --check
is "$rc" 0 "all conventional: exit 0"
is "$out" "" "nothing on stdout"
is "$err" "rel-gitlog: 3 commits since 'v1.0.0', all conventional (merge commits are not checked)" \
	"all conventional: one line"
run rel-gitlog -C "$R" --check -q
is "$rc $err" "0 " "-q: silent"

# git's revert header is accepted; the others are named, with why.
tick
git -C "$R" revert --no-edit HEAD >/dev/null 2>&1 || commit 'Revert "refactor!: new layout"

This reverts commit '"$(git -C "$R" rev-parse HEAD)." "$R"
history "$R" "Update README" "fixup! fix(io): mend the reader" "squash! docs: explain" \
	"amend! docs: explain" "feat(): nothing" "fix(io: half a scope" "feat:nospace" "42: answer"
commit "feat:  " "$R"
short() { git -C "$R" rev-parse --short=7 "$1"; }
run rel-gitlog -C "$R" --check
is "$rc" 1 "some not conventional: exit 1"
is "$out" "" "some not conventional: nothing on stdout"
is "$err" "rel-gitlog: $(short HEAD) 'feat:': no blank after the ':'
rel-gitlog: $(short HEAD~1) '42: answer': no type: the header is 'type: description' or 'type(scope): description'
rel-gitlog: $(short HEAD~2) 'feat:nospace': no blank after the ':'
rel-gitlog: $(short HEAD~3) 'fix(io: half a scope': the scope's '(' has no ')'
rel-gitlog: $(short HEAD~4) 'feat(): nothing': the scope '()' is empty
rel-gitlog: $(short HEAD~5) 'amend! docs: explain': a fixup!, squash! or amend! commit: it was to be squashed (git rebase --autosquash) before it landed
rel-gitlog: $(short HEAD~6) 'squash! docs: explain': a fixup!, squash! or amend! commit: it was to be squashed (git rebase --autosquash) before it landed
rel-gitlog: $(short HEAD~7) 'fixup! fix(io): mend the reader': a fixup!, squash! or amend! commit: it was to be squashed (git rebase --autosquash) before it landed
rel-gitlog: $(short HEAD~8) 'Update README': no ': ' after the type: the header is 'type: description' or 'type(scope): description'
rel-gitlog: 9 of 13 commits since 'v1.0.0' are not conventional" \
	"each one named, newest first, with its short id, header and why; then the count"
run rel-gitlog -C "$R" --check -q
is "$rc" 1 "-q: still exit 1"
like "$err" "9 of 13 commits" "-q: the failures are still said"
git -C "$R" config core.abbrev 10
run rel-gitlog -C "$R" --check
like "$err" "^rel-gitlog: $(git -C "$R" rev-parse --short=10 HEAD) 'feat:'" "core.abbrev: the short id's length"
git -C "$R" config --unset core.abbrev

# The range options apply.
run rel-gitlog -C "$R" --check --from v1.0.0 --to HEAD~9
is "$rc" 0 "--from, --to: only that range"
is "$err" "rel-gitlog: 4 commits since 'v1.0.0', all conventional (merge commits are not checked)" \
	"--from, --to: counted"
run rel-gitlog -C "$R" --check --to v1.0.0
is "$rc" 0 "up to the release: the whole history, conventional"

# Merge commits are left out, as cog check does, unless --merges.
M=$TMP/m
history "$M" "feat: base"
git -C "$M" checkout -q -b topic
history "$M" "fix: on the topic"
git -C "$M" checkout -q main
history "$M" "feat: on main"
tick
git -C "$M" merge -q --no-ff --no-edit topic
is "$(git -C "$M" log -1 --format=%s)" "Merge branch 'topic'" "a merge commit made"
run rel-gitlog -C "$M" --check
is "$rc" 0 "a merge commit is not checked"
is "$err" "rel-gitlog: 3 commits in the whole history, all conventional (merge commits are not checked)" \
	"merge commits: said they were not checked"
run rel-gitlog -C "$M" --check --merges
is "$rc" 1 "--merges: the merge commit is checked"
like "$err" "$(git -C "$M" rev-parse --short=7 HEAD) 'Merge branch 'topic'': no ': ' after the type" \
	"--merges: the merge commit named"

# One package of a monorepo.
P=$TMP/p
new_repo "$P"
mkdir -p "$P/app" "$P/lib"
echo 1 >"$P/app/f"
git -C "$P" add app
commit "feat(app): start" "$P"
echo 1 >"$P/lib/f"
git -C "$P" add lib
commit "Lib tweak" "$P"
run rel-gitlog -C "$P" --check --path app
is "$rc" 0 "--path: only the package's commits"
run rel-gitlog -C "$P" --check --path lib
is "$rc" 1 "--path lib: its commit is not conventional"

# --message-file: git's cleanup, then the same rules, and a hook's own.
msg() { printf "$1" >"$TMP/msg"; run rel-gitlog --message-file "$TMP/msg"; }
msg 'feat: add a knob\n\nbody\n'
is "$rc" 0 "a conventional message: exit 0"
is "$out" "" "a message: nothing on stdout"
is "$err" "rel-gitlog: 'feat: add a knob' is conventional" "a conventional message: said"
msg 'Add a knob\n'
is "$rc" 1 "a message that is not: exit 1"
is "$err" "rel-gitlog: $TMP/msg: 'Add a knob': no ': ' after the type: the header is 'type: description' or 'type(scope): description'" \
	"a message that is not: the file, the header and why"
msg '\n\n# Please enter the commit message for your changes.\n#\n\n  \nfix(ui): mend   \n# On branch main\n\nbody\n'
is "$rc $err" "0 rel-gitlog: 'fix(ui): mend' is conventional" \
	"comment lines, blank lines and trailing blanks are git's cleanup"
msg '# Please enter the commit message\nfeat: real header\n# ------------------------ >8 ------------------------\n# Do not modify or remove the line above.\ndiff --git a/x b/x\n'
is "$rc" 0 "the scissors line and the diff below it (git commit -v) are cut"
msg 'Not a header\n# ------------------------ >8 ------------------------\n'
is "$rc" 1 "above the scissors: still checked"
msg '  # not a comment: fix it\n'
is "$rc" 1 "'#' not in the first column is not a comment"
msg '# ------------------------ >8 ------------------------ \nfeat: x\n'
is "$rc" 0 "a scissors line with a trailing blank is not git's: only a comment"
msg '# only comments\n\n'
is "$rc" 1 "only comments: exit 1"
like "$err" "'': the header is empty" "only comments: the header is empty"
msg ''
is "$rc" 1 "an empty file: exit 1"
msg 'feat: crlf\r\n\r\nbody\r\n'
is "$rc" 0 "CRLF line endings"
for h in "fixup! Something" "squash! feat: x" "amend! whatever" "Merge branch 'topic'" \
	"Merge remote-tracking branch 'origin/main'" "Merge tag 'v1.0.0'" \
	'Revert "feat: x"' 'Reapply "Revert \"feat: x\""' "revert: feat: x"; do
	msg "$h\n"
	is "$rc" 0 "hook: '$h' accepted"
done
for h in "Merge pull request #3 from o/b" "Merged stuff" "fixup!no-space" "Revert feat: x"; do
	msg "$h\n"
	is "$rc" 1 "hook: '$h' refused"
done
run_stdin "$TMP/msg" rel-gitlog --message-file -
is "$rc" 1 "--message-file -: standard input"
run rel-gitlog --message-file "$TMP/no-such-file"
is "$rc" 3 "a missing file: exit 3"
like "$err" "cannot read '$TMP/no-such-file': No such file or directory" "a missing file: said"
run rel-gitlog --message-file "$TMP"
is "$rc" 3 "a directory: exit 3"
(cd "$TMP" && printf 'fix: outside\n' >msg2 && rel-gitlog --message-file msg2 2>/dev/null)
is "$?" 0 "--message-file needs no repository"

# Usage.
run rel-gitlog -C "$R" --check --next
is "$rc $out" "2 " "--check and --next: exit 2"
is "$err" "rel-gitlog: --next and --check exclude each other" "--check and --next: said"
for o in "--from v1.0.0" "--to HEAD" "--path app" "--pre rc" "--merges"; do
	run rel-gitlog -C "$R" --message-file "$TMP/msg" $o
	is "$rc" 2 "--message-file $o: exit 2"
	is "$err" "rel-gitlog: --message-file checks one message: --from, --to, --path, --pre and --merges do not apply" \
		"--message-file $o: said"
done
run rel-gitlog -C "$TMP" --check
is "$rc" 2 "--check outside a repository: exit 2"

# The hook, installed as the README says, run by git itself.
H=$TMP/h
new_repo "$H"
printf '#!/bin/sh\nexec rel-gitlog --check --message-file "$1"\n' >"$H/.git/hooks/commit-msg"
chmod +x "$H/.git/hooks/commit-msg"
tick
git -C "$H" commit -q --allow-empty -m "feat: hooked" 2>"$TMP/hook.err"
is "$?" 0 "hook: a conventional commit is made"
tick
git -C "$H" commit -q --allow-empty -m "Update things" 2>"$TMP/hook.err"
is "$([ $? -ne 0 ] && echo refused)" refused "hook: git commit refused"
like "$(cat "$TMP/hook.err")" "rel-gitlog: .*COMMIT_EDITMSG: 'Update things': no ': ' after the type" \
	"hook: why, on git commit's stderr"
is "$(git -C "$H" log --format=%s | tr '\n' '|')" "feat: hooked|" "hook: no commit made"
tick
git -C "$H" commit -q --allow-empty --fixup HEAD 2>"$TMP/hook.err"
is "$?" 0 "hook: git commit --fixup accepted"
git -C "$H" checkout -q -b topic
tick
git -C "$H" commit -q --allow-empty -m "fix: on topic" 2>/dev/null
git -C "$H" checkout -q main
tick
git -C "$H" merge -q --no-ff --no-edit topic 2>"$TMP/hook.err"
is "$?" 0 "hook: git merge's own message accepted"
run rel-gitlog -C "$H" --check
is "$rc" 1 "the history then: the fixup! commit is refused"
done_testing
