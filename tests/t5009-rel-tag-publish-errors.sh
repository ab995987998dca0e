#!/bin/sh
# rel-tag --publish: bad input refused before anything changes; each of
# GitHub's errors said with what to do, the token in no output.
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/httpd.sh"
. "$(dirname "$0")/lib-release.sh"

TOKEN=ghp_errorsT0kenNeverShown0123456789
start_releases gh
LOG=$TMP/gh.log
R=$TMP/gh.routes
released_project p 1.0.0
P=$TMP/p
A=$TMP/app.tar.gz
head -c 3000 /dev/urandom >"$A"
routes() { printf '%s\n' "$1" >"$R"; routes_touched "$R"; }
pub() { GH_TOKEN=$TOKEN run rel-tag -C "$P" -r 1.0.0 --publish "$@"; }
before=$(refs "$P"; refs "$P.git")

# Bad input: exit 2, nothing changed, GitHub not asked.
pub --asset "$TMP/missing.tar.gz"
is "$rc" 2 "a missing asset: exit 2"
like "$err" "rel-tag: asset '$TMP/missing.tar.gz': No such file or directory" "a missing asset: said"
pub --asset "$TMP"
is "$rc" 2 "a directory as asset: exit 2"
mkdir "$TMP/other"
cp "$A" "$TMP/other/app.tar.gz"
pub --asset "$A" --asset "$TMP/other/app.tar.gz"
is "$rc" 2 "two assets of one name: exit 2"
like "$err" "have the same name 'app.tar.gz'" "two assets of one name: said"
cp "$A" "$TMP/other/SHA256SUMS"
pub --asset "$TMP/other/SHA256SUMS"
is "$rc" 2 "an asset called SHA256SUMS: exit 2"
run rel-tag -C "$P" -r 1.0.0 --push --asset "$A"
is "$rc" 2 "--asset without --publish: usage error"
run rel-tag -C "$P" -r 1.0.0 --retract --publish
is "$rc" 2 "--retract with --publish: usage error"
git -C "$P" remote add elsewhere "https://gitlab.com/acme/widget.git"
GH_TOKEN=$TOKEN run rel-tag -C "$P" -r 1.0.0 --publish --remote elsewhere
is "$rc" 2 "a remote not on GitHub: exit 2"
like "$err" "remote 'elsewhere' is on 'gitlab.com', not on GitHub, needed to publish the release" "a remote not on GitHub: said"
is "$(refs "$P"; refs "$P.git")" "$before" "bad input: nothing changed"
is "$(cat "$LOG" 2>/dev/null)" "" "bad input: GitHub not asked"

# check_error STATUS HEADERS BODY MESSAGE NAME: the release lookup
# answered so; exit 3 with MESSAGE.
check_error() {
	routes "GET /repos/acme/widget/releases/tags/v1.0.0
  status $1
$2
  header Content-Type: application/json; charset=utf-8
  body $3"
	pub --asset "$A"
	is "$rc" 3 "$5: exit 3"
	like "$err" "$4" "$5: said"
	unlike "$out$err" "$TOKEN" "$5: the token is in no output"
}
reset=$(($(date +%s) + 600))
check_error 401 "" '{"message":"Bad credentials","documentation_url":"https://docs.github.com/rest","status":"401"}' \
	"rel-tag: GitHub rejected the token \(HTTP 401\): set GH_TOKEN or GITHUB_TOKEN to a valid token that has not expired" 401
is "$(refs "$P.git" | grep -c v1.0.0)" 1 "the push came before GitHub's error"
check_error 403 "  header x-ratelimit-limit: 5000
  header x-ratelimit-remaining: 0
  header x-ratelimit-reset: $reset" '{"message":"API rate limit exceeded for user ID 1.","documentation_url":"https://docs.github.com/rest/overview/rate-limits-for-the-rest-api"}' \
	"rel-tag: GitHub API rate limit exceeded \(HTTP 403\): it resets at .*, in [0-9]+ s; wait and try again" \
	"403 rate limit"
check_error 429 "  header Retry-After: 30" '{"message":"You have exceeded a secondary rate limit."}' \
	"rel-tag: GitHub asks to slow down \(HTTP 429, secondary rate limit\): wait 30 s \(Retry-After\) and try again" \
	"429 Retry-After"
check_error 403 "" '{"message":"Resource not accessible by personal access token"}' \
	"rel-tag: GitHub refused to read the release in 'acme/widget' \(HTTP 403\): use a token that may write its contents" \
	"403"
check_error 502 "" '<html>Bad gateway</html>' \
	"rel-tag: GitHub failed \(HTTP 502\): try again later" "502"
# 404 for the tag, then for the list too: no such repository.
routes "GET /repos/acme/widget/releases/tags/v1.0.0
  status 404
  body {\"message\":\"Not Found\"}
GET /repos/acme/widget/releases
  status 404
  body {\"message\":\"Not Found\"}"
pub --asset "$A"
is "$rc" 3 "404: exit 3"
like "$err" "rel-tag: GitHub found nothing to list the releases in 'acme/widget' \(HTTP 404\): check the remote URL and GITHUB_API_URL; for a private repository set GH_TOKEN" "404: said"
# 422 on create: GitHub's reasons named.
routes "POST /repos/acme/widget/releases
  status 422
  header Content-Type: application/json; charset=utf-8
  body {\"message\":\"Validation Failed\",\"errors\":[{\"resource\":\"Release\",\"code\":\"invalid\",\"field\":\"tag_name\"}],\"documentation_url\":\"https://docs.github.com/rest/releases/releases#create-a-release\"}"
pub --asset "$A"
is "$rc" 3 "422: exit 3"
like "$err" "rel-tag: GitHub refused to create the release \(HTTP 422, Validation Failed: tag_name invalid\): check that the tag is pushed" "422: said with GitHub's reasons"
# A malformed answer.
routes "GET /repos/acme/widget/releases/tags/v1.0.0
  body {\"id\":\"one\"}"
pub --asset "$A"
is "$rc" 3 "a malformed release: exit 3"
like "$err" "rel-tag: GitHub's answer to the request to read the release is not the documented JSON" "a malformed release: said"
# An upload URL on another host: the token does not go there.
jq -n --arg notes "$(rel-changelog notes -r 1.0.0 "$P/CHANGELOG.md")" '{id: 7,
	tag_name: "v1.0.0", name: "v1.0.0", body: $notes, draft: false,
	prerelease: false, html_url: "https://github.com/acme/widget/releases/tag/v1.0.0",
	upload_url: "http://localhost:$PORT/repos/acme/widget/releases/7/assets{?name,label}"}' >"$TMP/rel7.json"
routes "GET /repos/acme/widget/releases/tags/v1.0.0
  header Content-Type: application/json; charset=utf-8
  body-file $TMP/rel7.json
GET /repos/acme/widget/releases/7/assets
  body []"
: >"$LOG"
pub --asset "$A"
is "$rc" 3 "an upload URL elsewhere: exit 3"
like "$err" "rel-tag: GitHub gave an upload URL on another host than its API" "an upload URL elsewhere: refused"
is "$(grep -c '^POST' "$LOG")" 0 "an upload URL elsewhere: nothing sent"
# GitHub not answering within RELTOOLS_HTTP_TIMEOUT; a bad limit.
routes "GET /repos/acme/widget/releases/tags/v1.0.0
  delay 5s"
RELTOOLS_HTTP_TIMEOUT=500ms pub --asset "$A"
is "$rc" 3 "no answer within RELTOOLS_HTTP_TIMEOUT=500ms: exit 3"
like "$err" "^rel-tag: cannot reach GitHub at 'http://127\.0\.0\.1:[0-9]+': .*[Tt]imed out.*; check the network and GITHUB_API_URL, then run again \(RELTOOLS_HTTP_TIMEOUT sets the limit\)$" \
	"a timeout: said, with what to do"
unlike "$out$err" "$TOKEN" "a timeout: the token is in no output"
: >"$LOG"
RELTOOLS_HTTP_TIMEOUT=soon pub --asset "$A"
is "$rc" 2 "RELTOOLS_HTTP_TIMEOUT=soon: exit 2"
is "$err" "rel-tag: RELTOOLS_HTTP_TIMEOUT='soon' is not a duration (seconds, or 500ms, 2m)" \
	"a bad limit: said"
is "$(cat "$LOG")" "" "a bad limit: GitHub not asked"
# After all that, with GitHub answering: done.
routes ""
pub --asset "$A"
is "$rc" 0 "then: exit 0"
is "$(jqr '[.release.assets[].state] | join(",")')" "uploaded,uploaded" "then: uploaded"
unlike "$out$err" "$TOKEN" "then: the token is in no output"
ok "$(! grep -rq "$TOKEN" "$P/.git" "$P.git"; echo $?)" "the token is in no git file"
done_testing
