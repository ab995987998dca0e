#!/bin/sh
# health-probe under faults: few descriptors and many URLs, malformed
# hosts, control characters in headers, an attempt the deadline ends.
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/httpd.sh"

cat >"$TMP/routes" <<'EOR'
GET /ok
  body {"status":"healthy"}
GET /slow
  delay 5s
  body late
EOR
httpd_start web "$TMP/routes"
base="http://127.0.0.1:$httpd_port"

# 500 URLs with 64 descriptors: as many transfers at once as they allow,
# the rest queued; every healthy server passes.
set --
i=0
while [ $i -lt 500 ]; do
	i=$((i + 1))
	set -- "$@" "$base/ok?n=$i"
done
out=$(ulimit -n 64 && health-probe --deadline 60s "$@" 2>"$TMP/many.err")
rc=$?
is "$rc" 0 "500 URLs, ulimit -n 64: exit 0"
is "$(jqr '[.results[] | select(.ok)] | length')" 500 "500 URLs, ulimit -n 64: all passed"
is "$(jqr '[.results[].attempts] | max')" 1 "500 URLs, ulimit -n 64: one attempt each"
is "$(grep -c '^GET /ok' "$TMP/web.log")" 500 "500 URLs: each requested once"
is "$(cat "$TMP/many.err")" "health-probe: 500 passed, 0 failed" "500 URLs: one line on stderr"

# No descriptor left even for one transfer: a local error, said as such,
# not the server's fault.
sh -c 'exec 3>&- 4>&- 5>&- 6>&- 7>&- 8>&- 9>&-; ulimit -n 5; exec health-probe "$1"' \
	- "$base/ok" >"$TMP/local.out" 2>"$TMP/local.err"
is "$?" 3 "no descriptor left: exit 3"
out=$(cat "$TMP/local.out")
is "$(jqr '.results[0].error')" "local error: Too many open files (the descriptor limit, ulimit -n)" \
	"no descriptor left: a local error"

# A malformed host is a usage error before any request.
: >"$TMP/web.log"
for host in "$(printf '\377\376')" 'a b' 'x%ffy' '' 'a!b' 'a%01b'; do
	run health-probe "$base/ok" "http://$host/"
	is "$rc" 2 "host '$host': exit 2"
	like "$err" "is not an http or https URL" "host '$host': said"
done
is "$(cat "$TMP/web.log")" "" "no request made"
run health-probe --timeout 100ms "$(printf 'http://b\303\274cher.example/')"
unlike "$err" "is not an http or https URL" "a UTF-8 host (IDN) is a host"

# Control characters in --header: refused, all of them but HTAB.
for c in 001 177 033 000; do
	[ $c = 000 ] && continue	# no NUL in an argument
	run health-probe --header "X-A: b$(printf "\\$c")c" "$base/ok"
	is "$rc" 2 "--header with \\$c: exit 2"
	like "$err" "^health-probe: --header: a control character \\(0x[0-9a-f]{2}\\) at byte 7 of 'X-A\\.\\.\\.'" \
		"--header with \\$c: said"
done
run health-probe --header "$(printf 'X-A: b\tc')" "$base/ok"
is "$rc" 0 "--header with a tab: accepted"

# An attempt the deadline ends is the last: none starts after it.
run health-probe --deadline 1s --interval 10ms "$base/slow"
is "$rc" 3 "cut by the deadline: exit 3"
is "$(jqr '.results[0].attempts')" 1 "cut by the deadline: one attempt, none after it"
like "$(jqr '.results[0].error')" '^timeout after (1s|9[0-9]{2}ms) \(the deadline\)$' \
	"cut by the deadline: the reason (what was left of the second)"

done_testing
