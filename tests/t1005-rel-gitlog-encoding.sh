#!/bin/sh
# rel-gitlog: messages that are not UTF-8, encoding headers, CRLF, NUL.
. "$(dirname "$0")/lib.sh"

# raw_commit DIR MESSAGE: a commit on main written byte for byte (git
# commit repairs invalid UTF-8 and refuses NUL bytes).
raw_commit() {
	tick
	_obj=$( (printf 'tree %s\nparent %s\n' "$(git -C "$1" rev-parse 'HEAD^{tree}')" \
		"$(git -C "$1" rev-parse HEAD)"
	printf 'author A U Thor <a@example.org> %s +0000\n' "$commit_clock"
	printf 'committer A U Thor <a@example.org> %s +0000\n\n' "$commit_clock"
	printf "$2") | git -C "$1" hash-object -t commit -w --stdin --literally)
	git -C "$1" update-ref refs/heads/main "$_obj"
}

R=$TMP/r
history "$R" "chore: start" +v1.0.0

# Invalid UTF-8 without an encoding header: one U+FFFD per bad byte.
raw_commit "$R" 'fix: caf\351 \377\376 ok\n\nbody \200\n'
# Latin-1 with an encoding header: converted.
printf 'feat: cr\350me br\373l\351e\n\nFixes #7\n' >"$TMP/latin1"
tick
GIT_AUTHOR_NAME=$(printf 'Ren\351e') git -C "$R" -c i18n.commitEncoding=ISO-8859-1 \
	commit -q --allow-empty -F "$TMP/latin1"
is "$(git -C "$R" cat-file commit HEAD | sed -n 's/^encoding //p')" ISO-8859-1 \
	"the commit has an encoding header"
# An encoding iconv does not know: bytes kept, repaired.
tick
git -C "$R" -c i18n.commitEncoding=X-NO-SUCH-CHARSET commit -q --allow-empty -F "$TMP/latin1"
# CRLF line ends.
commit "$(printf 'fix: windows\r\n\r\nbody line\r\n\r\nRefs: #3\r\n')" "$R"

run rel-gitlog -C "$R"
is "$rc" 0 "exit 0"
is "$(jqr '.commits | length')" 4 "every commit kept"
is "$(jqr '.commits[3].header')" "$(printf 'fix: caf\357\277\275 \357\277\275\357\277\275 ok')" \
	"invalid bytes: one U+FFFD each"
is "$(jqr '.commits[3].body')" "$(printf 'body \357\277\275')" "body repaired too"
is "$(jqr '.commits[3].type')" fix "still parsed"
is "$(jqr '.commits[2].description')" "crème brûlée" "ISO-8859-1 message converted"
is "$(jqr '.commits[2].author.name')" "Renée" "author name converted"
is "$(printf '%s' "$out" | jq -c '.commits[2].footers')" '[{"token":"Fixes","separator":"#","value":"7"}]' \
	"footers of a converted message"
is "$(jqr '.commits[1].description')" "$(printf 'cr\357\277\275me br\357\277\275l\357\277\275e')" \
	"unknown charset: bytes kept as U+FFFD"
is "$(jqr '.commits[0] | [.header, .body] | join("|")')" "fix: windows|body line" "CR removed"
is "$(printf '%s' "$out" | jq -c '.commits[0].footers')" '[{"token":"Refs","separator":":","value":"#3"}]' \
	"CRLF footers"
is "$(printf '%s' "$out" | jq -c '.summary.contributors[0].name')" '"Ada Lovelace"' "contributors valid JSON"

# A NUL byte in a message.
raw_commit "$R" 'fix: nul\000byte\n'
run rel-gitlog -C "$R"
is "$rc" 0 "NUL byte: exit 0"
is "$(jqr '.commits[0].header')" "$(printf 'fix: nul\357\277\275byte')" "NUL byte kept as U+FFFD"
is "$(jqr '.commits[0].date')" "2026-01-01T00:06:00Z" "date of a hand-written commit"
is "$(jqr '.commits[0].author.name')" "A U Thor" "author of a hand-written commit"
done_testing
