#!/bin/sh
# health-probe: many URLs at once, connection reuse and --fresh-connect,
# --resolve.
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/httpd.sh"

cat >"$TMP/routes" <<'EOR'
GET /ok
  body {"status":"healthy"}
GET /wait
  delay 500ms
  body {"status":"healthy"}
GET /down
  status 500
EOR
httpd_start web "$TMP/routes"
base="http://127.0.0.1:$httpd_port"

# 100 URLs, each answering after 500 ms: probed concurrently, results in
# argument order. In series this would take 50 s.
set --
i=0
while [ $i -lt 100 ]; do
	i=$((i + 1))
	set -- "$@" "$base/wait?n=$i"
done
set -- "$@" "$base/down"
start=$(date +%s)
run health-probe --assert 'json.status == healthy' "$@"
elapsed=$(($(date +%s) - start))
is "$rc" 1 "100 passing URLs and a failing one: exit 1"
is "$(jqr '.results | length')" 101 "101 results"
is "$(jqr '[.results[] | select(.ok)] | length')" 100 "100 passed"
is "$(jqr '.results[41].url')" "$base/wait?n=42" "results in argument order"
is "$(jqr '.results[100] | [.url, .error] | @json')" "[\"$base/down\",\"http 500; json.status (body is not JSON) == \\\"healthy\\\"\"]" "the failing one last, every reason"
ok "$([ "$elapsed" -lt 25 ]; echo $?)" "concurrent, not serial (${elapsed}s)"
is "$(grep -c '^GET /wait' "$TMP/web.log")" 100 "each URL requested once"

# Connections are reused between attempts unless --fresh-connect.
: >"$TMP/web.conn"
run health-probe --success-threshold 3 --interval 50ms "$base/ok"
is "$rc" 0 "three passes"
is "$(wc -l <"$TMP/web.conn" | tr -d ' ')" 3 "three requests"
is "$(cut -d' ' -f1 "$TMP/web.conn" | sort -u | wc -l | tr -d ' ')" 1 "over one connection"
: >"$TMP/web.conn"
run health-probe --fresh-connect --success-threshold 3 --interval 50ms "$base/ok"
is "$rc" 0 "--fresh-connect: three passes"
is "$(cut -d' ' -f1 "$TMP/web.conn" | sort -u | wc -l | tr -d ' ')" 3 "--fresh-connect: three connections"

# --resolve sends the name in Host and connects to the address given.
: >"$TMP/web.log"
run health-probe --resolve "probe.test:$httpd_port:127.0.0.1" "http://probe.test:$httpd_port/ok"
is "$rc" 0 "--resolve: exit 0"
like "$(cat "$TMP/web.log")" "  Host: probe.test:$httpd_port" "--resolve: Host header names the host"
run health-probe --timeout 5s "http://probe.test:$httpd_port/ok"
is "$rc" 3 "without --resolve the name does not resolve"

# The same URL twice is probed twice.
run health-probe "$base/ok" "$base/ok"
is "$(jqr '[.results[].ok] | @json')" "[true,true]" "a repeated URL has its own result"
done_testing
