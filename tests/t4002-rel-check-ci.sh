#!/bin/sh
# rel-check: the CI check against a GitHub stand-in (tests/helpers/httpd)
# answering with GitHub's documented shapes and errors.
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/lib-release.sh"

ci_project
TOKEN=ghp_s3cretT0kenValue1234567890

github_routes "$R" "$sha" check-runs-green.json status-success.json
start_github "$R"

ci() { run rel-check -C "$P" -r 0.1.0 --no-fetch "$@"; }

GH_TOKEN=$TOKEN ci
is "$(check ci)" "pass green for $s8 on 'acme/widget' (2 check runs, 1 statuses)" "green: pass"
like "$(cat "$TMP/httpd.log")" "GET $RUNS\?per_page=100" "check runs asked 100 a page"
like "$(cat "$TMP/httpd.log")" "Authorization: Bearer $TOKEN" "the token is sent as Authorization"
like "$(cat "$TMP/httpd.log")" "Accept: application/vnd.github\+json" "GitHub's media type asked"
like "$(cat "$TMP/httpd.log")" "X-GitHub-Api-Version: 2022-11-28" "API version sent"
unlike "$out$err" "$TOKEN" "the token is in no output"

: >"$TMP/httpd.log"
GITHUB_TOKEN=$TOKEN ci
like "$(cat "$TMP/httpd.log")" "Authorization: Bearer $TOKEN" "GITHUB_TOKEN is used too"
: >"$TMP/httpd.log"
ci
is "$(check ci)" "pass green for $s8 on 'acme/widget' (2 check runs, 1 statuses)" "anonymous: pass"
unlike "$(cat "$TMP/httpd.log")" "Authorization" "no token, no Authorization header"

github_routes "$R" "$sha" check-runs-empty.json status-none.json
ci
is "$(check ci)" "warn no check run and no status for $s8 on 'acme/widget': no CI has reported on it yet (--ci-wait SECONDS waits for it)" \
	"no runs, no statuses: a warning, CI may not have started"
is "$rc" 0 "no runs, no statuses: exit 0"
ci --ci-wait 1500ms
is "$(check ci)" "warn no check run and no status for $s8 on 'acme/widget': no CI has reported on it within the wait" \
	"--ci-wait: waits for CI to report, warns when none did"
like "$err" "rel-check: no CI reported yet for $s8 on 'acme/widget': waiting" "--ci-wait: the wait for a first report said"

github_routes "$R" "$sha" check-runs-pending.json status-success.json
ci
is "$(check ci)" "fail pending for $s8 on 'acme/widget' (give --ci-wait SECONDS to wait): 'build' (in_progress) https://github.com/acme/widget/actions/runs/201" \
	"pending: fail, naming the pending run"
is "$rc" 1 "pending: exit 1"

github_routes "$R" "$sha" check-runs-green.json status-pending.json
ci
like "$(check ci)" "^fail pending .*'ci/legacy' \(pending\) https://ci.example.com/ci/legacy/2" "a pending status: fail"

github_routes "$R" "$sha" check-runs-red.json status-failure.json
ci
is "$(check ci)" "fail red for $s8 on 'acme/widget': 'build' (failure) https://github.com/acme/widget/actions/runs/301, 'test' (timed_out) https://github.com/acme/widget/actions/runs/302, 'ci/security' (error) https://ci.example.com/ci/security/4" \
	"red: fail naming every failing check with its URL"

# Pagination: page 2 holds the failing run; the links are absolute.
page_routes() {
	# page_routes NEXT: page 1 links to NEXT
	{
		echo "GET $RUNS?per_page=100"
		echo "  status 200"
		echo "  header Link: <$1>; rel=\"next\", <$1>; rel=\"last\""
		echo "  body-file $FX/check-runs-page1.json"
		echo "GET $RUNS?per_page=100&page=2"
		echo "  status 200"
		echo "  header Link: <http://127.0.0.1:\$PORT$RUNS?per_page=100&page=1>; rel=\"prev\", <http://127.0.0.1:\$PORT$RUNS?per_page=100&page=1>; rel=\"first\""
		echo "  body-file $FX/check-runs-page2.json"
		echo "GET $STATUS"
		echo "  status 200"
		echo "  body-file $FX/status-success.json"
	} >"$R"
	routes_touched "$R"
}
page_routes "http://127.0.0.1:\$PORT$RUNS?per_page=100&page=2"
: >"$TMP/httpd.log"
GH_TOKEN=$TOKEN ci
is "$(check ci)" "fail red for $s8 on 'acme/widget': 'deploy-preview' (failure) https://github.com/acme/widget/actions/runs/403" \
	"pagination: the failure on page 2 is found"
like "$(cat "$TMP/httpd.log")" "GET $RUNS\?per_page=100&page=2" "pagination: page 2 asked"
is "$(grep -c "Authorization: Bearer $TOKEN" "$TMP/httpd.log")" 3 "the token on every page and the status"

# A next link to another origin is not followed (the token would go there).
page_routes "http://localhost:\$PORT/elsewhere"
: >"$TMP/httpd.log"
GH_TOKEN=$TOKEN ci
like "$(check ci)" "^fail .*a next page outside the API root" "next link to another origin refused"
unlike "$(cat "$TMP/httpd.log")" "GET /elsewhere" "and never requested"

# Errors, each with advice.
error_route() {
	# error_route STATUS FIXTURE HEADER...
	_st=$1 _fx=$2
	shift 2
	{
		echo "GET $RUNS"
		echo "  status $_st"
		for _h in "$@"; do echo "  header $_h"; done
		echo "  body-file $FX/$_fx"
	} >"$R"
	routes_touched "$R"
}
error_route 401 error-401.json
GH_TOKEN=$TOKEN ci
is "$(check ci)" "fail GitHub rejected the token (HTTP 401): set GH_TOKEN or GITHUB_TOKEN to a valid token that has not expired" "401"
unlike "$out$err" "$TOKEN" "401: the token is in no output"
ci
is "$(check ci)" "fail GitHub wants a token (HTTP 401): set GH_TOKEN or GITHUB_TOKEN" "401 without a token"

reset=$(($(date +%s) + 600))
error_route 403 error-403-rate.json "x-ratelimit-limit: 60" "x-ratelimit-remaining: 0" "x-ratelimit-reset: $reset" "x-ratelimit-used: 60"
ci
like "$(check ci)" "^fail GitHub API rate limit exceeded \(HTTP 403\): it resets at $(date -u -d "@$reset" +%Y-%m-%dT%H:%M:%SZ), in (600|599|598) s; wait, or set GH_TOKEN for a higher limit$" \
	"403 rate limited: when it resets"
GH_TOKEN=$TOKEN ci
like "$(check ci)" "in [0-9]+ s; wait and try again$" "403 rate limited with a token: no token advice"

error_route 403 error-403-secondary.json "Retry-After: 30"
GH_TOKEN=$TOKEN ci
is "$(check ci)" "fail GitHub asks to slow down (HTTP 403, secondary rate limit): wait 30 s (Retry-After) and try again" "403 with Retry-After"
error_route 429 error-403-secondary.json "Retry-After: 7"
ci
like "$(check ci)" "HTTP 429, secondary rate limit\): wait 7 s" "429 with Retry-After"

error_route 403 error-403-rate.json "x-ratelimit-remaining: 4999"
GH_TOKEN=$TOKEN ci
is "$(check ci)" "fail GitHub refused access to 'acme/widget' (HTTP 403): use a token with read access to its checks and commit statuses" "403 without rate limit"

error_route 404 error-404.json
ci
is "$(check ci)" "fail GitHub knows no repository 'acme/widget' or commit '$(echo "$sha" | cut -c1-12)' (HTTP 404): check the remote URL and that the commit is pushed; for a private repository set GH_TOKEN" "404"

error_route 500 error-404.json
ci
is "$(check ci)" "fail GitHub failed (HTTP 500): try again later" "500"
is "$rc" 1 "500: exit 1"

{
	echo "GET $RUNS"
	echo "  status 200"
	echo "  header Content-Type: text/html"
	echo "  body <html>unicorn</html>"
} >"$R"
routes_touched "$R"
ci
is "$(check ci)" "fail GitHub's answer for the check runs of 'acme/widget' is not the documented JSON" "HTML instead of JSON"

github_routes "$R" "$sha" check-runs-green.json check-runs-green.json
ci
is "$(check ci)" "fail GitHub's answer for the combined status of 'acme/widget' is not the documented JSON" "a wrong shape for the status"

# then_green STATUS FIXTURE [HEADER]: check runs answer STATUS with
# FIXTURE (and HEADER) once, then green; the combined status is green.
then_green() {
	{
		echo "GET $RUNS"
		echo "  status $1"
		[ -z "${3:-}" ] || echo "  header $3"
		echo "  body-file $FX/$2"
		echo "then"
		echo "  status 200"
		echo "  body-file $FX/check-runs-green.json"
		echo "GET $STATUS"
		echo "  status 200"
		echo "  body-file $FX/status-success.json"
	} >"$R"
	routes_touched "$R"
}

# --ci-wait: pending, then green.
then_green 200 check-runs-pending.json
: >"$TMP/httpd.log"
ci --ci-wait 30
is "$(check ci)" "pass green for $s8 on 'acme/widget' (2 check runs, 1 statuses)" "--ci-wait: pending turns green"
is "$(grep -c "^GET $RUNS" "$TMP/httpd.log")" 2 "--ci-wait: asked twice"
like "$err" "rel-check: CI pending for $s8 on 'acme/widget' \(1 checks\): waiting" "--ci-wait: waiting said"

# --ci-wait: still pending when the time is up.
github_routes "$R" "$sha" check-runs-pending.json status-success.json
ci --ci-wait 1500ms
like "$(check ci)" "^fail pending for $s8 on 'acme/widget' when the wait was over: 'build' \(in_progress\)" "--ci-wait: times out"

# --ci-wait: red ends the wait at once.
github_routes "$R" "$sha" check-runs-red.json status-success.json
: >"$TMP/httpd.log"
ci --ci-wait 60
like "$(check ci)" "^fail red" "--ci-wait: red fails at once"
is "$(grep -c "^GET $RUNS" "$TMP/httpd.log")" 1 "--ci-wait: red asked once"

# --ci-wait: rate limited, waits as Retry-After says, then green.
then_green 403 error-403-secondary.json "Retry-After: 1"
: >"$TMP/httpd.log"
ci --ci-wait 20
like "$(check ci)" "^pass green" "--ci-wait: Retry-After waited, then green"
like "$err" "rel-check: GitHub asks to slow down \(HTTP 403, secondary rate limit\): wait 1 s \(Retry-After\) and try again: waiting" \
	"--ci-wait: the wait said"
is "$(grep -c "^GET $RUNS" "$TMP/httpd.log")" 2 "--ci-wait: asked again after the wait"
error_route 403 error-403-secondary.json "Retry-After: 60"
: >"$TMP/httpd.log"
ci --ci-wait 2
like "$(check ci)" "^fail GitHub asks to slow down .*wait 60 s" "--ci-wait: a wait beyond the time left fails at once"
is "$(grep -c "^GET $RUNS" "$TMP/httpd.log")" 1 "--ci-wait: no second request"

# The server is gone; the remote names no GitHub repository.
GITHUB_API_URL=http://127.0.0.1:1 ci
like "$(check ci)" "^fail cannot reach GitHub at 'http://127.0.0.1:1': " "unreachable API"
git -C "$P" remote set-url origin "https://bot:$TOKEN@example.org/widget.git"
ci
is "$(check ci)" "fail the URL of remote 'origin' ('https://***@example.org/widget.git') names no GitHub repository: give --no-ci or a remote URL like git@github.com:OWNER/NAME.git" \
	"not a GitHub URL, its user and password hidden"
unlike "$out$err" "$TOKEN" "a password in the remote URL is in no output"
# GitHub documents the token as the user name alone.
git -C "$P" remote set-url origin "https://$TOKEN@example.org/widget.git"
ci
is "$(check ci)" "fail the URL of remote 'origin' ('https://***@example.org/widget.git') names no GitHub repository: give --no-ci or a remote URL like git@github.com:OWNER/NAME.git" \
	"not a GitHub URL, a token as its user name hidden"
unlike "$out$err" "$TOKEN" "a token as the user name of the remote URL is in no output"
git -C "$P" remote set-url origin "git@github.com:acme/widget.git"
github_routes "$R" "$sha" check-runs-green.json status-success.json
ci
like "$(check ci)" "^pass green" "scp-like ssh URL names the repository"

# --ci-only: the CI of the commit the release tag points to, not HEAD's.
git -C "$P" tag -a -m "Release v0.1.0" v0.1.0 "$sha"
commit "fix: after the tag" "$P"
ci --ci-only
is "$rc" 0 "--ci-only: green for the tagged commit: exit 0"
is "$(jqr '[.checks[].name] | join(",")')" "version,ci" "--ci-only: only the version and ci checks"
is "$(check ci)" "pass green for $s8 on 'acme/widget' (2 check runs, 1 statuses)" "--ci-only: the tag's commit asked"
is "$(jqr .commit)" "$sha" "--ci-only: the document names the tag's commit"
like "$err" "rel-check: CI is green for 'v0\.1\.0'" "--ci-only: its own last line"
run rel-check -C "$P" -r 0.2.0 --no-fetch --ci-only
is "$rc" 1 "--ci-only without the tag: exit 1"
is "$(check ci)" "fail no tag 'v0.2.0' here to ask CI about: release it first" "--ci-only without the tag: says so"
cat >"$R" <<EOF2
GET $RUNS
  status 200
  header Content-Type: application/json; charset=utf-8
  body-file $FX/check-runs-pending.json
then
  status 200
  header Content-Type: application/json; charset=utf-8
  body-file $FX/check-runs-green.json
GET $STATUS
  status 200
  header Content-Type: application/json; charset=utf-8
  body-file $FX/status-success.json
EOF2
routes_touched "$R"
ci --ci-only --ci-wait 30
is "$(check ci)" "pass green for $s8 on 'acme/widget' (2 check runs, 1 statuses)" "--ci-only --ci-wait: waits for pending CI on the tag"
like "$err" "CI pending for $s8 on 'acme/widget' \([0-9]+ checks\): waiting" "--ci-only --ci-wait: the wait said"
run rel-check -C "$P" -r 0.1.0 --no-ci --ci-only
is "$rc" 2 "--no-ci with --ci-only: usage error"
done_testing
