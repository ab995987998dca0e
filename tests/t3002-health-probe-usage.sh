#!/bin/sh
# health-probe: every malformed option, spec, duration, expression and URL
# exits 2 with a message, before any request is sent.
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/httpd.sh"

printf 'GET /health\n  body ok\n' >"$TMP/routes"
httpd_start web "$TMP/routes"
url="http://127.0.0.1:$httpd_port/health"

bad() {
	# bad MESSAGE_REGEX ARG...: exit 2, message, usage, no stdout
	_want=$1
	shift
	run health-probe "$@"
	is "$rc" 2 "exit 2: $*"
	like "$err" "^health-probe: $_want" "message: $*"
	is "$out" "" "nothing on stdout: $*"
}

bad "no URL to probe"
bad "'ftp://x/' is not an http or https URL" ftp://x/
bad "'127.0.0.1:80/x' is not an http or https URL" 127.0.0.1:80/x
bad "'http://' is not an http or https URL" "http://"
bad "--timeout: 'soon' is not a duration" --timeout soon "$url"
bad "--timeout: '0' is too short" --timeout 0 "$url"
bad "--deadline: '-1s' is not a duration" --deadline -1s "$url"
bad "--interval: '1d' is not a duration" --interval 1d "$url"
bad "--connect-timeout: 'x' is not a duration" --connect-timeout x "$url"
bad "--stable-for: '' is not a duration" --stable-for '' "$url"
bad "--stable-for must be shorter than --deadline" --stable-for 10s --deadline 5s "$url"
bad "--stable-for must be shorter than --deadline" --stable-for 2s --deadline 2000ms "$url"
bad "--retries: '-1' is not a whole number" --retries -1 "$url"
bad "--success-threshold: '0' is not a whole number from 1" --success-threshold 0 "$url"
bad "--success-threshold: 'two' is not" --success-threshold two "$url"
bad "--expect-status '2x0': expected a status" --expect-status 2x0 "$url"
bad "--expect-status '299-200': a range must not run backwards" --expect-status 299-200 "$url"
bad "--expect-status '200,': expected a status" --expect-status 200, "$url"
bad "--expect-status '700': expected a status" --expect-status 700 "$url"
bad "--expect-status '200,201,[0-9,]*,232': too many items" \
	--expect-status "$(seq -s, 200 232)" "$url"
bad "--method: 'get' is not GET, HEAD, OPTIONS, POST, PUT, PATCH or DELETE" --method get "$url"
bad "--data: a HEAD request sends no body" --method HEAD --data x "$url"
bad "--read-only: --method POST may write" --read-only --method POST "$url"
bad "--read-only: --method POST may write" --read-only --data x "$url"
bad "--format: 'xml' is not json, tap or junit" --format xml "$url"
bad "--var 'x': expected NAME=VALUE" --var x "$url"
bad "--var '1x=2': a NAME is a letter" --var 1x=2 "$url"
bad "--assert 'json.v == \\\$V': undefined variable \\\$V" --assert 'json.v == $V' "$url"
bad "--base-url is for --checks" --base-url "$url" "$url"
bad "with --checks, a probe's options and URLs go in the checks file" --checks /dev/null --timeout 1s
bad "--header: 'NoColon' is not 'Name: value'" --header NoColon "$url"
bad "--header: ': v' is not 'Name: value'" --header ': v' "$url"
bad "--header: 'Bad Name: v' is not 'Name: value'" --header 'Bad Name: v' "$url"
bad "--resolve: 'host:80' is not HOST:PORT:ADDR" --resolve host:80 "$url"
bad "--resolve: 'host:x:1.2.3.4' is not HOST:PORT:ADDR" --resolve host:x:1.2.3.4 "$url"
bad "--resolve: 'host:70000:1.2.3.4' is not HOST:PORT:ADDR" --resolve host:70000:1.2.3.4 "$url"
bad "--resolve: 'new-slot' in 'host:80:new-slot' is not an IP address" --resolve host:80:new-slot "$url"
bad "--resolve: '' in 'host:80:' is not an IP address" --resolve host:80: "$url"
bad "--resolve: '1.2.3' in 'host:80:::1,1.2.3' is not an IP address" --resolve host:80:::1,1.2.3 "$url"
bad "--cacert: cannot read '$TMP/none.pem'" --cacert "$TMP/none.pem" "$url"
bad "--expect-version: '' is not a version" --expect-version '' "$url"
bad "option '--assert' needs a value" "$url" --assert
bad "--assert 'stat == 1': unknown subject 'stat'" --assert 'stat == 1' "$url"
bad "--assert 'status': expected an operator" --assert status "$url"
bad "--assert 'status = 200': use == to compare" --assert 'status = 200' "$url"
bad "--assert 'status == \"200\"': 'status' is a number" --assert 'status == "200"' "$url"
bad "--assert 'time_ms < fast': 'time_ms' is a number" --assert 'time_ms < fast' "$url"
bad "--assert 'size ~ 1': 'size' is a number: ~ and !~ are for strings" --assert 'size ~ 1' "$url"
bad "--assert 'body exists': 'body' always exists" --assert 'body exists' "$url"
bad "--assert 'body < 3': 'body' is a string" --assert 'body < 3' "$url"
bad "--assert 'header.content-length == 38': 'header.content-length' is a string: quote the value" \
	--assert 'header.content-length == 38' "$url"
bad "--assert 'json.a < \"b\"': < needs a number" --assert 'json.a < "b"' "$url"
bad "--assert 'json.a ~ \"\(\"': bad regular expression" --assert 'json.a ~ "("' "$url"
bad "--assert 'json.a == \"x': malformed JSON value" --assert 'json.a == "x' "$url"
bad "--assert 'json.a == \{': malformed JSON value" --assert 'json.a == {' "$url"
bad "--assert 'json.a == ': expected a value after '=='" --assert 'json.a == ' "$url"
bad "--assert 'json.a\[x\] == 1': expected \[N\]" --assert 'json.a[x] == 1' "$url"
bad "--assert 'json..a exists': expected a member name" --assert 'json..a exists' "$url"
bad "--assert 'json.a missing now': unexpected 'now'" --assert 'json.a missing now' "$url"
bad "--assert 'json.a =~ 1': use ==" --assert 'json.a =~ 1' "$url"
bad "--assert 'json.status !== \"down\"': unknown operator '!==' \(use !=\)" \
	--assert 'json.status !== "down"' "$url"
bad "--assert 'status === 200': unknown operator '===' \(use ==\)" \
	--assert 'status === 200' "$url"
bad "unknown option '--follow'" --follow "$url"

# A malformed expression after valid ones stops everything: nothing sent.
run health-probe --assert 'status == 200' "$url" --assert 'nope'
is "$rc" 2 "a late bad --assert: exit 2"
is "$(cat "$TMP/web.log" 2>/dev/null)" "" "no request was ever sent"

# 32 items are not too many.
run health-probe --expect-status "$(seq -s, 200 231)" "$url"
is "$rc" 0 "--expect-status with 32 items"

# Addresses as libcurl takes them.
run health-probe --resolve "example.test:$httpd_port:[::1],127.0.0.1" "http://example.test:$httpd_port/health"
is "$rc" 0 "--resolve with a bracketed IPv6 address and an IPv4 one"
done_testing
