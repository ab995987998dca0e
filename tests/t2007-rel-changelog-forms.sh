#!/bin/sh
# rel-changelog on the forms real changelogs take (fixtures in
# tests/fixtures/changelog/forms/): what lint says of each.
. "$(dirname "$0")/lib.sh"
F="$TOP/tests/fixtures/changelog/forms"
cd "$TMP" || exit 1

# lints NAME RC DIAGNOSTICS: lint the fixture NAME.md; its exit status and
# its diagnostics as "LINE:SEVERITY:RULE" joined with spaces.
lints() {
	run rel-changelog lint "$F/$1.md"
	is "$rc" "$2" "$1: lint exit status"
	is "$(jqr '[.diagnostics[] | "\(.line):\(.severity):\(.rule)"] | join(" ")')" \
		"$3" "$1: diagnostics"
}

lints comment-first 0 ""
lints front-matter 0 ""
lints inline-link 0 "3:warning:unreleased-missing 3:warning:heading-inline-link 9:warning:heading-inline-link"
lints unreleased-ref 0 "3:warning:heading-reference 8:warning:heading-reference"
lints bare 0 "3:warning:unreleased-missing 3:warning:heading-brackets 9:warning:heading-brackets"
lints no-unreleased 0 "5:warning:unreleased-missing"
lints subheading 0 "7:warning:subheading 11:warning:subheading"
lints maintenance 0 "15:warning:maintenance-order"
lints v-prefix 0 "9:warning:version-prefix"
lints repo-root 0 ""
lints commits-branch 0 ""
lints paren-date 0 "3:warning:unreleased-missing 3:warning:heading-inline-link 3:warning:date-parentheses 9:warning:heading-inline-link 9:warning:date-parentheses"
lints old-errors 1 "15:error:date 17:error:section-name 21:error:date-missing"

# What is not front matter or a comment still comes before the H1.
printf 'Intro\n<!-- c -->\n# Changelog\n' >f.md
run rel-changelog lint f.md
is "$(jqr '[.diagnostics[].rule] | join(",")')" "h1-first,unreleased-missing" \
	"text before the H1 and a comment: h1-first"
printf -- '---\ntitle: x\n# Changelog\n' >f.md
run rel-changelog lint f.md
like "$(jqr '[.diagnostics[].rule] | join(",")')" "^h1-first" \
	"front matter never closed is not front matter"
# A subheading's items stay its section's.
run rel-changelog show -r unreleased "$F/subheading.md"
is "$(jqr '[.release.sections[] | "\(.name):\(.items | length)"] | join(",")')" \
	"Added:2" "items under H4 headings belong to the section"
run rel-changelog show -r 1.8.0 "$F/v-prefix.md"
is "$(jqr .release.version)" v1.8.0 "a v-prefixed version is found by its version"
run rel-changelog show -r 0.6.0 "$F/unreleased-ref.md"
is "$(jqr .release.link)" "https://github.com/tabular/conv/compare/v0.5.0...v0.6.0" \
	"[LABEL][REF]: the link is REF's"
run rel-changelog show -r 1.24.0 "$F/inline-link.md"
is "$(jqr .release.link)" "https://github.com/harbor/sdk/compare/v1.23.0...v1.24.0" \
	"an inline link is the release's link"
run rel-changelog notes -r 1.24.0 "$F/inline-link.md"
like "$out" "Full Changelog\*\*: https://github.com/harbor/sdk/compare/v1.23.0...v1.24.0\$" \
	"notes: the inline link"

# Rule severities: --strict, the rules file next to the changelog, --rule.
run rel-changelog lint --strict "$F/bare.md"
is "$rc" 1 "--strict: the forms are errors again"
is "$(jqr '[.diagnostics[] | "\(.severity):\(.rule)"] | unique | join(" ")')" \
	"error:heading-brackets error:unreleased-missing" "--strict: which ones"
run rel-changelog lint --strict "$F/comment-first.md"
is "$rc" 0 "--strict: a comment before the H1 is still fine"
mkdir proj
cp "$F/bare.md" proj/CHANGELOG.md
printf '# ours\nheading-brackets = off\r\n\n  unreleased-missing=error  \n' >proj/.changelog-lint
run rel-changelog lint proj/CHANGELOG.md
is "$rc" 1 "rules file: a warning made an error"
is "$(jqr '[.errors, .warnings, ([.diagnostics[].rule] | join(","))] | @tsv')" \
	"$(printf '1\t0\tunreleased-missing')" "rules file: a rule turned off is left out"
is "$err" "proj/CHANGELOG.md:3:1: error: no [Unreleased] section at the top" \
	"rules file: stderr as the JSON"
run rel-changelog lint --rule unreleased-missing=off --rule 'heading-brackets = warning' proj/CHANGELOG.md
is "$(jqr '[.errors, .warnings] | @tsv')" "$(printf '0\t2')" "--rule overrides the file, in order"
run rel-changelog lint --strict --rule heading-brackets=off proj/CHANGELOG.md
is "$(jqr '[.diagnostics[].rule] | join(",")')" "unreleased-missing" "--rule overrides --strict"
printf 'subheading = off\nheading-bracket = off\n' >proj/.changelog-lint
run rel-changelog lint proj/CHANGELOG.md
is "$rc" 2 "a bad rules file: exit 2"
is "$err" "rel-changelog: proj/.changelog-lint:2: unknown rule 'heading-bracket'" \
	"a bad rules file: file, line and reason"
is "$out" "" "a bad rules file: nothing on stdout"
printf 'subheading: off\n' >proj/.changelog-lint
run rel-changelog lint proj/CHANGELOG.md
is "$err" "rel-changelog: proj/.changelog-lint:1: 'subheading: off' is not RULE=off|warning|error" \
	"a line without '='"
rm proj/.changelog-lint && mkdir proj/.changelog-lint
run rel-changelog lint proj/CHANGELOG.md
is "$rc" 3 "a rules file that cannot be read: exit 3"
like "$err" "^rel-changelog: cannot read 'proj/.changelog-lint': " "and says why"
run rel-changelog lint --rule subheading=loud proj/CHANGELOG.md
is "$rc" 2 "--rule with a bad level: usage error"
like "$err" "^rel-changelog: --rule: 'loud' is not off, warning or error" "and says why"
run rel-changelog lint --rule nothing proj/CHANGELOG.md
is "$rc" 2 "--rule without '=': usage error"
done_testing
