#!/bin/sh
# health-probe against servers that lie: a Content-Length that does not
# match the body, a cut chunked body, JSON that is not quite JSON
# (trailing garbage, duplicate names, too large), bytes that are not
# UTF-8, repeated headers, a trailer, a HEAD answered with a body. None
# may pass for healthy, every failure says why and the output stays valid
# JSON.
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/httpd.sh"

crlf() { printf '%s\r\n' "$@"; }
crlf 'HTTP/1.1 200 OK' 'Transfer-Encoding: chunked' 'Connection: close' '' \
	'14' '{"status":"healthy"}' >"$TMP/chunk-cut.raw"
crlf 'HTTP/1.1 200 OK' 'Transfer-Encoding: chunked' '' \
	'zz' '{"status":"healthy"}' '0' '' >"$TMP/chunk-bad.raw"
crlf 'HTTP/1.1 200 OK' 'Content-Length: 2' '' >"$TMP/head-body.raw"
crlf 'HTTP/1.1 200 OK' 'Transfer-Encoding: chunked' 'X-Head: h' '' \
	'2' 'ok' '0' 'X-Trailer: t' '' >"$TMP/trailer.raw"
crlf 'hello, this is not HTTP' '' >"$TMP/not-http.raw"
printf 'ok' >>"$TMP/head-body.raw"
printf '{"status":"h\377ealthy"}' >"$TMP/latin1.json"
# A valid JSON document one byte over 1 MiB, "healthy" at its start.
awk 'BEGIN { printf "{\"status\":\"healthy\",\"pad\":\""
	for (i = 0; i < 1048576 - 28; i++) printf "x"
	printf "\"}" }' >"$TMP/big.json"

cat >"$TMP/routes" <<EOR
GET /ok
  body {"status":"healthy"}
GET /long-length
  header Content-Length: 100
  header Connection: close
  body {"status":"healthy"}
GET /short-length
  header Content-Length: 5
  body {"status":"healthy"}
GET /chunk-cut
  raw-file $TMP/chunk-cut.raw
GET /chunk-bad
  raw-file $TMP/chunk-bad.raw
GET /trailing
  header Content-Type: application/json
  body {"status":"healthy"} x
GET /duplicate
  header Content-Type: application/json
  body {"status":"down","status":"healthy"}
GET /bigint
  body {"id":123456789012345678901234567890,"status":"healthy"}
GET /big
  body-file $TMP/big.json
GET /latin1
  header X-Name: caf$(printf '\351')
  body-file $TMP/latin1.json
GET /repeated
  header X-Status: ok
  header X-Status: failing
GET /empty
  status 200
GET /nocontent
  status 204
HEAD /head-body
  raw-file $TMP/head-body.raw
GET /not-http
  raw-file $TMP/not-http.raw
GET /trailer
  raw-file $TMP/trailer.raw
EOR
httpd_start web "$TMP/routes"
base="http://127.0.0.1:$httpd_port"

# A body shorter than its Content-Length: never a reply, exit 3.
run health-probe --timeout 5s "$base/long-length"
is "$rc" 3 "body shorter than Content-Length: exit 3"
is "$(jqr '.results[0] | [.ok, .answered] | @json')" "[false,false]" "not a complete reply"
is "$(jqr '.results[0].error')" "body cut short: transfer closed with 80 bytes remaining to read" \
	"says the body was cut short"
like "$err" "failed after 1 attempt: body cut short" "stderr says so too"

# A body longer than its Content-Length: curl reads what was announced.
run health-probe --assert 'json.status == healthy' --assert 'size == 5' "$base/short-length"
is "$rc" 1 "body longer than Content-Length: the announced bytes only"
is "$(jqr '.results[0].error')" 'json.status (body is not JSON) == "healthy"' \
	"the first 5 bytes are not JSON"

# Chunked encoding cut short, or malformed.
run health-probe --timeout 5s "$base/chunk-cut"
is "$rc" 3 "chunked body cut short: exit 3"
like "$(jqr '.results[0].error')" "^body cut short: " "chunked body cut short: named"
run health-probe --timeout 5s "$base/chunk-bad"
is "$rc" 3 "malformed chunked encoding: exit 3"
like "$(jqr '.results[0].error')" "chunked" "malformed chunked encoding: named"

# Something that is not HTTP at all.
run health-probe --timeout 5s "$base/not-http"
is "$rc" 3 "a reply that is not HTTP: exit 3"
is "$(jqr '.results[0].error')" "not an http reply: Received HTTP/0.9 when not allowed" \
	"a reply that is not HTTP: named"

# JSON that is not quite JSON is not JSON.
run health-probe --assert 'json.status == healthy' "$base/trailing"
is "$rc" 1 "trailing garbage after the JSON: exit 1"
is "$(jqr '.results[0].error')" 'json.status (body is not JSON) == "healthy"' "trailing garbage: not JSON"
run health-probe --assert 'json.status == healthy' "$base/duplicate"
is "$rc" 1 "a duplicate member name: exit 1, never healthy"
is "$(jqr '.results[0].error')" 'json.status (body is not JSON) == "healthy"' "duplicate name: not JSON"
run health-probe --assert 'json.status == healthy' --assert 'json.id exists' "$base/bigint"
is "$rc" 0 "an integer beyond 64 bits is still JSON"
run health-probe --assert 'json.id > 1e29' "$base/bigint"
is "$(jqr '.results[0].error')" \
	'json.id (inexact: an integer beyond 64 bits in the body) > 1e29' \
	"but no number from 2^53 on passes a comparison: it may be inexact"

# Over 1 MiB: JSON not parsed, and only a match in the first MiB holds.
run health-probe --assert 'json.status == healthy' --assert 'body !~ zzz' \
	--assert 'body ~ "^[{]\"status\":\"healthy\""' --assert 'size == 1048577' "$base/big"
is "$rc" 1 "a body over 1 MiB: exit 1"
is "$(jqr '.results[0].failures | map(.message) | @json')" \
	'["json.status (body larger than 1 MiB) == \"healthy\"","body (larger than 1 MiB) !~ \"zzz\""]' \
	"says the body is too large, not that it is not JSON"

# Bytes that are not UTF-8: matched raw, shown repaired, output valid JSON.
run health-probe --assert 'header.x-name == "cafe"' --assert 'body == x' \
	--assert 'header.x-name ~ "^caf.$"' --assert 'json.status exists' "$base/latin1"
is "$rc" 1 "bytes that are not UTF-8: exit 1"
fffd=$(printf '\357\277\275')
is "$(jqr '.results[0].failures | map(.actual) | @json')" \
	"[\"caf$fffd\",\"{\\\"status\\\":\\\"h${fffd}ealthy\\\"}\",null]" \
	"actual values repaired with U+FFFD"
is "$(jqr '.results[0].failures[2].message')" 'json.status (body is not JSON) exists' \
	"a body that is not UTF-8 is not JSON"
printf '%s' "$out" | jq -e . >/dev/null 2>&1
is "$?" 0 "the output is valid JSON"
like "$err" "failed after 1 attempt: header.x-name" "stderr names the failure"

# A repeated header is all its values, never only the first.
run health-probe --assert 'header.x-status == ok' "$base/repeated"
is "$rc" 1 "a repeated header does not pass on its first value"
is "$(jqr '.results[0].error')" 'header.x-status ("ok, failing") == "ok"' "values joined as RFC 9110 says"
run health-probe --assert 'header.x-status ~ "(^|, )failing(,|$)"' "$base/repeated"
is "$rc" 0 "each value can be matched"

# A trailer after a chunked body is no header: the service did not send
# it with the status.
run health-probe --assert 'header.x-head == h' --assert 'header.x-trailer exists' \
	"$base/trailer"
is "$rc" 1 "a trailer does not pass for a header"
is "$(jqr '.results[0].error')" 'header.x-trailer (missing) exists' "the trailer is not seen"
run health-probe --assert 'header.x-trailer missing' --assert 'body == ok' \
	--success-threshold 2 --interval 50ms "$base/trailer"
is "$rc" 0 "nor on the next attempt"

# Empty bodies.
run health-probe --assert 'json exists' "$base/empty"
is "$(jqr '.results[0].error')" 'json (body is not JSON) exists' "an empty body is not JSON"
run health-probe --assert 'size == 0' --assert 'body == ""' "$base/nocontent"
is "$rc" 0 "204: an empty body"

# A HEAD answered with a body: the stray bytes never poison the next
# attempt on the same connection.
run health-probe --method HEAD --success-threshold 3 --interval 50ms \
	--assert 'header.content-length == "2"' --assert 'size == 0' "$base/head-body"
is "$rc" 0 "HEAD answered with a body: every attempt passes"
is "$(jqr '.results[0].attempts')" 3 "three attempts"
is "$(grep -c '^HEAD /head-body$' "$TMP/web.log")" 3 "three requests reached the server"
done_testing
