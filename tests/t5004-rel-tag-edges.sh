#!/bin/sh
# rel-tag at the edges: other staged changes stay out of the release
# commit, signing that libgit2 cannot do is refused, release files that are
# not files of the work tree, dry runs in partial states.
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/lib-release.sh"

state() { refs "$1"; git -C "$1" status --porcelain; }

# Other changes, staged or not, stay out of the release commit.
released_project a 0.1.0
A=$TMP/a
echo one >"$A/staged.txt"
git -C "$A" add staged.txt
echo two >"$A/untracked.txt"
printf '#!/bin/sh\ntouch "%s/hook-ran"\nexit 1\n' "$TMP" >"$A/.git/hooks/pre-commit"
chmod +x "$A/.git/hooks/pre-commit"
run rel-tag -C "$A" -r 0.1.0
is "$rc" 0 "other changes: exit 0"
ok "$([ ! -e "$TMP/hook-ran" ]; echo $?)" "git hooks are not run (as documented)"
is "$(git -C "$A" show --name-only --format= HEAD)" CHANGELOG.md "the release commit holds only the release file"
is "$(git -C "$A" status --porcelain)" "A  staged.txt
?? untracked.txt" "the other changes are left as they were, staged or not"
is "$(git -C "$A" show HEAD:CHANGELOG.md)" "$(cat "$A/CHANGELOG.md")" "the changelog committed as it is on disk"

# Signing: libgit2 cannot, so where git would sign, rel-tag refuses.
released_project b 0.1.0
B=$TMP/b
git -C "$B" config commit.gpgSign true
before=$(state "$B")
run rel-tag -C "$B" -r 0.1.0 --push
is "$rc" 3 "commit.gpgSign: exit 3"
is "$out" "" "commit.gpgSign: no document"
is "$err" "rel-tag: commit.gpgSign is set and rel-tag cannot sign: commit the release files with git commit -S -m 'release: v0.1.0', then run rel-tag again" \
	"commit.gpgSign: said, with what to do"
is "$(state "$B")" "$before" "commit.gpgSign: nothing changed"
run rel-tag -C "$B" -r 0.1.0 --push --dry-run
is "$rc" 3 "commit.gpgSign: the dry run refuses too"
# The commit made by git (signed there; here -c for want of a key).
git -C "$B" -c commit.gpgSign=false commit -qam "release: v0.1.0"
git -C "$B" config tag.gpgSign true
before=$(state "$B")
run rel-tag -C "$B" -r 0.1.0 --push
is "$rc" 3 "tag.gpgSign: exit 3"
is "$err" "rel-tag: tag.gpgSign is set and rel-tag cannot sign: tag with git tag -s v0.1.0 (the notes from rel-changelog notes), then run rel-tag again" \
	"tag.gpgSign: said, with what to do"
is "$(state "$B")" "$before" "tag.gpgSign: nothing changed"
git -C "$B" config --unset tag.gpgSign
git -C "$B" config tag.forceSignAnnotated true
run rel-tag -C "$B" -r 0.1.0
is "$rc" 3 "tag.forceSignAnnotated: exit 3"
rel-changelog notes -r 0.1.0 "$B/CHANGELOG.md" |
	git -C "$B" -c tag.forceSignAnnotated=false tag -a v0.1.0 -F -
run rel-tag -C "$B" -r 0.1.0 --push
is "$rc" 0 "commit and tag made by git: exit 0"
is "$(jqr '.already_done | join(",")')" "commit,tag" "commit and tag made by git: found done"
is "$(jqr '.pushed | join(",")')" "refs/heads/main,refs/tags/v0.1.0" "commit and tag made by git: pushed"

# Release files that are not files of the work tree.
released_project c 0.1.0
C=$TMP/c
before=$(state "$C")
for f in "$C/CHANGELOG.md" ../CHANGELOG.md docs/../../x; do
	run rel-tag -C "$C" -r 0.1.0 --file "$f"
	is "$rc $err" "2 rel-tag: release file '$f' is not a path inside the work tree, relative to its top" \
		"--file $f: refused, exit 2"
done
mkdir "$C/docs"
echo x >"$C/docs/a.md"
run rel-tag -C "$C" -r 0.1.0 --file docs
is "$rc $err" "2 rel-tag: release file 'docs' is not a file" "--file DIR: refused, exit 2"
rm -r "$C/docs"
is "$(state "$C")" "$before" "refused files: nothing changed"
run rel-tag -C "$C" -r 0.1.0 --file ./CHANGELOG.md --file CHANGELOG.md
is "$rc" 0 "a file given twice, once as ./FILE: exit 0"
is "$(git -C "$C" show --name-only --format= HEAD)" CHANGELOG.md "a file given twice: committed once"

# Dry runs in partial states: what is done, what would be.
released_project d 0.1.0
D=$TMP/d
git -C "$D" commit -qam "release: v0.1.0"
run rel-tag -C "$D" -r 0.1.0 --push --dry-run
is "$(jqr '[.already_done, .plan, .commit, .tag_object] | tojson')" \
	"[[\"commit\"],[\"create the annotated tag 'v0.1.0' with the release notes\",\"push 'refs/heads/main'\",\"push 'refs/tags/v0.1.0'\"],\"$(git -C "$D" rev-parse HEAD)\",null]" \
	"dry run, commit made: the rest planned"
git -C "$D" push -q origin main
run rel-tag -C "$D" -r 0.1.0 --push --dry-run
is "$(jqr '[.already_done, .plan] | tojson')" \
	"[[\"commit\",\"push refs/heads/main\"],[\"create the annotated tag 'v0.1.0' with the release notes\",\"push 'refs/tags/v0.1.0'\"]]" \
	"dry run, branch pushed: the branch push found done"

# A branch named with Latin-1 bytes, pushed already: its step is told,
# the bytes that are not UTF-8 as U+FFFD (it was "out of memory", exit 3).
latin1=$(printf 'caf\351')
git -C "$D" checkout -q -b "$latin1"
git -C "$D" push -q origin "$latin1"
run rel-tag -C "$D" -r 0.1.0 --push --dry-run
is "$rc" 0 "dry run on a Latin-1 branch: exit 0"
is "$(jqr '.already_done | tojson')" "[\"commit\",\"push refs/heads/caf$(printf '\357\277\275')\"]" \
	"dry run on a Latin-1 branch: the pushed branch named, U+FFFD for the byte"
unlike "$err" "out of memory" "dry run on a Latin-1 branch: no false out of memory"
# Tags under another prefix: said, with the option to give.
released_project u 0.2.0
git -C "$TMP/u" tag 0.1.0 HEAD
run rel-tag -C "$TMP/u" -r 0.2.0 --dry-run
is "$rc" 0 "tags under '': the plan still made"
like "$err" "^rel-tag: warning: no release tag is under the prefix 'v', but 1 is under '': give --tag-prefix ''" \
	"tags under '': said on stderr, the option suggested"
run rel-tag -C "$TMP/u" -r 0.2.0 --dry-run --tag-prefix ''
unlike "$err" "warning" "--tag-prefix '': nothing said"
# A push URL that is a missing path: said so, before anything is written
# (libgit2 called it an "unsupported URL protocol", git an "early EOF").
released_project pu 0.1.0
before=$(refs "$TMP/pu"; git -C "$TMP/pu" status --porcelain)
for url in "$TMP/nope.git" nope.git "file://$TMP/nope.git"; do
	git -C "$TMP/pu" config remote.origin.pushurl "$url"
	run rel-tag -C "$TMP/pu" -r 0.1.0 --push
	is "$rc" 3 "push URL '$url' missing: exit 3"
	is "$err" "rel-tag: cannot push to remote 'origin': '${url#file://}' does not exist" \
		"push URL '$url' missing: the path named"
	is "$(refs "$TMP/pu"; git -C "$TMP/pu" status --porcelain)" "$before" \
		"push URL '$url' missing: nothing written"
done
done_testing
