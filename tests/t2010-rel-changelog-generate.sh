#!/bin/sh
# rel-changelog generate: a whole changelog from rel-gitlog --releases,
# each release as release writes it.
. "$(dirname "$0")/lib.sh"
cd "$TMP" || exit 1
URL=https://github.com/o/r

# rel_date TAG: the date generate gives a lightweight tag (its commit's).
rel_date() { git -C repo log -1 --format=%cd --date=format:%Y-%m-%d "$1"; }

# release_step VERSION: rel-gitlog | rel-changelog release -i, then tag.
release_step() {
	rel-gitlog -q -C repo | rel-changelog release -r "$1" \
	    --date "$(rel_date HEAD)" --url $URL -i step.md >/dev/null ||
	    echo "release $1 failed" >&2
	git -C repo tag "v$1"
}

# The fixture: a new file, then releases step by step.
history repo "chore: start"
rel-gitlog -q -C repo --releases | rel-changelog generate >step.md
is "$?" 0 "no release yet: exit 0"
commit "feat: widgets" repo
commit "fix(api): crash on empty input (#5)" repo
release_step 0.1.0
commit "feat!: new config format" repo
commit "docs: explain" repo
git -C repo tag v0.2.0-rc.1
commit "fix: rc fix" repo
commit "perf: faster" repo
release_step 0.2.0
cp step.md step-0.2.0.md
commit "feat(cli): --json" repo
commit "Revert \"perf: faster\"" repo
release_step 0.3.0
cp step.md step-0.3.0.md
commit "fix: after the release" repo
commit "feat: unreleased work" repo

# Byte for byte, on the fixture's history.
run sh -c "rel-gitlog -q -C repo --releases --to v0.3.0 | rel-changelog generate --url $URL"
is "$rc" 0 "generate: exit 0"
id() { git -C repo log -1 --format=%h --grep="$1"; }
cat >want.md <<EOF
# Changelog

All notable changes to this project are documented in this file.

The format is based on [Keep a Changelog](https://keepachangelog.com/en/1.1.0/),
and this project adheres to [Semantic Versioning](https://semver.org/spec/v2.0.0.html).

## [Unreleased]

## [0.3.0] - 2026-01-01

### Added

- **cli:** --json ($(id "cli"))

## [0.2.0] - 2026-01-01

### Added

- **Breaking:** new config format ($(id "new config"))

### Changed

- faster ($(id "^perf: faster"))

### Fixed

- rc fix ($(id "rc fix"))

## [0.1.0] - 2026-01-01

### Added

- widgets ($(id "widgets"))

### Fixed

- **api:** crash on empty input (#5)

[Unreleased]: $URL/compare/v0.3.0...HEAD
[0.3.0]: $URL/compare/v0.2.0...v0.3.0
[0.2.0]: $URL/compare/v0.1.0...v0.2.0
[0.1.0]: $URL/releases/tag/v0.1.0
EOF
is "$out" "$(cat want.md)" "the fixture's changelog, byte for byte"
printf '%s\n' "$out" >gen.md
run rel-changelog lint gen.md
is "$rc" 0 "the generated file lints clean"
is "$(jqr '"\(.errors) \(.warnings)"')" "0 0" "no error, no warning"

# Generated, then released: the same file as released step by step.
rel-gitlog -q -C repo --releases --to v0.3.0 | rel-changelog generate --url $URL >gen.md
cmp -s gen.md step-0.3.0.md
is "$?" 0 "generate equals releasing step by step"
rel-gitlog -q -C repo --releases --to v0.2.0 | rel-changelog generate --url $URL >gen2.md
cmp -s gen2.md step-0.2.0.md
is "$?" 0 "generate at an earlier release equals the steps to it"
rel-gitlog -q -C repo --from v0.2.0 --to v0.3.0 |
    rel-changelog release -r 0.3.0 --date "$(rel_date v0.3.0)" -i gen2.md >/dev/null
cmp -s gen2.md step-0.3.0.md
is "$?" 0 "generate then release equals releasing step by step"
rel-gitlog -q -C repo --releases | rel-changelog generate --url $URL >gen3.md
like "$(cat gen3.md)" "## \[Unreleased\]

### Added

- unreleased work \($(id unreleased)\)

### Fixed

- after the release \($(id "after the")\)

## \[0.3.0\]" "the unreleased commits under [Unreleased]"
rel-gitlog -q -C repo | rel-changelog release -r 0.4.0 --date 2026-03-01 -i gen3.md >/dev/null
release_step_file() {
	cp step.md step-0.4.0.md
	rel-gitlog -q -C repo | rel-changelog release -r 0.4.0 --date 2026-03-01 \
	    --url $URL -i step-0.4.0.md >/dev/null
}
release_step_file
cmp -s gen3.md step-0.4.0.md
is "$?" 0 "with unreleased commits too: generate then release equals the steps"

# -i: only the releases the file lacks, every existing byte kept.
awk '/^## \[0.2.0\]/ { skip = 1 } /^## \[0.1.0\]/ { skip = 0 }
     /^\[0.2.0\]:/ { next } !skip' step-0.3.0.md |
    sed 's/^- widgets (.*/- widgets, written by hand/; s/^## \[0.3.0\] - 2026-01-01/## [0.3.0] - 2026-01-02/' >hand.md
sed -i 's/^- widgets, written by hand$/&\n- a note by hand (#9)/' hand.md
cp hand.md hand-before.md
run sh -c "rel-gitlog -q -C repo --releases | rel-changelog generate -i hand.md"
is "$rc" 0 "-i: exit 0"
is "$(jqr '"\(.ok) \(.added) \(.kept) \(.url)"')" "true 1 2 $URL" "-i: summary"
block=$(sed -n '/^## \[0.2.0\]/,/^## \[0.1.0\]/p' gen.md | sed '$d')
link=$(grep '^\[0.2.0\]:' gen.md)
awk -v b="$block" -v l="$link" '/^## \[0.1.0\]/ { print b; print "" } /^\[0.1.0\]:/ { print l } { print }' \
    hand-before.md >want-hand.md
is "$(cat hand.md)" "$(cat want-hand.md)" "-i: 0.2.0 in its place, hand edits kept byte for byte"
run rel-changelog lint hand.md
is "$rc" 0 "-i: lints clean"
run sh -c "rel-gitlog -q -C repo --releases | rel-changelog generate -i hand.md"
is "$(jqr '"\(.added) \(.kept)"')" "0 3" "-i again: nothing to add"
cmp -s hand.md want-hand.md
is "$?" 0 "-i again: the file unchanged"

# -o, and the web address from the remote.
git -C repo remote add origin git@github.com:o/r.git
run sh -c "cd repo && rel-gitlog -q --releases | rel-changelog generate -o ../out.md"
is "$rc" 0 "-o: exit 0"
is "$(jqr '"\(.file) \(.added) \(.url)"')" "../out.md 3 $URL" "-o: summary, address from the remote"
is "$(grep -c '^\[' out.md)" 4 "-o: a link for [Unreleased] and each release"

# No tags: title, preamble, [Unreleased] with the commits, no links.
history none "feat: first" "fix: second"
run sh -c "rel-gitlog -q -C none --releases | rel-changelog generate --url $URL"
is "$rc" 0 "no tags: exit 0"
is "$(printf '%s\n' "$out" | sed -n '8,$p')" "## [Unreleased]

### Added

- first ($(git -C none log -1 --format=%h HEAD~1))

### Fixed

- second ($(git -C none log -1 --format=%h HEAD))" "no tags: the commits under [Unreleased], no links"

# Bad input.
printf 'not json' >bad.json
run_stdin bad.json rel-changelog generate
is "$rc" 2 "not JSON: exit 2"
like "$err" "rel-changelog: the rel-gitlog --releases document: not JSON" "and why"
rel-gitlog -q -C repo >range.json
run_stdin range.json rel-changelog generate
is "$rc" 2 "a rel-gitlog/1 document: exit 2"
like "$err" "not a rel-gitlog-releases/1 document" "and why"
rel-gitlog -q -C repo --releases >releases.json
run_stdin releases.json rel-changelog release -r 9.0.0 gen.md
is "$rc" 2 "release given a --releases document: exit 2"
like "$err" "'rel-changelog generate' reads it" "release says what reads it"
jq -c '.ok = false | .error = "boom"' releases.json >failed.json
run_stdin failed.json rel-changelog generate -o failed.md
is "$rc" 2 "ok: false: exit 2"
like "$err" "rel-gitlog failed \(\"ok\": false\): boom" "and why"
test -e failed.md
is "$?" 1 "-o: no file written after a failure"
jq -c '.releases[1].commits[0].short = 5' releases.json >badcommit.json
cp hand.md hand-kept.md
run_stdin badcommit.json rel-changelog generate -i hand.md
is "$rc" 2 "a bad commit: exit 2"
like "$err" "releases\[1\]\.commits\[0\]\.short: missing or not a string" "names the place"
cmp -s hand.md hand-kept.md
is "$?" 0 "-i: the file untouched after a failure"
run rel-changelog generate -i -o x.md hand.md
is "$rc" 2 "-i with -o: exit 2"

done_testing
