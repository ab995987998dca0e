#!/bin/sh
# rel-changelog: Markdown edge cases (link destinations in angle brackets,
# closing '#' sequences, code fences), mentions that are not mentions,
# read-only and symlinked files.
. "$(dirname "$0")/lib.sh"
cd "$TMP" || exit 1

# c ID DESCRIPTION: one rel-gitlog fix commit, its full id ID then zeros.
c() {
	jq -cn --arg id "$1" --arg d "$2" '{
		id: ($id + "000000000000000000000000000000"),
		short: $id[0:7], author: {name: "Ada", email: "ada@example.org"},
		date: "2026-01-01T00:00:00Z", header: ("fix: " + $d),
		type: "fix", scope: null, breaking: false, description: $d,
		body: null, footers: [], conventional: true, merge: false,
		revert: false, reverts: null}'
}
doc() {
	printf '%s\n' "$@" | jq -cs '{schema: "rel-gitlog/1", from: null,
		to: {ref: "HEAD", commit: "0"}, ignored_tags: [], commits: .,
		summary: {count: length}}'
}

# The example file of keepachangelog.com 1.1.0: lint clean, and release
# changes only the new heading and the two links.
KAC=$TOP/tests/fixtures/changelog/keepachangelog-1.1.0.md
run rel-changelog lint "$KAC"
is "$rc" 0 "keepachangelog.com example: lint exit 0"
is "$(jqr '"\(.errors) \(.warnings)"')" "0 0" "keepachangelog.com example: no diagnostic"
run rel-changelog release -r 1.2.0 --date 2026-02-01 "$KAC"
is "$rc" 0 "keepachangelog.com example: release exit 0"
printf '%s\n' "$out" >kac-new.md
is "$(diff "$KAC" kac-new.md)" '9a10,11
> ## [1.2.0] - 2026-02-01
> 
144c146,147
< [unreleased]: https://github.com/olivierlacan/keep-a-changelog/compare/v1.1.1...HEAD
---
> [unreleased]: https://github.com/olivierlacan/keep-a-changelog/compare/v1.2.0...HEAD
> [1.2.0]: https://github.com/olivierlacan/keep-a-changelog/compare/v1.1.1...v1.2.0' \
	"keepachangelog.com example: only the heading and the links change"
run rel-changelog lint kac-new.md
is "$rc" 0 "keepachangelog.com example: the released file lints clean"

# A link destination in angle brackets, and titles: the URL is what is
# inside the brackets, and release changes only the URL of the line.
cat >angle.md <<'EOF'
# Changelog

## [Unreleased]

### Added

- Thing

## [1.0.0] - 2026-01-01

### Fixed

- Bug

[Unreleased]: <https://github.com/o/r/compare/v1.0.0...HEAD> "Not yet"
[1.0.0]: <https://github.com/o/r/releases/tag/v1.0.0> "First"
EOF
run rel-changelog show -r 1.0.0 angle.md
is "$(jqr .release.link)" https://github.com/o/r/releases/tag/v1.0.0 "show: URL without the angle brackets"
run rel-changelog notes -r 1.0.0 angle.md
like "$out" '^\*\*Full Changelog\*\*: https://github.com/o/r/releases/tag/v1.0.0$' \
	"notes: Full Changelog URL without brackets"
run rel-changelog release -r 1.1.0 --date 2026-02-01 angle.md
is "$rc" 0 "release with bracketed links: exit 0"
is "$(printf '%s\n' "$out" | tail -n 3)" '[Unreleased]: <https://github.com/o/r/compare/v1.1.0...HEAD> "Not yet"
[1.1.0]: https://github.com/o/r/compare/v1.0.0...v1.1.0
[1.0.0]: <https://github.com/o/r/releases/tag/v1.0.0> "First"' \
	"release: brackets and title of [Unreleased] kept, base without '<'"

# A tag prefix with a slash ("release/") or a dash ("app-v") is read from
# the links whole.
for prefix in release/ app-v; do
	printf '# Changelog\n\n## [Unreleased]\n\n### Added\n\n- x\n\n## [1.2.0] - 2026-01-01\n\n### Fixed\n\n- y\n\n[unreleased]: https://github.com/o/r/compare/%s1.2.0...HEAD\n[1.2.0]: https://github.com/o/r/releases/tag/%s1.2.0\n' \
		"$prefix" "$prefix" >prefix.md
	run rel-changelog release -r 1.3.0 --date 2026-02-01 prefix.md
	is "$(printf '%s\n' "$out" | tail -n 3)" "[unreleased]: https://github.com/o/r/compare/${prefix}1.3.0...HEAD
[1.3.0]: https://github.com/o/r/compare/${prefix}1.2.0...${prefix}1.3.0
[1.2.0]: https://github.com/o/r/releases/tag/${prefix}1.2.0" "prefix '$prefix' kept in the new links"
	run rel-changelog notes -r 1.2.0 --json prefix.md
	is "$(jqr .title)" "${prefix}1.2.0" "prefix '$prefix': notes title"
done

# --url: a clone URL gives the web address; credentials never reach the
# file; a web URL keeps its port.
printf '# Changelog\n\n## [Unreleased]\n\n### Added\n\n- x\n' >first.md
for u in https://github.com/o/r.git git@github.com:o/r.git \
	https://user:secret@github.com/o/r/ https://h:3000/o/r; do
	run rel-changelog release -r 0.1.0 --date 2026-01-01 --url "$u" first.md
	want=https://github.com/o/r
	[ "$u" = https://h:3000/o/r ] && want=$u
	is "$(printf '%s\n' "$out" | tail -n 1)" "[0.1.0]: $want/releases/tag/v0.1.0" "--url $u"
	unlike "$out$err" secret "--url $u: no password in the output"
done

# ATX headings with a closing sequence are the same headings.
cat >closing.md <<'EOF'
# Changelog #

## [Unreleased] ##

### Added ###

- New thing

## [1.0.0] - 2026-01-01 ##

### Fixed

- Old fix
EOF
run rel-changelog lint closing.md
is "$rc" 0 "closing '#' sequences: lint clean"
is "$err" "rel-changelog: 'closing.md' lints clean (0 warnings)" "closing '#' sequences: no diagnostic"
run rel-changelog show -r 1.0.0 closing.md
is "$(jqr .release.date)" 2026-01-01 "closing sequence: not part of the date"
run rel-changelog show -r unreleased closing.md
is "$(jqr '.release.sections[0].name')" Added "closing sequence: not part of the section name"
printf '# Changelog\n\n## [Unreleased]\n\n### C#\n\n- x\n' >csharp.md
run rel-changelog lint --sections 'C#' csharp.md
is "$rc" 0 "'### C#' keeps its '#': not a closing sequence"

# A typographic dash: the message says so; a version without brackets is
# a form of its own, a warning.
printf '# Changelog\n\n## [Unreleased]\n\n## [1.1.0] \342\200\223 2026-01-02\n\n## 1.0.0 - 2026-01-01\n' >dash.md
run rel-changelog lint dash.md
is "$rc" 1 "en dash and no brackets: lint errors"
is "$err" "dash.md:5:1: error: release heading '[1.1.0] $(printf '\342\200\223') 2026-01-02' is not '## [VERSION] - YYYY-MM-DD' (a typographic dash, not '-')
dash.md:7:1: warning: '1.0.0' is not in brackets" \
	"en dash and no brackets: what is wrong"

# A fenced code block may stand anywhere, also between a section's items;
# a heading inside it, or inside a comment, is no heading.
cat >fence.md <<'EOF'
# Changelog

## [Unreleased]

### Changed

- The configuration moved:

```toml
## [9.0.0] - 2020-01-01
```

- Another item
<!--
## [8.0.0] - 2020-01-01
-->

## [1.0.0] - 2026-01-01

### Fixed

- Old fix
EOF
run rel-changelog lint fence.md
is "$rc" 0 "code fence between items: lint clean"
is "$err" "rel-changelog: 'fence.md' lints clean (0 warnings)" "code fence between items: no diagnostic"
run rel-changelog show fence.md
is "$(jqr '[.releases[].version] | join(",")')" "Unreleased,1.0.0" \
	"no release read from inside the fence or the comment"
run rel-changelog release -r 1.1.0 --date 2026-02-01 fence.md
is "$(printf '%s\n' "$out" | sed -n '7,12p')" '### Changed

- The configuration moved:

```toml
## [9.0.0] - 2020-01-01' "release moves the fence with the items"
printf '# Changelog\n\n## [Unreleased]\n\n### Changed\n\n```\ncode\n```\nprose after the fence\n' >fence2.md
run rel-changelog lint fence2.md
is "$rc" 1 "prose right after a closed fence is still prose"
like "$err" '^fence2.md:10:1: error: text in a section that is not a list item$' \
	"prose after a fence: its place"

# Mentions: "#3a" is not #3, an id inside a longer word or a longer id
# of another commit is not the commit's, a longer prefix of its own is.
cat >mention.md <<'EOF'
# Changelog

## [Unreleased]

### Fixed

- See #3a, PR#4 and (#12).
- deadabc1234, abc1234f and (ABC5678).
- Fixed the bug (1234567890).

## [1.0.0] - 2026-01-01

### Added

- First
EOF
doc "$(c bbbbbbbbbb 'x (#3)')" "$(c cccccccccc 'y (#4)')" \
	"$(c dddddddddd 'z (#1)')" "$(c abc1234eee 'short id in words')" \
	"$(c abc5678eee 'upper case')" "$(c 1234567890 'full id')" \
	"$(c 1234567891 'other id')" >mention.json
run rel-changelog release -r 1.1.0 --date 2026-02-01 --gitlog mention.json mention.md
is "$(printf '%s\n' "$out" | sed -n '/^### Fixed/,/^## \[1.0.0\]/p' | grep '^- ')" \
'- See #3a, PR#4 and (#12).
- deadabc1234, abc1234f and (ABC5678).
- Fixed the bug (1234567890).
- X (#3)
- Z (#1)
- Short id in words (abc1234)
- Other id (1234567)' "only real mentions skip a commit"

# A rel-gitlog document that says its walk failed lacks commits: refused.
doc "$(c aaaaaaaaaa 'one')" | jq -c '.ok = false | .error = "object not found"' >failed.json
cp mention.md kept.md
run rel-changelog release -r 1.1.0 --gitlog failed.json -i kept.md
is "$rc" 2 "gitlog with ok false: exit 2"
is "$err" "rel-changelog: gitlog 'failed.json': rel-gitlog failed (\"ok\": false): object not found" \
	"gitlog with ok false: the reason"
cmp -s kept.md mention.md
ok $? "gitlog with ok false: file untouched"

# NUL bytes are no empty input: the document is not JSON.
printf '\n\0\0' >nul.json
run rel-changelog release -r 1.1.0 --gitlog nul.json -i kept.md
is "$rc" 2 "gitlog of NUL bytes: exit 2, not an empty document"
cmp -s kept.md mention.md
ok $? "gitlog of NUL bytes: file untouched"

# A read-only file is refused: exit 3, untouched, no temporary file.
cp mention.md ro.md
chmod 0444 ro.md
run rel-changelog release -r 1.1.0 --date 2026-02-01 -i ro.md
is "$rc" 3 "read-only file: exit 3"
is "$err" "rel-changelog: cannot write 'ro.md': Permission denied" "read-only file: the message"
is "$out" "" "read-only file: nothing on stdout"
cmp -s ro.md mention.md
ok $? "read-only file: untouched"
is "$(ls -a | grep -c '^\.ro\.md\.')" 0 "read-only file: no temporary file left"
is "$(stat -c %a ro.md)" 444 "read-only file: mode untouched"

# A symbolic link is followed: its target gets the new bytes, the link
# stays a link.
mkdir -p real repo
cp mention.md real/CHANGELOG.md
ln -s ../real/CHANGELOG.md repo/CHANGELOG.md
run rel-changelog release -r 1.1.0 --date 2026-02-01 -i repo/CHANGELOG.md
is "$rc" 0 "symlink: exit 0"
is "$(readlink repo/CHANGELOG.md)" ../real/CHANGELOG.md "symlink: still the same link"
is "$(sed -n 5p real/CHANGELOG.md)" "## [1.1.0] - 2026-02-01" "symlink: the target was released"
is "$(ls -a real | grep -c '^\.CHANGELOG')" 0 "symlink: no temporary file left"

# The changelog from standard input or a FIFO: read, not mapped.
cat >stdin.md <<'EOF2'
# Changelog

## [Unreleased]

### Added

- from a pipe

## [1.0.0] - 2026-01-01

### Fixed

- old
EOF2
run_stdin stdin.md rel-changelog lint -
is "$rc" 0 "lint -: exit 0"
is "$(jqr '[.file, .ok, .errors] | @tsv')" "-	true	0" "lint -: the file read whole"
run_stdin stdin.md rel-changelog show -r unreleased -
is "$(jqr '.release.sections[0].items[0].text')" "from a pipe" "show -: the items"
mkfifo fifo.md
cat stdin.md >fifo.md &
run rel-changelog show -r 1.0.0 fifo.md
wait
is "$(jqr '.release.sections[0].items[0].line')" 13 "a FIFO: read whole"
run_stdin stdin.md rel-changelog release -r 1.1.0 --date 2026-02-01 -
is "$rc" 0 "release -: exit 0, standard input is the changelog, not a gitlog"
is "$(printf '%s\n' "$out" | sed -n 5p)" "## [1.1.0] - 2026-02-01" "release -: the new heading"
run_stdin stdin.md rel-changelog release -r 1.1.0 --gitlog - -
is "$rc" 2 "release --gitlog - -: a usage error"
like "$err" "cannot both come from standard input" "release --gitlog - -: says why"

# A long heading: its diagnostic is whole, not cut at a buffer's size.
x600=$(printf '%600s' '' | tr ' ' x)
printf '# Changelog\n\n## [Unreleased]\n\n## %s\n' "$x600" >long.md
run rel-changelog lint long.md
like "$err" "^long.md:5:1: error: .*$x600' is not '## \\[VERSION\\] - YYYY-MM-DD'" \
	"a long heading: the whole message on stderr"
is "$(jqr '.diagnostics[0].message | length > 600')" true "and in the JSON"

done_testing
