#!/bin/sh
# health-probe: failure reasons, retries until the deadline or --retries,
# thresholds, stable-for, recovery, exit 3 for URLs that never answered.
# Timing margins are generous: assertions are on attempts and outcomes.
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/httpd.sh"

cat >"$TMP/routes" <<'EOR'
GET /ok
  body {"status":"healthy"}
GET /down
  status 503
GET /flaky
  status 503
then
  status 502
then
  status 200
GET /wobbly
  status 200
then
  status 200
then
  status 503
then
  status 200
GET /slow
  delay 5s
  body late
GET /stall
  body 0123456789
  stall 5s
GET /drop
  close
GET /rst
  reset
EOR
httpd_start web "$TMP/routes"
base="http://127.0.0.1:$httpd_port"

# A port where nothing listens: start a server, note its port, stop it.
printf 'GET /health\n  body up\n' >"$TMP/later-routes"
httpd_start later "$TMP/later-routes"
dead_port=$httpd_port
kill "$httpd_pid_later"; wait "$httpd_pid_later" 2>/dev/null
dead="http://127.0.0.1:$dead_port/health"

# Every failure reason, one attempt each (the default).
run health-probe "$dead"
is "$rc" 3 "refused: exit 3"
is "$(jqr '.results[0] | [.ok, .answered, .attempts, .status, .error] | @json')" \
	'[false,false,1,null,"connection refused"]' "refused: one attempt, never answered"
like "$err" "failed after 1 attempt: connection refused$" "refused: stderr"

run health-probe --timeout 300ms "$base/slow"
is "$rc" 3 "slow: exit 3"
is "$(jqr '.results[0].error')" "timeout after 300ms" "timeout after 300ms"

run health-probe --timeout 1s "$base/stall"
is "$rc" 3 "stall mid-body: exit 3"
is "$(jqr '.results[0].error')" "timeout after 1s" "stall: timeout after 1s"
is "$(jqr '.results[0] | [.status, .answered] | @json')" "[200,false]" "stall: status seen, but no complete reply"

# A server that never accepts: once two connections fill its queue,
# connecting hangs.
httpd_start hang "$TMP/later-routes" -n
curl -s --max-time 20 "http://127.0.0.1:$httpd_port/" >/dev/null 2>&1 &
curl -s --max-time 20 "http://127.0.0.1:$httpd_port/" >/dev/null 2>&1 &
sleep 0.5
run health-probe --connect-timeout 300ms --timeout 5s "http://127.0.0.1:$httpd_port/health"
is "$rc" 3 "connect timeout: exit 3"
is "$(jqr '.results[0].error')" "connect timeout after 300ms" "connect timeout after 300ms"
run health-probe --timeout 300ms "http://127.0.0.1:$httpd_port/health"
is "$(jqr '.results[0].error')" "timeout after 300ms" "a hung connect within --timeout alone"

run health-probe "$base/drop"
is "$rc" 3 "close without response: exit 3"
is "$(jqr '.results[0].error')" "connection closed without a response" "close: reason"

run health-probe "$base/rst"
is "$rc" 3 "reset: exit 3"
is "$(jqr '.results[0].error')" "connection reset" "reset: reason"

run health-probe --timeout 5s http://nonexistent.invalid/health
is "$rc" 3 "unresolvable host: exit 3"
is "$(jqr '.results[0].error')" "cannot resolve host 'nonexistent.invalid'" "unresolvable host: reason"

# Exit 3 wins over 1; 1 when all answered.
run health-probe "$base/down" "$dead" "$base/ok"
is "$rc" 3 "one silent URL among others: exit 3"
is "$(jqr '[.results[].ok] | @json')" "[false,false,true]" "each URL judged alone"
run health-probe "$base/down" "$base/ok"
is "$rc" 1 "all answered, one failed: exit 1"

# Retried until the deadline: refused, 5xx, timeouts.
run health-probe --deadline 1s --interval 200ms "$dead"
is "$rc" 3 "refused until the deadline: exit 3"
ok "$([ "$(jqr '.results[0].attempts')" -ge 2 ]; echo $?)" "refused was retried ($(jqr '.results[0].attempts') attempts)"
like "$err" "failed after [0-9]+ attempts: connection refused" "last reason on stderr"
run health-probe --deadline 1s --interval 200ms --timeout 200ms "$base/slow"
ok "$([ "$(jqr '.results[0].attempts')" -ge 2 ]; echo $?)" "timeouts retried"
like "$(jqr '.results[0].error')" "^timeout after [0-9]+ms( \(the deadline\); before it: timeout after 200ms)?$" "timeouts: last reason"
run health-probe -v --deadline 30s --interval 100ms "$base/flaky"
is "$rc" 0 "5xx retried until it recovers: exit 0"
is "$(jqr '.results[0] | [.ok, .attempts, .status, .error] | @json')" '[true,3,200,null]' "recovered on attempt 3"
like "$err" "attempt 1: http 503 \([0-9]+ms\)" "-v: attempt 1"
like "$err" "attempt 2: http 502" "-v: attempt 2"
like "$err" "attempt 3: pass 1 of 1, http 200 in [0-9]+ms" "-v: attempt 3"
unlike "$err" "failed after" "no failure line when it passed"

# A service that comes up while we wait (connection refused at first).
health-probe --deadline 30s --interval 100ms "$dead" >"$TMP/wait.out" 2>"$TMP/wait.err" &
probe=$!
sleep 1
httpd_start later "$TMP/later-routes" -P "$dead_port"
wait "$probe"
is "$?" 0 "a service that comes up passes"
out=$(cat "$TMP/wait.out")
is "$(jqr '.results[0].status')" 200 "answered once up"
ok "$([ "$(jqr '.results[0].attempts')" -ge 2 ]; echo $?)" "after some refused attempts"

# --retries caps attempts, with or without a deadline.
run health-probe --retries 2 --interval 50ms "$base/down"
is "$rc" 1 "--retries 2 on 503: exit 1"
is "$(jqr '.results[0].attempts')" 3 "--retries 2: three attempts"
run health-probe --retries 1 --interval 50ms http://127.0.0.1:1/
is "$rc" 3 "--retries 1 on refused: exit 3"
is "$(jqr '.results[0].attempts')" 2 "--retries 1: two attempts"
run health-probe --retries 0 "$base/down"
is "$(jqr '.results[0].attempts')" 1 "--retries 0: one attempt"

# --success-threshold: consecutive passes; a failure starts again.
run health-probe --success-threshold 3 --deadline 30s --interval 50ms "$base/wobbly"
is "$rc" 0 "threshold 3 over 200 200 503 200 200 200: exit 0"
is "$(jqr '.results[0].attempts')" 6 "threshold: the 503 restarted the count"
run health-probe --success-threshold 3 --interval 50ms "$base/ok"
is "$rc" 0 "threshold without a deadline: passes in a row"
is "$(jqr '.results[0].attempts')" 3 "threshold 3 without a deadline: three attempts"
httpd_routes "$TMP/routes" "$(cat "$TMP/routes")"
run health-probe --success-threshold 3 --interval 50ms "$base/wobbly"
is "$rc" 1 "threshold without a deadline stops at the first failure"
is "$(jqr '.results[0] | [.attempts, .error] | @json')" '[3,"http 503"]' "stopped at the 503"
run health-probe --success-threshold 50 --deadline 1s --interval 300ms "$base/ok"
is "$rc" 1 "not enough passes before the deadline: exit 1"
like "$(jqr '.results[0].error')" "^[0-9] consecutive passes of 50 before the deadline$" "says how many passes it got"

# --stable-for: passes must span the duration.
run health-probe --stable-for 600ms --interval 200ms --deadline 30s "$base/ok"
is "$rc" 0 "stable-for: exit 0"
ok "$([ "$(jqr '.results[0].attempts')" -ge 3 ]; echo $?)" "stable-for 600ms at 200ms needs several passes ($(jqr '.results[0].attempts'))"
run health-probe --stable-for 600ms --interval 200ms "$base/ok"
is "$rc" 0 "stable-for without a deadline keeps probing while it passes"
run health-probe --stable-for 2s --interval 300ms --deadline 2100ms "$base/ok"
like "$(jqr '.results[0].error')" "passes spanned [0-9]+ms of the 2000ms asked before the deadline" \
	"stable-for longer than the passes before the deadline"

# While it waits: without a terminal, one line once the wait passes 3 s;
# on a terminal, a status line rewritten in place and cleared at the end.
httpd_start gone "$TMP/later-routes"
kill "$httpd_pid_gone"; wait "$httpd_pid_gone" 2>/dev/null
dead="http://127.0.0.1:$httpd_port/health"
run health-probe --deadline 5s --interval 500ms "$dead"
is "$(printf '%s\n' "$err" | grep -c 'still waiting')" 1 "a long wait, no terminal: one line"
like "$err" "^health-probe: still waiting after 3s for '$dead' \([0-9]+ attempts\), last: connection refused$" \
	"a long wait, no terminal: what it waits for and the last failure"
run health-probe -q --deadline 4s --interval 500ms "$dead"
unlike "$err" "waiting" "a long wait, -q: no progress line"
run health-probe -v --deadline 4s --interval 500ms "$dead"
unlike "$err" "still waiting" "a long wait, -v: the attempts told instead"
run health-probe --deadline 5s "$base/ok"
unlike "$err" "waiting" "no wait: nothing said of one"
script -qec "health-probe --deadline 2s --interval 300ms '$dead' >/dev/null" /dev/null >"$TMP/tty" 2>&1
tty=$(tr '\r' '\n' <"$TMP/tty")
like "$tty" "health-probe: waiting [0-9]s for '$dead' \([0-9]+ attempts?\)" \
	"a terminal: what it waits for"
is "$(grep -c "$(printf '\r')" "$TMP/tty")" 1 "a terminal: the status line rewritten in place, on one line"
like "$(cat "$TMP/tty")" "$(printf '\r\033\\[K')health-probe: '$dead' failed after" \
	"a terminal: the status line cleared before the report"
done_testing
