#!/bin/sh
# rel-changelog release: new file byte for byte, gitlog merging, links,
# refusals that leave the file untouched.
. "$(dirname "$0")/lib.sh"
cd "$TMP" || exit 1

# c ID TYPE SCOPE BREAKING DESCRIPTION [FOOTERS_JSON]: one rel-gitlog commit.
c() {
	jq -cn --arg id "$1" --arg type "$2" --arg scope "$3" \
		--argjson breaking "$4" --arg d "$5" --argjson f "${6:-[]}" '{
		id: ($id + "0000000000000000000000000000000"), short: $id,
		author: {name: "Ada", email: "ada@example.org"},
		date: "2026-01-01T00:00:00Z",
		header: ($type + (if $scope == "" then "" else "(" + $scope + ")" end) + ": " + $d),
		type: $type, scope: (if $scope == "" then null else $scope end),
		breaking: $breaking, description: $d, body: null, footers: $f,
		conventional: true, merge: false, revert: false, reverts: null}'
}
# doc COMMIT...: a rel-gitlog/1 document.
doc() {
	printf '%s\n' "$@" | jq -cs '{schema: "rel-gitlog/1", from: null,
		to: {ref: "HEAD", commit: "0"}, ignored_tags: [], commits: .,
		summary: {count: length}}'
}

cat >base.md <<'EOF2'
# Changelog

All notable changes.

## [Unreleased]

### Added

- Hand-written feature (#12)

### Fixed

## [1.0.0] - 2026-01-10

### Added

- First
  <!-- unknown text kept -->

[Unreleased]: https://github.com/o/r/compare/v1.0.0...HEAD
[1.0.0]: https://github.com/o/r/releases/tag/v1.0.0
[SemVer]: https://semver.org
EOF2
doc "$(c aaaaaaa feat api false 'add the x endpoint')" \
	"$(c bbbbbbb fix '' true 'drop the y option (#7)')" \
	"$(c ccccccc feat '' false 'hand-written feature.')" \
	"$(c ddddddd docs '' false 'explain things')" \
	"$(c eeeeeee fix security false 'escape names')" \
	"$(c fffffff perf core false 'faster parsing')" \
	"$(c 1111111 fix '' false 'fix the thing' '[{"token":"Fixes","separator":"#","value":"12"}]')" \
	>log.json
cat >want.md <<'EOF2'
# Changelog

All notable changes.

## [Unreleased]

## [1.1.0] - 2026-02-01

### Added

- Hand-written feature (#12)
- **api:** Add the x endpoint (aaaaaaa)

### Changed

- **core:** Faster parsing (fffffff)

### Fixed

- **Breaking:** Drop the y option (#7)

### Security

- **security:** Escape names (eeeeeee)

## [1.0.0] - 2026-01-10

### Added

- First
  <!-- unknown text kept -->

[Unreleased]: https://github.com/o/r/compare/v1.1.0...HEAD
[1.1.0]: https://github.com/o/r/compare/v1.0.0...v1.1.0
[1.0.0]: https://github.com/o/r/releases/tag/v1.0.0
[SemVer]: https://semver.org
EOF2

cp base.md f.md
run rel-changelog release -r 1.1.0 --date 2026-02-01 --gitlog log.json f.md
is "$rc" 0 "release with a gitlog document"
printf '%s\n' "$out" >got.md
cmp -s got.md want.md; ok $? "new file byte for byte"
[ $? -eq 0 ] || diff want.md got.md | sed 's/^/# /'
cmp -s f.md base.md; ok $? "without -i the file is untouched"

run_stdin log.json rel-changelog release -r 1.1.0 --date 2026-02-01 f.md
printf '%s\n' "$out" >got.md
cmp -s got.md want.md; ok $? "the gitlog document from stdin"

# The version as a tag names it: the same release (relversion.h).
run rel-changelog release -r v1.1.0 --date 2026-02-01 --gitlog log.json f.md
printf '%s\n' "$out" >got.md
cmp -s got.md want.md; ok $? "release -r v1.1.0: the release of 1.1.0"
run rel-changelog release -r rel-1.1.0 --tag-prefix rel- --date 2026-02-01 \
	--gitlog log.json f.md
is "$rc" 0 "release -r rel-1.1.0 --tag-prefix rel-: exit 0"
like "$out" "## \\[1\\.1\\.0\\] - 2026-02-01" "release -r rel-1.1.0 --tag-prefix rel-: 1.1.0"

# CRLF and no final newline are kept.
sed 's/$/\r/' base.md >crlf.md
sed 's/$/\r/' want.md >want-crlf.md
run rel-changelog release -r 1.1.0 --date 2026-02-01 --gitlog log.json -i crlf.md
is "$rc" 0 "CRLF file: released"
cmp -s crlf.md want-crlf.md; ok $? "CRLF file: every line ends in CRLF, bytes as expected"
printf '%s' "$(cat base.md)" >nonl.md
printf '%s' "$(cat want.md)" >want-nonl.md
run rel-changelog release -r 1.1.0 --date 2026-02-01 --gitlog log.json -i nonl.md
cmp -s nonl.md want-nonl.md; ok $? "no final newline: still none"

# -i: atomic replace, mode kept, JSON summary.
cp base.md m.md
chmod 0600 m.md
run rel-changelog release -r 1.1.0 --date 2026-02-01 --gitlog log.json -i m.md
is "$rc" 0 "-i exits 0"
cmp -s m.md want.md; ok $? "-i wrote the new file"
is "$(stat -c %a m.md)" 600 "-i keeps the file mode"
is "$(jqr '[.schema, .ok, .version, .date, .previous, .items, .commits.added, .commits.mentioned, .commits.left_out, .url] | map(tostring) | join(" ")')" \
	"rel-changelog/1 true 1.1.0 2026-02-01 1.0.0 5 4 2 1 https://github.com/o/r" "-i JSON summary"
is "$err" "rel-changelog: released 1.1.0 in 'm.md': 5 items, 4 of them from commits" "-i: one line on stderr"
cp base.md q.md
run rel-changelog release -q -r 1.1.0 --date 2026-02-01 --gitlog log.json -i q.md
is "$rc:$err" "0:" "-i -q: nothing on stderr"
is "$(ls -a | grep -c '^\.m\.md\.')" 0 "no temporary file left"

# Without a gitlog document (stdin is /dev/null: empty, no commits).
cp base.md f.md
run rel-changelog release -r 1.1.0 --date 2026-02-01 f.md
is "$rc" 0 "release without commits"
is "$(printf '%s\n' "$out" | sed -n '5,12p' | tr '\n' '|')" \
	"## [Unreleased]||## [1.1.0] - 2026-02-01||### Added||- Hand-written feature (#12)||" \
	"hand-written notes only; the empty Fixed section is not written"
run rel-changelog release -r 1.1.0 f.md
like "$out" "## \\[1.1.0\\] - $(date -u +%Y-%m-%d)" "the date defaults to today in UTC"

# An empty pipe is a failed rel-gitlog upstream: refused, file untouched.
cp f.md before.md
false | rel-changelog release -r 1.1.0 --date 2026-02-01 -i f.md >"$TMP/o" 2>"$TMP/e"
is "$?" 2 "an empty pipe on stdin is refused with exit 2"
like "$(cat "$TMP/e")" "no rel-gitlog document on standard input .*--gitlog /dev/null" "and says what to do"
is "$(cat "$TMP/o")" "" "nothing on stdout"
cmp -s f.md before.md; ok $? "the file is untouched"
printf '' | rel-changelog release -r 1.1.0 --date 2026-02-01 --gitlog /dev/null f.md >/dev/null
is "$?" 0 "--gitlog /dev/null releases without commits"

# A file without links stays without links.
grep -v '^\[' base.md >nolinks.md
rel-changelog release -r 1.1.0 --date 2026-02-01 --gitlog log.json --url https://github.com/o/r nolinks.md >got.md
grep -v '^\[' want.md >want-nolinks.md
cmp -s got.md want-nolinks.md; ok $? "file without links: none added"

# A first release gets links from --url; GitLab's form.
cat >first.md <<'EOF2'
# Changelog

## [Unreleased]

- not in a section yet
EOF2
printf '# Changelog\n\n## [Unreleased]\n\n### Added\n\n- Initial\n' >first.md
run rel-changelog release -r 0.1.0 --date 2026-02-01 --url https://gitlab.example.com/g/p/ first.md
is "$rc" 0 "first release"
is "$(printf '%s\n' "$out" | tail -n 3 | tr '\n' '|')" \
	"|[Unreleased]: https://gitlab.example.com/g/p/-/compare/v0.1.0...HEAD|[0.1.0]: https://gitlab.example.com/g/p/-/tags/v0.1.0|" \
	"first release: links appended, GitLab form"
run rel-changelog release -r 0.1.0 --date 2026-02-01 first.md
is "$(printf '%s\n' "$out" | grep -c '^\[')" 0 "first release, no URL known: no links"

# The URL from the git remote; the tag prefix from the links.
new_repo repo
git -C repo remote add origin git@github.com:owner/proj.git
cp first.md repo/CHANGELOG.md
(cd repo && rel-changelog release -r 0.1.0 --date 2026-02-01 </dev/null) >got.md
is "$(tail -n 1 got.md)" "[0.1.0]: https://github.com/owner/proj/releases/tag/v0.1.0" "URL from the git remote"
# The remote tells the web address when the links cannot, as for a file
# without links; a commits/BRANCH link tells it too.
new_repo widget
git -C widget remote add origin https://github.com/acme/widget.git
printf '# Changelog\n\n## [Unreleased]\n\n### Added\n\n- A knob.\n\n[Unreleased]: https://github.com/acme/widget/commits/main\n' \
	>widget/CHANGELOG.md
run rel-changelog release -r 0.1.0 --date 2026-02-01 widget/CHANGELOG.md
is "$rc" 0 "[Unreleased] to commits/main: released"
is "$(printf '%s\n' "$out" | grep '^\[')" "[Unreleased]: https://github.com/acme/widget/compare/v0.1.0...HEAD
[0.1.0]: https://github.com/acme/widget/releases/tag/v0.1.0" \
	"[Unreleased] to commits/main: the links from the origin remote"
rm -rf widget/.git
run rel-changelog release -r 0.1.0 --date 2026-02-01 widget/CHANGELOG.md
is "$(printf '%s\n' "$out" | grep '^\[' | head -n 1)" \
	"[Unreleased]: https://github.com/acme/widget/compare/v0.1.0...HEAD" \
	"no remote: the commits/main link tells the web address"
sed -i 's|^\[Unreleased\]: .*|[Unreleased]: https://dl.example.org/widget/builds/next/|' widget/CHANGELOG.md
run rel-changelog release -r 0.1.0 --date 2026-02-01 widget/CHANGELOG.md
is "$rc" 2 "links that cannot tell, no remote: exit 2"
like "$err" "cannot tell the repository's web address .* use --url" \
	"links that cannot tell, no remote: says to use --url"
sed 's,/v1\.0\.0,/release-1.0.0,g' base.md >prefix.md
run rel-changelog release -r 1.1.0 --date 2026-02-01 prefix.md
like "$out" '\[1\.1\.0\]: https://github.com/o/r/compare/release-1\.0\.0\.\.\.release-1\.1\.0' "tag prefix inferred from the links"
run rel-changelog release -r 1.1.0 --date 2026-02-01 --tag-prefix '' prefix.md
like "$out" '\[1\.1\.0\]: https://github.com/o/r/compare/1\.0\.0\.\.\.1\.1\.0' "--tag-prefix ''"

# --all-types lists the other types too.
run rel-changelog release -r 1.1.0 --date 2026-02-01 --gitlog log.json --all-types base.md
like "$out" '- Explain things \(ddddddd\)' "--all-types lists docs"

# Setext headings, a summary, comments and an extra section are carried over.
printf 'Changelog\n=========\n\n[Unreleased]\n------------\nA summary.\n### Changed\n- c\n<!-- note -->\n### Notes\n- n\n## [1.0.0] - 2026-01-01\n### Added\n- a\n' >odd.md
rel-changelog release -r 1.1.0 --date 2026-02-01 --sections Notes --gitlog log.json odd.md >got.md 2>/dev/null
is "$(sed -n '4,8p' got.md | tr '\n' '|')" "[Unreleased]|------------||## [1.1.0] - 2026-02-01|A summary.|" \
	"setext [Unreleased] kept, summary moves to the release"
is "$(sed -n '/^### Changed/,/^### Fixed/p' got.md | tr '\n' '|')" \
	"### Changed|- c|- **core:** faster parsing (fffffff)|<!-- note -->||### Fixed|" \
	"items added after the last item, the comment kept after them"
is "$(grep -n '^### ' got.md | tr '\n' ' ')" \
	"10:### Added 15:### Changed 20:### Fixed 25:### Security 29:### Notes 33:### Added " \
	"new sections in Keep a Changelog order, before an unknown one"
run rel-changelog lint --sections Notes got.md
is "$(jqr .errors)" 0 "the released file lints clean"

# Refusals: exit status, message, file untouched.
refused() {
	# refused NAME WANT_RC REGEX FILE ARGS...
	_n=$1 _w=$2 _re=$3 _f=$4
	shift 4
	cp "$_f" before.md
	run rel-changelog release "$@" -i "$_f"
	is "$rc" "$_w" "$_n: exit $_w"
	like "$err" "$_re" "$_n: message"
	is "$out" "" "$_n: nothing on stdout"
	cmp -s "$_f" before.md; ok $? "$_n: file untouched"
}
cp base.md r.md
refused "existing version" 1 "version '1.0.0' already exists" r.md -r 1.0.0
refused "not greater" 1 "not greater than the latest release '1.0.0'" r.md -r 0.9.0
refused "pre-release of the latest" 1 "not greater" r.md -r 1.0.0-rc.1
printf '# Changelog\n\n## [Unreleased]\n\n## [1.0.0] - 2026-01-01\n\n- x\n' >empty.md
printf '# Changelog\n\n## [Unreleased]\n\n### Added\n\n## [1.0.0] - 2026-01-01\n\n### Added\n\n- x\n' >empty.md
refused "nothing to release" 1 "nothing to release" empty.md -r 1.1.0
printf '%s\n' "$(doc "$(c 2222222 chore '' false 'tidy')")" >chore.json
refused "only left-out commits" 1 "nothing to release" empty.md -r 1.1.0 --gitlog chore.json
sed 's/^## \[1.0.0\] - 2026-01-10/## [1.0] - 2026-01-10/' base.md >bad.md
refused "lint errors under --strict" 1 "has lint errors" bad.md -r 1.1.0 --strict
printf '# Changelog\n\n## [Unreleased]\n\n- x\n\n## [Unreleased]\n\n### Added\n\n- y\n' >two.md
refused "two [Unreleased]" 1 "two.md:7:1: error: \[Unreleased\] repeated" two.md -r 1.1.0
like "$err" "cannot tell where the release goes" "two [Unreleased]: says why"
printf '# Changelog\n\n## [1.0.0] - 2026-01-01\n\n### Added\n\n- x\n\n## [Unreleased]\n\n### Added\n\n- y\n' >below.md
refused "[Unreleased] below a release" 1 "error: \[Unreleased\] is not the first release" below.md -r 1.1.0
printf '# Changelog\n\n## [Unreleased]\n\n### Added\n\n- y\n<!-- to do\n\n## [1.0.0] - 2026-01-01\n' >unclosed.md
refused "a comment never closed" 1 "HTML comment never closed" unclosed.md -r 1.1.0
refused "bad version" 2 "'1.1' is not a SemVer version \\(MAJOR.MINOR.PATCH" r.md -r 1.1
refused "a prefix not the tag's" 2 "'rel-1.1.0' is not a SemVer version" r.md -r rel-1.1.0
refused "bad date" 2 "'2026-02-30' is not a date" r.md -r 1.1.0 --date 2026-02-30
echo 'not json' >bad.json
refused "gitlog not JSON" 2 "gitlog 'bad.json': not JSON" r.md -r 1.1.0 --gitlog bad.json
echo '{"schema":"other/1","commits":[]}' >bad.json
refused "gitlog wrong schema" 2 "not a rel-gitlog/1 document" r.md -r 1.1.0 --gitlog bad.json
doc "$(c 3333333 feat '' false 'x')" | jq -c 'del(.commits[0].short)' >bad.json
refused "gitlog missing field" 2 "commits\\[0\\]\\.short: missing or not a string" r.md -r 1.1.0 --gitlog bad.json
doc "$(c 3333333 feat '' false 'x')" | jq -c '.commits[0].footers = [{"token": 1}]' >bad.json
refused "gitlog bad footer" 2 "commits\\[0\\]\\.footers\\[0\\]\\.token" r.md -r 1.1.0 --gitlog bad.json
refused "gitlog missing" 3 "cannot read gitlog 'nope.json'" r.md -r 1.1.0 --gitlog nope.json
doc "$(c 3333333 feat '' false 'x')" | jq -c '.commits[0].cancels = 3' >bad.json
refused "gitlog cancels not a string" 2 "commits\\[0\\]\\.cancels: missing, or not a string or null" r.md -r 1.1.0 --gitlog bad.json
doc "$(c 3333333 feat '' false 'x')" | jq -c '.commits[0].bump = "huge"' >bad.json
refused "gitlog unknown bump" 2 "commits\\[0\\]\\.bump: missing, or not major, minor, patch or none" r.md -r 1.1.0 --gitlog bad.json
doc "$(c 3333333 feat '' false 'x')" | jq -c '.commits[0].merge = "no"' >bad.json
refused "gitlog optional field of the wrong type" 2 "commits\\[0\\]\\.merge: missing or not true or false" r.md -r 1.1.0 --gitlog bad.json
doc "$(c 3333333 feat '' false 'x')" | jq -c '.summary = []' >bad.json
refused "gitlog summary not an object" 2 "summary: missing or not an object" r.md -r 1.1.0 --gitlog bad.json

# A document written by hand or by an older rel-gitlog: the fields the
# merge can do without (id, scope, breaking, merge, revert, reverts,
# footers, bump, cancels, cancelled_by) read as null when missing.
doc "$(c 4444444 feat '' false 'lean')" "$(c 5555555 fix '' false 'mended')" |
	jq -c 'del(.commits[] | (.id, .scope, .breaking, .merge, .revert, .reverts, .footers)) | del(.summary, .from)' >lean.json
cp base.md lean.md
run rel-changelog release -r 1.1.0 --date 2026-02-01 --gitlog lean.json lean.md
is "$rc" 0 "gitlog without the optional fields: released"
like "$out" "- Lean \\(4444444\\)" "gitlog without the optional fields: the feat listed"
like "$out" "- Mended \\(5555555\\)" "gitlog without the optional fields: the fix listed"
# rel-gitlog's verdicts decide the revert pairs, however the commits read.
doc "$(c 4444444 feat '' false 'undone')" "$(c 5555555 fix '' false 'kept')" |
	jq -c '.commits[0].cancelled_by = "6666666" | .commits[1].cancels = null' >pair.json
run rel-changelog release -r 1.1.0 --date 2026-02-01 --gitlog pair.json lean.md
unlike "$out" "[Uu]ndone" "a commit rel-gitlog says is cancelled is left out"
like "$out" "- Kept \\(5555555\\)" "a commit rel-gitlog counts is listed"
run rel-changelog release -r 1.1.0 nope.md
is "$rc" 3 "missing changelog: exit 3"
run rel-changelog release f.md
is "$rc" 2 "release without -r: exit 2"
# Hand-written sections out of the usual order: each gets its commits once.
printf '# Changelog\n\n## [Unreleased]\n\n### Fixed\n\n- a fix\n\n### Added\n\n- a feature\n' >order.md
doc "$(c 4444444 feat '' false 'new thing')" "$(c 5555555 fix '' false 'old bug')" >order.json
run rel-changelog release -r 0.1.0 --date 2026-02-01 --gitlog order.json order.md
is "$rc" 0 "sections out of order: exit 0"
printf '%s\n' "$out" >order-out.md
cat >order-want.md <<'EOF2'
# Changelog

## [Unreleased]

## [0.1.0] - 2026-02-01

### Fixed

- a fix
- old bug (5555555)

### Added

- a feature
- new thing (4444444)
EOF2
cmp -s order-want.md order-out.md
ok $? "sections out of order: each section once, its commits in it"
run rel-changelog lint order-out.md
is "$rc" 0 "sections out of order: the result lints"
done_testing
