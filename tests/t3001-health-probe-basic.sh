#!/bin/sh
# health-probe against a real local server: passes, expectations,
# assertions on every subject, the JSON document and exit statuses 0 and 1.
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/httpd.sh"

cat >"$TMP/routes" <<'EOR'
GET /health
  header Content-Type: application/json
  header X-Build: abc123
  body {"status":"healthy","version":"1.2.0","git_commit":"1a2b3c","count":3,"checks":[{"name":"db","ok":true}]}
GET /degraded
  status 200
  body {"status":"degraded","count":3}
GET /html
  header Content-Type: text/html
  body <html>ok</html>
GET /down
  status 503
  body {"status":"down"}
GET /nocontent
  status 204
GET /moved
  status 302
  header Location: /health
GET /moved-to-broken
  status 301
  header Location: /down
GET /loop
  status 302
  header Location: /loop
EOR
httpd_start web "$TMP/routes"
base="http://127.0.0.1:$httpd_port"

run health-probe "$base/health"
is "$rc" 0 "a healthy URL: exit 0"
is "$(jqr .schema)" health-probe/1 "schema"
is "$(jqr '.ok')" true "overall ok"
is "$(jqr '.results | length')" 1 "one result"
is "$(jqr '.results[0] | [.url, .ok, .answered, .attempts, .status, .error] | @json')" \
	"[\"$base/health\",true,true,1,200,null]" "result fields"
is "$(jqr '.results[0].failures | @json')" "[]" "no failures"
is "$(jqr '.results[0].timings | keys_unsorted | @json')" \
	'["dns","connect","tls","first_byte","total"]' "timings keys"
is "$(jqr '.results[0].timings | [.[] | numbers | select(. >= 0)] | length')" 5 "timings are numbers"
is "$(jqr '.results[0].timings | (.first_byte <= .total)')" true "first byte before total"
is "$(jqr '.results[0].timings.tls')" 0 "no TLS time over http"
is "$err" "health-probe: 1 passed, 0 failed" "all pass: one line on stderr"
run health-probe -q "$base/health"
is "$rc:$err" "0:" "all pass, -q: nothing on stderr"

# Every subject and operator that holds.
run health-probe \
	--assert 'status == 200' --assert 'status < 300' \
	--assert 'time_ms >= 0' --assert 'time_ms < 60000' \
	--assert 'size > 10' --assert 'body ~ "healthy"' --assert 'body !~ error' \
	--assert 'header.content-type == "application/json"' \
	--assert 'header.X-BUILD ~ ^abc' --assert 'header.etag missing' \
	--assert 'header.x-build exists' \
	--assert 'json.status == "healthy"' --assert 'json.status == healthy' \
	--assert 'json.count == 3' --assert 'json.count != 4' --assert 'json.count <= 3.0' \
	--assert 'json.checks[0].ok == true' --assert 'json.checks[-1].name == db' \
	--assert 'json.nope missing' --assert 'json.checks exists' \
	--assert 'json.checks == [{"name":"db","ok":true}]' \
	--expect-status 200,204 "$base/health"
is "$rc" 0 "every kind of assertion holds: exit 0"
is "$(jqr '.results[0].failures | length')" 0 "no failures"

# Failures show the actual value; the document says which.
run health-probe --assert 'json.status == "healthy"' "$base/degraded"
is "$rc" 1 "degraded: exit 1"
is "$(jqr '.ok')" false "overall not ok"
is "$(jqr '.results[0].error')" 'json.status ("degraded") == "healthy"' "error shows the actual value"
is "$(jqr '.results[0].failures | @json')" \
	'[{"assert":"json.status == \"healthy\"","actual":"degraded","message":"json.status (\"degraded\") == \"healthy\""}]' \
	"failures entry"
like "$err" "^health-probe: '$base/degraded' failed after 1 attempt: json.status \(\"degraded\"\) == \"healthy\"$" \
	"stderr says why"

run health-probe --assert 'json.count == "3"' "$base/degraded"
is "$rc" 1 "number against string: exit 1, no coercion"
is "$(jqr '.results[0].error')" 'json.count (3) == "3"' "the actual number is shown"
is "$(jqr '.results[0].failures[0].actual')" 3 "actual is the number"

run health-probe --assert 'json.missing.path == 1' --assert 'header.etag exists' "$base/degraded"
is "$rc" 1 "missing path and header: exit 1"
is "$(jqr '.results[0].failures | map(.message) | @json')" \
	'["json.missing.path (missing) == 1","header.etag (missing) exists"]' "every failure listed"
is "$(jqr '.results[0].failures[0].actual')" null "missing gives null actual"
is "$(jqr '.results[0].error')" 'json.missing.path (missing) == 1; header.etag (missing) exists' "error joins them"

run health-probe --assert 'json.status == "ok"' "$base/html"
is "$rc" 1 "HTML body: exit 1"
is "$(jqr '.results[0].error')" 'json.status (body is not JSON) == "ok"' "body that is not JSON"

run health-probe --assert 'time_ms < 0' "$base/health"
like "$(jqr '.results[0].error')" '^time_ms \([0-9.]+\) < 0$' "time_ms failure shows the time"

# Status expectations.
run health-probe "$base/down"
is "$rc" 1 "503: exit 1 (it answered)"
is "$(jqr '.results[0].error')" "http 503" "http 503"
is "$(jqr '.results[0].status')" 503 "status recorded"
is "$(jqr '.results[0].failures[0] | [.assert, .actual] | @json')" '["--expect-status 2xx",503]' "status failure entry"
run health-probe --expect-status 503 "$base/down"
is "$rc" 0 "--expect-status 503 accepts 503"
run health-probe --expect-status 200 "$base/nocontent"
is "$(jqr '.results[0].error')" "http 204" "--expect-status 200 refuses 204"
run health-probe --expect-status 200,204 "$base/nocontent"
is "$rc" 0 "--expect-status 200,204"
run health-probe --expect-status 200-299 "$base/nocontent"
is "$rc" 0 "--expect-status 200-299"
run health-probe --expect-status 4xx "$base/nowhere"
is "$rc" 0 "--expect-status 4xx accepts 404"

# --expect-version: version or git_commit.
run health-probe --expect-version 1.2.0 "$base/health"
is "$rc" 0 "--expect-version matches json.version"
run health-probe --expect-version 1a2b3c "$base/health"
is "$rc" 0 "--expect-version matches json.git_commit"
run health-probe --expect-version 1.3.0 "$base/health"
is "$rc" 1 "--expect-version mismatch: exit 1"
is "$(jqr '.results[0].error')" 'json.version ("1.2.0") == "1.3.0"' "version mismatch shows the running version"
is "$(jqr '.results[0].failures[0].assert')" "--expect-version 1.3.0" "failure names the option"
run health-probe --expect-version 1.2.0 "$base/degraded"
is "$(jqr '.results[0].error')" 'json.version (missing) == "1.2.0"' "no version in the body"
run health-probe --expect-version 1.2.0 "$base/html"
is "$(jqr '.results[0].error')" 'json.version (body is not JSON) == "1.2.0"' "version from a body that is not JSON"

# Redirects: not followed by default; -L follows and checks the end.
run health-probe "$base/moved"
is "$rc" 1 "302 without -L: exit 1"
is "$(jqr '.results[0].error')" "http 302" "302 is not healthy"
run health-probe -L --assert 'json.status == healthy' "$base/moved"
is "$rc" 0 "-L follows to the healthy page"
run health-probe -L "$base/moved-to-broken"
is "$rc" 1 "-L to a broken page: exit 1"
is "$(jqr '.results[0].error')" "http 503" "the broken page's status"
run health-probe -L "$base/loop"
is "$rc" 1 "redirect loop: exit 1"
is "$(jqr '.results[0].error')" "too many redirects" "redirect loop named"

# HEAD, headers sent, user agent.
: >"$TMP/web.log"
run health-probe --method HEAD --assert 'size == 0' --assert 'header.x-build == abc123' "$base/health"
is "$rc" 0 "HEAD passes with headers and no body"
is "$(head -n 1 "$TMP/web.log")" "HEAD /health" "HEAD sent"
: >"$TMP/web.log"
run health-probe --header 'Authorization: Bearer t0k' --header 'X-Probe: 1' "$base/health"
like "$(cat "$TMP/web.log")" "  Authorization: Bearer t0k" "--header sent"
like "$(cat "$TMP/web.log")" "  X-Probe: 1" "second --header sent"
like "$(cat "$TMP/web.log")" "  User-Agent: health-probe/" "user agent names the tool"

# --pretty indents; default is compact when stdout is not a terminal.
run health-probe "$base/health"
is "$(printf '%s\n' "$out" | wc -l | tr -d ' ')" 1 "compact by default"
run health-probe --pretty "$base/health"
like "$out" '^\{
  "schema"' "--pretty indents"

# -q does not hide why a URL failed.
run health-probe -q "$base/down"
like "$err" "failed after 1 attempt: http 503" "-q keeps the failure line"
done_testing
