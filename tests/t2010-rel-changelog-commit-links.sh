#!/bin/sh
# rel-changelog release: new items link their commits, with
# --commit-links or when the file's items link theirs already.
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/lib-gitlogdoc.sh"
cd "$TMP" || exit 1

Z=000000000000000000000000000000000
doc "$(c aaaaaaa feat 'Add the x endpoint')" "$(c bbbbbbb fix 'Drop the y option (#7)')" >log.json

cat >gh.md <<'EOF2'
# Changelog

## [Unreleased]

## [1.0.0] - 2026-01-10

### Added

- First

[Unreleased]: https://github.com/o/r/compare/v1.0.0...HEAD
[1.0.0]: https://github.com/o/r/releases/tag/v1.0.0
EOF2
run rel-changelog release -r 1.1.0 --date 2026-02-01 --gitlog log.json gh.md
is "$rc" 0 "without --commit-links: released"
like "$out" "^- Add the x endpoint \(aaaaaaa\)$" "without --commit-links, a file without them: plain ids"
run rel-changelog release -r 1.1.0 --date 2026-02-01 --gitlog log.json --commit-links gh.md
is "$rc" 0 "--commit-links: released"
is "$(printf '%s\n' "$out" | grep '^- ' | head -2)" "- Add the x endpoint ([aaaaaaa](https://github.com/o/r/commit/aaaaaaa$Z))
- Drop the y option (#7)" "--commit-links: the short id links the full id's page; (#N) stays"
run rel-changelog release -r 1.1.0 --date 2026-02-01 --gitlog log.json --commit-links \
	--url git@gitlab.example:g/p.git gh.md
like "$out" "^- Add the x endpoint \(\[aaaaaaa\]\(https://gitlab.example/g/p/-/commit/aaaaaaa$Z\)\)$" \
	"--url: its address, GitLab's form"

# A file whose items link their commits gets links without the option,
# under the address those links use.
cat >linked.md <<'EOF2'
# Changelog

## [Unreleased]

### Added

- A knob ([1234567](https://git.example.org/team/app/commit/1234567abcdef))

## 1.0.0 - 2026-01-10

### Fixed

- Old fix ([7654321](https://git.example.org/team/app/commit/7654321abcdef))
EOF2
run rel-changelog release -r 1.1.0 --date 2026-02-01 --gitlog log.json linked.md
is "$rc" 0 "a file whose items link commits: released"
is "$(printf '%s\n' "$out" | grep '^- ' | head -2)" "- A knob ([1234567](https://git.example.org/team/app/commit/1234567abcdef))
- Add the x endpoint ([aaaaaaa](https://git.example.org/team/app/commit/aaaaaaa$Z))" \
	"links by default, under the address of the file's commit links"
run rel-changelog release -r 1.1.0 --date 2026-02-01 --gitlog log.json --url https://h.example/o/r linked.md
like "$out" "\(\[aaaaaaa\]\(https://h.example/o/r/commit/aaaaaaa$Z\)\)" "--url wins"

# A note that links its commit is still matched by its words.
doc "$(c ccccccc feat 'add a knob')" >knob.json
run rel-changelog release -r 1.1.0 --date 2026-02-01 --gitlog knob.json -i linked.md
is "$(jqr '[.commits.added, .commits.mentioned] | map(tostring) | join(" ")')" "0 1" \
	"'add a knob' is the linked note 'A knob (…)'"

# No web address known: --commit-links is refused, the file untouched.
cat >nolinks.md <<'EOF2'
# Changelog

## [Unreleased]

## 1.0.0 - 2026-01-10

### Added

- First
EOF2
cp nolinks.md before.md
run rel-changelog release -r 1.1.0 --date 2026-02-01 --gitlog log.json --commit-links -i nolinks.md
is "$rc" 2 "--commit-links, no web address: exit 2"
is "$err" "rel-changelog: cannot tell the repository's web address for the commit links; use --url" \
	"--commit-links, no web address: said"
cmp -s nolinks.md before.md; ok $? "--commit-links, no web address: file untouched"
cat >u.md <<'EOF2'
# Changelog

## [Unreleased]

### Added

- Hand-written

## 1.0.0 - 2026-01-10

### Added

- First
EOF2
run rel-changelog release -r 1.1.0 --date 2026-02-01 --gitlog /dev/null --commit-links u.md
is "$rc" 0 "--commit-links without commits: nothing to link, no address needed"

# An id that is not hex digits makes no link.
jq -c '.commits[0].id = "not-hex"' log.json >odd.json
run rel-changelog release -r 1.1.0 --date 2026-02-01 --gitlog odd.json --commit-links gh.md
like "$out" "^- Add the x endpoint \(aaaaaaa\)$" "an id that is not hex: plain"

# The pipeline: rel-gitlog's ids, the address from the origin remote.
R=$TMP/r
new_repo "$R"
git -C "$R" remote add origin git@github.com:acme/widget.git
cp nolinks.md "$R/CHANGELOG.md"
commit "feat: add a lever" "$R"
rel-gitlog -q -C "$R" >pipe.json
run rel-changelog release -r 1.1.0 --date 2026-02-01 --gitlog pipe.json --commit-links "$R/CHANGELOG.md"
is "$rc" 0 "pipeline: released"
like "$out" "^- Add a lever \(\[$(git -C "$R" rev-parse --short HEAD)\]\(https://github.com/acme/widget/commit/$(git -C "$R" rev-parse HEAD)\)\)$" \
	"pipeline: the commit's page on the origin remote's forge"
run rel-changelog lint "$R/CHANGELOG.md"
is "$rc" 0 "the changelog lints"
done_testing
