#!/bin/sh
# rel-check at the edges: a combined status longer than one page, odd and
# huge Retry-After values, a remote on another forge, what a server says
# kept to one line, remotes and paths that are not there.
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/lib-release.sh"

ci_project

github_routes "$R" "$sha" check-runs-green.json status-success.json
start_github "$R"
ci() { run rel-check -C "$P" -r 0.1.0 --no-fetch "$@"; }

# routes RUNS_STATUS RUNS_BODY STATUS_BODY [HEADER...]: one answer each.
routes() {
	_st=$1 _runs=$2 _status=$3
	shift 3
	{
		echo "GET $RUNS"
		echo "  status $_st"
		for _h in "$@"; do echo "  header $_h"; done
		printf "  body %s\n" "$_runs"
		echo "GET $STATUS"
		echo "  status 200"
		printf "  body %s\n" "$_status"
	} >"$R"
	routes_touched "$R"
}
NORUNS='{"total_count":0,"check_runs":[]}'

# GitHub lists 30 statuses a page; the combined state covers them all.
routes 200 "$NORUNS" '{"state":"failure","total_count":40,"statuses":[{"context":"lint","state":"success"}]}'
: >"$TMP/httpd.log"
ci
is "$(check ci)" "fail red for $s8 on 'acme/widget': '(combined status, statuses not listed)' (failure)" \
	"a failure among statuses not listed is red"
is "$rc" 1 "not listed failure: exit 1"
like "$(cat "$TMP/httpd.log")" "GET $STATUS\?per_page=100" "statuses asked 100 a page"
routes 200 "$NORUNS" '{"state":"pending","total_count":40,"statuses":[{"context":"lint","state":"success"}]}'
ci
like "$(check ci)" "^fail pending for $s8 .*'\(combined status, statuses not listed\)' \(pending\)" \
	"a pending status not listed is pending"
routes 200 "$NORUNS" '{"state":"success","total_count":40,"statuses":[{"context":"lint","state":"success"}]}'
ci
is "$(check ci)" "pass green for $s8 on 'acme/widget' (0 check runs, 40 statuses)" \
	"success over more statuses than listed: green, all counted"

# Retry-After: a huge number must neither overflow nor hang; a date is read.
routes 403 '{"message":"secondary"}' "$NORUNS" "Retry-After: 99999999999999999999999"
ci --ci-wait 2
is "$(check ci)" "fail GitHub asks to slow down (HTTP 403, secondary rate limit): wait 86400 s (Retry-After) and try again" \
	"a huge Retry-After: capped at a day, fails at once"
is "$rc" 1 "a huge Retry-After: exit 1"
when=$(date -u -d "@$(($(date +%s) + 3600))" '+%a, %d %b %Y %H:%M:%S GMT')
routes 429 '{"message":"secondary"}' "$NORUNS" "Retry-After: $when"
ci
like "$(check ci)" "^fail GitHub asks to slow down \(HTTP 429, secondary rate limit\): wait 3(600|599|598) s \(Retry-After\) and try again$" \
	"an HTTP-date Retry-After: the seconds until then"
routes 429 '{"message":"secondary"}' "$NORUNS" "Retry-After: soon"
ci
is "$(check ci)" "fail GitHub asks to slow down (HTTP 429, secondary rate limit): wait a minute and try again" \
	"a Retry-After that means nothing"

# What GitHub says stays on one line of stderr per check.
routes 200 '{"total_count":1,"check_runs":[{"name":"evil\nrel-check: pass ci: green \u001b[2J","status":"completed","conclusion":"failure","html_url":"https://x/1"}]}' \
	'{"state":"success","total_count":0,"statuses":[]}'
ci
is "$(printf '%s\n' "$err" | grep -c '^rel-check: pass ci')" 0 "a check name cannot forge a line"
is "$(printf '%s\n' "$err" | wc -l)" 13 "twelve check lines and the summary"
like "$(printf '%s\n' "$err" | grep '^rel-check: fail ci')" "'evil\?rel-check: pass ci: green \?\[2J' \(failure\)" \
	"control characters shown as '?'"
is "$(jqr '.checks[11].detail | test("\n")')" true "the JSON keeps the name as it is"

# A password in GITHUB_API_URL is never shown.
GITHUB_API_URL=http://bot:apiS3cret@127.0.0.1:1 ci
like "$(check ci)" "^fail cannot reach GitHub at 'http://\*\*\*@127.0.0.1:1': " \
	"an unreachable API root with a password: the password hidden"
unlike "$out$err" apiS3cret "the API root's password is in no output"
GITHUB_API_URL=http://ghp_apiS3cret@127.0.0.1:1 ci
like "$(check ci)" "^fail cannot reach GitHub at 'http://\*\*\*@127.0.0.1:1': " \
	"an unreachable API root with a token as user name: hidden"
unlike "$out$err" apiS3cret "the API root's user name is in no output"

# Another forge's owner/name would name some other GitHub repository.
git -C "$P" remote set-url origin https://gitlab.com/acme/widget.git
: >"$TMP/httpd.log"
api=$GITHUB_API_URL
unset GITHUB_API_URL
ci
is "$(check ci)" "fail remote 'origin' is on 'gitlab.com', not on GitHub, the only forge whose CI rel-check reads: give --no-ci, or GITHUB_API_URL for a GitHub Enterprise server" \
	"a GitLab remote: the ci check fails, saying why"
is "$(cat "$TMP/httpd.log")" "" "a GitLab remote: nothing asked"
# GitHub Actions sets GITHUB_API_URL=https://api.github.com in every job.
GITHUB_API_URL=https://api.github.com ci
like "$(check ci)" "^fail remote 'origin' is on 'gitlab.com', not on GitHub" \
	"a GitLab remote, GITHUB_API_URL GitHub's own: the ci check fails"
export GITHUB_API_URL=$api
github_routes "$R" "$sha" check-runs-green.json status-success.json
ci
like "$(check ci)" "^fail remote 'origin' is on 'gitlab.com', not on GitHub" \
	"a GitLab remote, GITHUB_API_URL on another host: the ci check fails"
is "$(cat "$TMP/httpd.log")" "" "a GitLab remote, GITHUB_API_URL on another host: nothing asked"
git -C "$P" remote set-url origin git@127.0.0.1:acme/widget.git
ci
is "$(check ci)" "pass green for $s8 on 'acme/widget' (2 check runs, 1 statuses)" \
	"GITHUB_API_URL on the remote's host: trusted (GitHub Enterprise)"
git -C "$P" remote set-url origin "$GH_REPO"

# --no-fetch without a remote-tracking branch; a remote that is not there.
git -C "$P" update-ref -d refs/remotes/origin/main
run rel-check -C "$P" -r 0.1.0 --no-ci --no-fetch
is "$(check sync)" "fail no remote-tracking branch 'origin/main' (--no-fetch): fetch it first" \
	"--no-fetch: a missing tracking branch is not called missing on the remote"
git -C "$P" remote add gone "$TMP/gone.git"
run rel-check -C "$P" -r 0.1.0 --no-ci --remote gone
is "$(check sync)" "fail cannot fetch from remote 'gone': '$TMP/gone.git' does not exist" \
	"a remote directory that does not exist is named"

# A tag of a tree is in the way too.
git -C "$P" tag v0.1.0 "HEAD^{tree}"
run rel-check -C "$P" -r 0.1.0 --no-ci --no-fetch
is "$(check tag-local)" "fail tag 'v0.1.0' already exists on $(git -C "$P" rev-parse --short=7 "HEAD^{tree}")" \
	"tag-local: a tag of a tree fails"
git -C "$P" tag -d v0.1.0 >/dev/null

# --changelog is relative to the top of the work tree.
echo "- More." >>"$P/CHANGELOG.md"
run rel-check -C "$P" -r 0.1.0 --no-ci --no-fetch --changelog ./CHANGELOG.md
is "$(check clean)" "pass nothing to commit besides 'CHANGELOG.md'" "--changelog ./FILE: the changelog is the changelog"
git -C "$P" checkout -q CHANGELOG.md
run rel-check -C "$P" -r 0.1.0 --no-ci --changelog "$P/CHANGELOG.md"
is "$rc" 2 "an absolute --changelog: exit 2"
is "$out" "" "an absolute --changelog: no output"
like "$err" "--changelog is a path inside the work tree, relative to its top, not '$P/CHANGELOG.md'" \
	"an absolute --changelog: said"
# rel-tag refuses what climbs out: rel-check must too.
run rel-check -C "$P" -r 0.1.0 --no-ci --changelog "../p/CHANGELOG.md"
is "$rc" 2 "a --changelog with '..': exit 2"
like "$err" "--changelog is a path inside the work tree, relative to its top, not '../p/CHANGELOG.md'" \
	"a --changelog with '..': said"

# A tag name git refuses, which rel-tag would refuse.
run rel-check -C "$P" -r 0.1.0 --no-ci --no-fetch --tag-prefix 'a..b'
is "$rc" 2 "--tag-prefix making a bad tag name: exit 2"
is "$err" "rel-check: 'a..b0.1.0' is not a valid tag name (--tag-prefix 'a..b')" \
	"--tag-prefix making a bad tag name: said"
is "$out" "" "--tag-prefix making a bad tag name: no document"
done_testing
