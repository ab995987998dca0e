#!/bin/sh
# rel-changelog notes --contributors: the notes end with the authors of
# the commits of rel-gitlog's document, grouped by name, most commits first.
. "$(dirname "$0")/lib.sh"
cd "$TMP" || exit 1

R=$TMP/r
new_repo "$R"
cat >"$R/CHANGELOG.md" <<'EOF2'
# Changelog

## [Unreleased]

## [0.1.0] - 2026-01-10

### Added

- A widget

[Unreleased]: https://github.com/o/r/compare/v0.1.0...HEAD
[0.1.0]: https://github.com/o/r/releases/tag/v0.1.0
EOF2
git -C "$R" add CHANGELOG.md
commit "feat: a widget" "$R"
git -C "$R" tag v0.1.0
as() { GIT_AUTHOR_NAME=$1 GIT_AUTHOR_EMAIL=$2 commit "$3" "$R"; }
as "Grace Hopper" grace@example.org "fix: one"
as "Zed" zed@example.org "feat: two"
as "Grace Hopper" grace@work.example "docs: three"
as "Alan Turing" alan@example.org "fix: four"
as "Alan Turing" alan@example.org "chore: five"
as "Zed" zed@example.org "fix: six"
rel-gitlog -q -C "$R" >log.json
rel-gitlog -q -C "$R" | rel-changelog release -r 0.2.0 --date 2026-02-01 -i "$R/CHANGELOG.md" >/dev/null 2>&1

run rel-changelog notes -r 0.2.0 --contributors --gitlog log.json "$R/CHANGELOG.md"
is "$rc" 0 "--contributors: exit 0"
is "$(printf '%s\n' "$out" | sed -n '/^### Contributors$/,$p')" "### Contributors

- Alan Turing
- Grace Hopper
- Zed" \
	"grouped by name (two emails, one person), most commits first, then by name"
like "$out" "\*\*Full Changelog\*\*: https://github.com/o/r/compare/v0.1.0...v0.2.0

### Contributors" "after the notes and their Full Changelog line"
is "$(rel-changelog notes -r 0.2.0 --contributors --gitlog log.json "$R/CHANGELOG.md" |
	tail -c 2 | od -An -c | tr -d ' ')" 'd\n' "ends with one newline"
run_stdin log.json rel-changelog notes -r 0.2.0 --contributors "$R/CHANGELOG.md"
like "$out" "### Contributors" "the document on standard input"
run rel-changelog notes -r 0.2.0 "$R/CHANGELOG.md"
unlike "$out" "Contributors" "without --contributors: none"

run rel-changelog notes -r 0.2.0 --contributors --json --gitlog log.json "$R/CHANGELOG.md"
is "$(jqr '.contributors | map("\(.name):\(.commits)") | .[0:3] | join(" ")')" \
	"Alan Turing:2 Grace Hopper:2 Zed:2" "--json: contributors with their commits"
like "$(jqr .body)" "### Contributors" "--json: the body ends with them too"
run rel-changelog notes -r 0.2.0 --json "$R/CHANGELOG.md"
is "$(jqr 'has("contributors")')" false "--json without --contributors: no key"

# A document without commits adds nothing; one without authors is refused.
run rel-changelog notes -r 0.2.0 --contributors --gitlog /dev/null "$R/CHANGELOG.md"
is "$rc" 0 "no document content: exit 0"
unlike "$out" "Contributors" "no commits: no section"
jq -c 'del(.commits[1].author)' log.json >noauthor.json
run rel-changelog notes -r 0.2.0 --contributors --gitlog noauthor.json "$R/CHANGELOG.md"
is "$rc" 2 "a commit without author: exit 2"
is "$err" "rel-changelog: gitlog 'noauthor.json': commits[1].author: missing, or not an object of two strings, name and email" \
	"a commit without author: the place named"
jq -c '.commits[0].author.email = 3' log.json >badauthor.json
run rel-changelog notes -r 0.2.0 --contributors --gitlog badauthor.json "$R/CHANGELOG.md"
is "$rc" 2 "an author of the wrong shape: exit 2"
jq -c '.commits[0].author.name = "Eve\nMallory"' log.json >nl.json
run rel-changelog notes -r 0.2.0 --contributors --gitlog nl.json "$R/CHANGELOG.md"
like "$out" "^- Eve Mallory$" "a line break in a name: one line"
jq -c '.commits[0].author.name = ""' log.json >noname.json
run rel-changelog notes -r 0.2.0 --contributors --gitlog noname.json "$R/CHANGELOG.md"
like "$out" "^- zed@example.org$" "an empty name: the email stands for it"
# release does without authors.
cp "$R/CHANGELOG.md" c.md
run rel-changelog release -r 0.3.0 --date 2026-03-01 --gitlog noauthor.json c.md
is "$rc" 0 "release does not need authors"

# Usage.
run rel-changelog notes -r 0.2.0 --contributors "$R/CHANGELOG.md"
is "$rc" 0 "stdin /dev/null (not a terminal): read, empty"
if command -v script >/dev/null 2>&1; then
	script -qec "rel-changelog notes -r 0.2.0 --contributors '$R/CHANGELOG.md'" /dev/null </dev/null >tty.out 2>&1
	like "$(cat tty.out)" "rel-changelog: --contributors needs rel-gitlog's document: --gitlog file, or on standard input" \
		"no document, stdin a terminal: said"
else
	ok 0 "# SKIP script(1) not installed"
fi
run rel-changelog show --contributors "$R/CHANGELOG.md"
is "$rc $err" "2 rel-changelog: --contributors is for notes" "--contributors with show: exit 2"
run rel-changelog notes -r 0.2.0 --gitlog log.json "$R/CHANGELOG.md"
is "$rc $err" "2 rel-changelog: --gitlog is for release, and for notes --contributors" \
	"--gitlog with notes alone: exit 2"
done_testing
