#!/bin/sh
# rel-check against a hostile GitHub API: one that never answers, one
# that redirects elsewhere.
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/lib-release.sh"
. "$(dirname "$0")/httpd.sh"

ci_project
ms() { date +%s%3N; }

# An API that takes each request and never answers: --ci-wait bounds the
# whole check, not each request by its own 30 s.
cat >"$R" <<EOF2
GET $RUNS
  delay 1h
GET $STATUS
  delay 1h
EOF2
start_github "$R"
t0=$(ms)
run timeout 60 rel-check -C "$P" -r 0.1.0 --no-fetch --ci-wait 2
t1=$(ms)
is "$rc" 1 "a silent API, --ci-wait 2: exit 1"
like "$(check ci)" "^fail cannot reach GitHub at 'http://127.0.0.1:$PORT': .*[Tt]imed out" \
	"a silent API: the CI check fails, saying it timed out"
elapsed=$((t1 - t0))
ok "$([ "$elapsed" -lt 4000 ]; echo $?)" "a silent API, --ci-wait 2: over soon after the wait, not 30 s a request (${elapsed} ms, process start and git checks included)"

# Without --ci-wait, RELTOOLS_HTTP_TIMEOUT bounds each request; a bad
# value fails the check, saying so.
RELTOOLS_HTTP_TIMEOUT=1 run timeout 60 rel-check -C "$P" -r 0.1.0 --no-fetch
is "$rc" 1 "a silent API, RELTOOLS_HTTP_TIMEOUT=1: exit 1"
like "$(check ci)" "^fail cannot reach GitHub at 'http://127.0.0.1:$PORT': .*[Tt]imed out after 1[0-9]{3} milliseconds.*\(RELTOOLS_HTTP_TIMEOUT sets the limit\)$" \
	"RELTOOLS_HTTP_TIMEOUT=1: the CI check fails after 1 s, saying so"
RELTOOLS_HTTP_TIMEOUT=-3 run rel-check -C "$P" -r 0.1.0 --no-fetch
is "$rc" 1 "RELTOOLS_HTTP_TIMEOUT=-3: exit 1"
is "$(check ci)" "fail RELTOOLS_HTTP_TIMEOUT='-3' is not a duration (seconds, or 500ms, 2m)" \
	"a bad limit: the CI check says so"

# An API that redirects to another origin (host or port): refused, the
# target named, nothing asked there.
github_routes "$TMP/other.routes" "$sha" check-runs-green.json status-success.json
httpd_start other "$TMP/other.routes"
other=$httpd_port
for target in "http://127.0.0.1:$other" "http://localhost:$PORT"; do
	for code in 301 302 307; do
		cat >"$R" <<EOF2
GET $RUNS
  status $code
  header Location: $target$RUNS?per_page=100
GET $STATUS
  status $code
  header Location: $target$STATUS
EOF2
		routes_touched "$R"
		: >"$TMP/other.log"
		run rel-check -C "$P" -r 0.1.0 --no-fetch
		is "$rc" 1 "$code to $target: exit 1"
		is "$(check ci)" "fail GitHub's API at 'http://127.0.0.1:$PORT' redirects (HTTP $code) to '$target$RUNS?per_page=100', another origin: refused (is GITHUB_API_URL right?)" \
			"$code to $target: refused, the target named"
		is "$(cat "$TMP/other.log")" "" "$code to $target: nothing asked there"
	done
done

# A redirect on the same origin (a renamed repository) is followed.
cat >"$R" <<EOF2
GET /repos/acme/old/commits/$sha/check-runs
  status 301
  header Location: http://127.0.0.1:$PORT$RUNS?per_page=100
GET $RUNS
  status 200
  body-file $FX/check-runs-green.json
GET /repos/acme/old/commits/$sha/status
  status 301
  header Location: /repos/acme/widget/commits/$sha/status
GET $STATUS
  status 200
  body-file $FX/status-success.json
EOF2
routes_touched "$R"
git -C "$P" remote set-url origin https://github.com/acme/old.git
GH_TOKEN=ghp_redirectT0ken run rel-check -C "$P" -r 0.1.0 --no-fetch
is "$(check ci)" "pass green for $s8 on 'acme/old' (2 check runs, 1 statuses)" "same-origin redirects followed"
is "$(grep -c "Authorization: Bearer ghp_redirectT0ken" "$TMP/httpd.log")" 4 "the token sent on the same origin, each request"

done_testing
