#!/bin/sh
# health-probe at its edges: a deadline that cuts the attempt in flight,
# redirects to other schemes, secrets kept out of every output, several
# URLs with mixed outcomes, --cacert checked before any request, options
# in any order.
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/httpd.sh"

cat >"$TMP/routes" <<'EOR'
GET /ok
  body {"status":"healthy"}
GET /v
  body {"version":"1.2.0","git_commit":"1a2b3c"}
GET /down
  status 503
GET /slow
  delay 20s
  body late
GET /d300
  delay 300ms
  body ok
GET /slow-503
  delay 2s
  status 503
GET /to-file
  status 302
  header Location: file:///etc/passwd
GET /to-ftp
  status 301
  header Location: ftp://127.0.0.1/x
GET /elsewhere
  status 302
  header Location: http://localhost:$PORT/ok
EOR
httpd_start web "$TMP/routes"
base="http://127.0.0.1:$httpd_port"

# A free port nothing listens on.
printf 'GET /\n' >"$TMP/spare-routes"
httpd_start spare "$TMP/spare-routes"
dead="http://127.0.0.1:$httpd_port/health"
kill "$httpd_pid_spare"; wait "$httpd_pid_spare" 2>/dev/null

# The deadline ends the attempt in flight, whatever --timeout says.
start=$(date +%s)
run health-probe --deadline 2s --timeout 30s "$base/slow"
elapsed=$(($(date +%s) - start))
is "$rc" 3 "a deadline shorter than the timeout: exit 3"
is "$(jqr '.results[0].attempts')" 1 "one attempt"
like "$(jqr '.results[0].error')" '^timeout after (2s|1[0-9]{3}ms) \(the deadline\)$' \
	"the attempt was cut at the deadline, and says so"
ok "$([ "$elapsed" -lt 15 ]; echo $?)" "ended by the deadline, not the timeout (${elapsed}s)"
run health-probe --timeout 1s "$base/slow"
is "$(jqr '.results[0].error')" "timeout after 1s" "without a deadline, the timeout"
# The attempt cut at the deadline does not hide why the one before failed.
run health-probe --deadline 3s --interval 100ms --timeout 10s "$base/slow-503"
is "$rc" 1 "503, then cut at the deadline: exit 1 (it answered)"
like "$(jqr '.results[0].error')" '^timeout after [0-9]+m?s \(the deadline\); before it: http 503$' \
	"the reason of the attempt before is kept"

# Timings in milliseconds, as curl -w reports them: the server waits
# 300 ms before its headers.
run health-probe --assert 'time_ms >= 300' "$base/d300"
is "$rc" 0 "time_ms counts the server's 300 ms"
is "$(jqr '.results[0].timings | (.first_byte >= 300 and .first_byte < 10000 and .total >= .first_byte and .connect <= .first_byte)')" \
	true "first_byte after the 300 ms delay, in milliseconds"
if command -v curl >/dev/null 2>&1; then
	curl_ms=$(curl -s -o /dev/null -w '%{time_starttransfer}' "$base/d300" | awk '{ printf "%d", $1 * 1000 }')
	ok "$([ "$curl_ms" -ge 300 ] && [ "$(jqr '.results[0].timings.first_byte | floor')" -ge 300 ]; echo $?)" \
		"the same scale as curl -w time_starttransfer (${curl_ms}ms)"
fi

# Redirects: only to http and https, and the server answered (exit 1).
for p in to-file to-ftp; do
	run health-probe -L "$base/$p"
	is "$rc" 1 "-L to a scheme not http(s): exit 1 ($p)"
	is "$(jqr '.results[0] | [.answered, .status] | @json')" "[true,30$([ $p = to-file ] && echo 2 || echo 1)]" \
		"the redirect is the reply ($p)"
done
is "$(jqr '.results[0].error')" "redirect to 'ftp://127.0.0.1/x' refused: not http or https" \
	"the refused redirect is named"
run health-probe -L "$base/to-file"
is "$(jqr '.results[0].error')" "redirect to 'file:///etc/passwd' refused: not http or https" \
	"the redirect to a file was refused, not followed"

# Secrets: a header's value and a URL's password are never shown; the
# header does not follow a redirect to another host.
: >"$TMP/web.log"
run health-probe -v -L --header 'Authorization: Bearer s3cr3t-t0k3n' \
	"$base/elsewhere" "http://bob:pa55w0rd@127.0.0.1:${base##*:}/down"
is "$rc" 1 "secrets: exit 1 (one URL is down)"
unlike "$out$err" "s3cr3t-t0k3n|pa55w0rd" "neither secret in stdout or stderr"
is "$(jqr '.results[1].url')" "http://***@127.0.0.1:${base##*:}/down" "the user name and password are masked in the URL"
like "$err" "'http://\*\*\*@127.0.0.1:[0-9]+/down' failed after 1 attempt: http 503" \
	"and on stderr"
is "$(grep -c 'Authorization: Bearer s3cr3t-t0k3n' "$TMP/web.log")" 2 \
	"the header was sent to the hosts asked for"
is "$(sed -n '/^GET \/ok$/,/^[^ ]/p' "$TMP/web.log" | grep -c Authorization)" 0 \
	"but not to the host a redirect pointed at"
run health-probe 'ftp://bob:pa55w0rd@127.0.0.1/'
is "$rc" 2 "a URL that is not http: exit 2"
like "$err" "'ftp://\*\*\*@127.0.0.1/' is not an http or https URL" "its password masked too"
run health-probe 'http://bob:pa@55w0rd@127.0.0.1/'
unlike "$err" "55w0rd" "a password holding '@' is masked whole"

# Several URLs, mixed outcomes: each judged alone, one stderr line each
# failed URL, exit 3 when one never answered.
run health-probe "$base/ok" "$dead" "$base/down"
is "$rc" 3 "pass, refused, 503: exit 3"
is "$(jqr '[.ok, (.results[] | [.ok, .answered, .error])] | @json')" \
	'[false,[true,true,null],[false,false,"connection refused"],[false,true,"http 503"]]' \
	"each result"
is "$(printf '%s\n' "$err" | sed "s|$base|BASE|; s|$dead|DEAD|")" \
	"health-probe: 'DEAD' failed after 1 attempt: connection refused
health-probe: 'BASE/down' failed after 1 attempt: http 503" "one stderr line per failed URL, in order"
run health-probe "$base/down" "$base/ok"
is "$rc" 1 "pass and 503: exit 1"

# Options after URLs and after --.
run health-probe "$base/down" --expect-status 503
is "$rc" 0 "an option after the URL applies"
run health-probe --expect-status 503 -- "$base/down"
is "$rc" 0 "-- ends the options"
run health-probe -- --timeout
is "$rc" 2 "after --, an option is a URL"
like "$err" "'--timeout' is not an http or https URL" "and refused as one"

# The last --expect-version counts, as for every option: never either.
run health-probe --expect-version 1.3.0 --expect-version 1.2.0 "$base/v"
is "$rc" 0 "--expect-version given twice: the last one counts"
run health-probe --expect-version 1.2.0 --expect-version 1.3.0 "$base/v"
is "$rc" 1 "--expect-version given twice: not either one"
is "$(jqr '.results[0].failures | map([.assert, .message]) | @json')" \
	'[["--expect-version 1.3.0","json.version (\"1.2.0\") == \"1.3.0\""]]' "the last one is checked"

# --cacert is checked before anything is sent.
: >"$TMP/web.log"
mkdir "$TMP/dir"
printf 'not a certificate\n' >"$TMP/garbage.pem"
for f in "$TMP/dir" "$TMP/garbage.pem" "$TMP/none.pem"; do
	run health-probe --cacert "$f" "$base/ok"
	is "$rc" 2 "--cacert ${f##*/}: exit 2"
	is "$out" "" "--cacert ${f##*/}: nothing on stdout"
done
like "$err" "^health-probe: --cacert: cannot read '$TMP/none.pem': No such file" "a missing file"
run health-probe --cacert "$TMP/garbage.pem" "$base/ok"
like "$err" "^health-probe: --cacert: '$TMP/garbage.pem' holds no PEM certificate" "a file that is no certificate"
run health-probe --cacert "$TMP/dir" "$base/ok"
like "$err" "^health-probe: --cacert: cannot read '$TMP/dir'" "a directory"
run health-probe --cacert - "$base/ok" </dev/null
is "$rc" 2 "--cacert -: exit 2"
like "$err" "^health-probe: --cacert: '-' is not a file \(say \./-\)" \
	"--cacert -: not standard input"
is "$(cat "$TMP/web.log")" "" "no request was sent"
done_testing
