#!/bin/sh
# rel-changelog release on the forms real changelogs take: byte-exact
# goldens (tests/fixtures/changelog/forms/NAME.released.md), refusals only
# where the place of the release would be a guess, the web address's
# sources in order.
. "$(dirname "$0")/lib.sh"
F="$TOP/tests/fixtures/changelog/forms"
cd "$TMP" || exit 1

# golden NAME: release 9.1.0 with the fixture commits; the exact bytes,
# and the same with -i.
golden() {
	run rel-changelog release -r 9.1.0 --date 2026-03-05 \
		--gitlog "$F/commits.json" "$F/$1.md"
	is "$rc" 0 "$1: released"
	rel-changelog release -r 9.1.0 --date 2026-03-05 \
		--gitlog "$F/commits.json" "$F/$1.md" >got.md 2>/dev/null
	cmp -s got.md "$F/$1.released.md"; ok $? "$1: byte for byte the golden"
	cp "$F/$1.md" "$1.md"
	run rel-changelog release -r 9.1.0 --date 2026-03-05 \
		--gitlog "$F/commits.json" -i "$1.md"
	cmp -s "$1.md" "$F/$1.released.md"; ok $? "$1: -i writes the same"
}

for name in comment-first front-matter inline-link unreleased-ref bare \
	no-unreleased subheading maintenance v-prefix repo-root \
	commits-branch crlf-bare first-release paren-date old-errors; do
	golden "$name"
done

# Every input line is in the output, in order, but for the [Unreleased]
# link it rewrites.
for name in bare no-unreleased inline-link crlf-bare first-release; do
	diff "$F/$name.md" "$F/$name.released.md" | grep '^<' >lost
	is "$(cat lost)" "" "$name: no input line lost"
done
is "$(diff "$F/unreleased-ref.md" "$F/unreleased-ref.released.md" | grep '^<')" \
	"< [unreleased]: https://github.com/tabular/conv/compare/v0.6.0...HEAD" \
	"unreleased-ref: only the [unreleased] link changes"

# The released files lint as the inputs did: no new error.
for name in bare inline-link unreleased-ref v-prefix crlf-bare first-release; do
	run rel-changelog lint "$F/$name.released.md"
	is "$(jqr .errors)" 0 "$name: the released file has no lint error"
done

# Older releases with lint errors are left as they are, with warnings.
run rel-changelog release -r 9.1.0 --date 2026-03-05 --gitlog "$F/commits.json" "$F/old-errors.md"
is "$(printf '%s\n' "$err" | sed 's/^[^:]*://')" \
"15:14: warning: '2025-13-01' is not a real date (YYYY-MM-DD)
17:1: warning: unknown section 'Performance' (Added, Changed, Deprecated, Removed, Fixed, Security)
21:1: warning: release heading has no date" "old-errors: reported as warnings"
# ... but --strict refuses them as before, and the forms it reads as errors.
for name in old-errors bare inline-link; do
	cp "$F/$name.md" s.md
	run rel-changelog release -r 9.1.0 --strict --gitlog "$F/commits.json" -i s.md
	is "$rc" 1 "$name: --strict refuses"
	like "$err" "has lint errors; nothing was changed" "$name: --strict says why"
	cmp -s s.md "$F/$name.md"; ok $? "$name: --strict leaves the file"
done

# Refusals where it would have to guess, or nothing to release.
cp "$F/no-unreleased.md" n.md
run rel-changelog release -r 9.1.0 --gitlog /dev/null -i n.md
is "$rc" 1 "no [Unreleased] and no commit: refused"
is "$err" "rel-changelog: nothing to release: no [Unreleased] section and no commit adds an item" \
	"no [Unreleased] and no commit: says why"
run rel-changelog release -r 3.0.1 --gitlog "$F/commits.json" -i n.md
is "$rc" 1 "no [Unreleased]: an existing version refused"
run rel-changelog release -r 1.8.0 --gitlog "$F/commits.json" "$F/v-prefix.md"
is "$err" "rel-changelog: version '1.8.0' already exists ($F/v-prefix.md:9)" \
	"a version that exists as v1.8.0"
run rel-changelog release -r 2.5.0 --gitlog "$F/commits.json" "$F/maintenance.md"
is "$rc" 0 "maintenance: a version above the newest release, below the greatest"
run rel-changelog release -r 2.4.9 --gitlog "$F/commits.json" "$F/maintenance.md"
is "$rc" 1 "maintenance: an existing version refused"

# The web address: a link to the repository's root first, then commits,
# then compare or tag links, then the git remote.
printf '# Changelog\n\n## [Unreleased]\n\n### Added\n\n- x\n\n## [1.0.0] - 2026-01-01\n\n### Added\n\n- y\n\n[Unreleased]: https://github.com/a/root/\n[1.0.0]: https://github.com/b/tags/releases/tag/v1.0.0\n' >order.md
run rel-changelog release -r 1.1.0 --date 2026-03-05 --gitlog /dev/null order.md
is "$(printf '%s\n' "$out" | grep '^\[')" \
"[Unreleased]: https://github.com/a/root/compare/v1.1.0...HEAD
[1.1.0]: https://github.com/a/root/compare/v1.0.0...v1.1.0
[1.0.0]: https://github.com/b/tags/releases/tag/v1.0.0" "the root link wins over a tag link"
sed 's|https://github.com/a/root/|https://github.com/c/log/commits/main|' order.md >order2.md
run rel-changelog release -r 1.1.0 --date 2026-03-05 --gitlog /dev/null order2.md
like "$out" "\[1.1.0\]: https://github.com/c/log/compare/v1.0.0...v1.1.0" \
	"a commits link wins over a tag link"
git init -q repo
git -C repo remote add origin git@github.com:o/from-remote.git
printf '# Changelog\n\n## [Unreleased]\n\n### Added\n\n- x\n\n## [1.0.0] - 2026-01-01\n\n### Added\n\n- y\n\n[Unreleased]: https://dl.example.org/app/builds/next/\n[1.0.0]: https://dl.example.org/app/builds/1.0.0/\n' >repo/CHANGELOG.md
run rel-changelog release -r 1.1.0 --date 2026-03-05 --gitlog /dev/null repo/CHANGELOG.md
is "$rc" 0 "links without an address: the git remote"
like "$out" "\[1.1.0\]: https://github.com/o/from-remote/compare/v1.0.0...v1.1.0" \
	"the remote's address in the new link"
cp repo/CHANGELOG.md nolinks.md
run rel-changelog release -r 1.1.0 --gitlog /dev/null nolinks.md
is "$rc" 2 "no address anywhere: usage error"
like "$err" "cannot tell the repository's web address" "and says so"

# An inline-link [Unreleased] heading compares with the new release.
printf '# Changelog\n\n## [Unreleased](https://github.com/o/r/compare/v1.0.0...HEAD)\n\n### Added\n\n- x\n\n## [1.0.0](https://github.com/o/r/releases/tag/v1.0.0) - 2026-01-01\n\n### Added\n\n- y\n' >inl.md
run rel-changelog release -r 1.1.0 --date 2026-03-05 --gitlog /dev/null inl.md
is "$(printf '%s\n' "$out" | grep '^## ')" \
"## [Unreleased](https://github.com/o/r/compare/v1.1.0...HEAD)
## [1.1.0](https://github.com/o/r/compare/v1.0.0...v1.1.0) - 2026-03-05
## [1.0.0](https://github.com/o/r/releases/tag/v1.0.0) - 2026-01-01" \
	"inline links: the [Unreleased] heading's and the new one's"

# "[Unreleased][next]" without a definition: the new one is [next]'s.
printf '# Changelog\n\n## [Unreleased][next]\n\n### Added\n\n- x\n' >ref.md
run rel-changelog release -r 0.1.0 --date 2026-03-05 --url https://github.com/o/r --gitlog /dev/null ref.md
is "$(printf '%s\n' "$out" | grep '^\[')" "[next]: https://github.com/o/r/compare/v0.1.0...HEAD
[0.1.0]: https://github.com/o/r/releases/tag/v0.1.0" "[Unreleased][next]: the link is defined as [next]"
printf '%s\n' "$out" >ref-out.md
run rel-changelog lint ref-out.md
is "$(jqr .errors)" 0 "... and the file lints without error"
done_testing
