#!/bin/sh
# The scriptable test server (tests/helpers/httpd.c), checked with curl:
# every feature other tests rely on.
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/httpd.sh"

printf 'file body on $PORT\n' >"$TMP/body.txt"
cat >"$TMP/routes" <<EOR
# a comment, then a blank line

GET /health
  status 200
  header Content-Type: application/json
  body {"status":"healthy","version":"1.2.0"}
GET /flaky
  status 503
  body down
then
  status 200
  body up
GET /slow?x=1
  delay 300ms
  body slow
GET /slow
  body any query
GET /stall
  body 0123456789
  stall 600ms
GET /drop
  close
GET /rst
  reset
GET /moved
  status 302
  header Location: /health
GET /abs
  header Link: <http://127.0.0.1:\$PORT/next>; rel="next"
  body port \$PORT
GET /file
  body-file $TMP/body.txt
GET /lines
  body one
  body two
GET /teapot
  status 418 I'm a teapot
GET /liar
  header Content-Length: 100
  header Connection: close
  body short
* /any
  status 201
  body any method
EOR
httpd_start web "$TMP/routes"
base="http://127.0.0.1:$httpd_port"
like "$httpd_port" '^[0-9]+$' "port file holds a number"

c() { run curl -sS -o "$TMP/body" -D "$TMP/head" -w '%{http_code}' "$@"; }

c "$base/health"
is "$out" 200 "status 200"
is "$(cat "$TMP/body")" '{"status":"healthy","version":"1.2.0"}' "body"
like "$(cat "$TMP/head")" 'Content-Type: application/json' "header sent"
like "$(cat "$TMP/head")" 'Content-Length: 38' "content length added"

c "$base/flaky"; is "$out" 503 "then: first response"
is "$(cat "$TMP/body")" down "then: first body"
c "$base/flaky"; is "$out" 200 "then: second response"
c "$base/flaky"; is "$out" 200 "then: the last response repeats"
is "$(cat "$TMP/body")" up "then: the last body repeats"

c "$base/slow?x=1"
is "$(cat "$TMP/body")" slow "target with a query matches exactly"
c "$base/slow?x=2"
is "$(cat "$TMP/body")" "any query" "other query falls to the path route"
c "$base/slow"
is "$(cat "$TMP/body")" "any query" "no query matches the path route"
run curl -sS -o /dev/null -w '%{time_starttransfer}' "$base/slow?x=1"
ok "$(awk -v t="$out" 'BEGIN { exit !(t >= 0.28) }'; echo $?)" "delay holds the headers back ($out s)"

run curl -sS --max-time 0.4 "$base/stall"
is "$rc" 28 "stall: a client timeout mid-body"
is "$out" 01234 "stall: half the body came before the stall"
run curl -sS "$base/stall"
is "$out" 0123456789 "stall: the rest follows"

run curl -sS "$base/drop"
is "$rc" 52 "close: empty reply"
run curl -sS "$base/rst"
is "$rc" 56 "reset: connection reset"

c "$base/moved"; is "$out" 302 "redirect status"
like "$(cat "$TMP/head")" 'Location: /health' "redirect location"
run curl -sS -L "$base/moved"
is "$out" '{"status":"healthy","version":"1.2.0"}' "redirect followed by curl -L"

c "$base/abs"
is "$(cat "$TMP/body")" "port $httpd_port" "\$PORT in a body"
like "$(cat "$TMP/head")" "Link: <http://127.0.0.1:$httpd_port/next>" "\$PORT in a header"
c "$base/file"
is "$(cat "$TMP/body")" "file body on $httpd_port" "body-file"
c "$base/lines"
is "$(cat "$TMP/body")" "one
two" "body lines joined"
c "$base/teapot"
is "$out" 418 "custom status"
like "$(cat "$TMP/head")" "HTTP/1.1 418 I'm a teapot" "custom reason"
run curl -sS --max-time 5 "$base/liar"
is "$rc" 18 "a lying Content-Length: partial transfer"

c "$base/nowhere"; is "$out" 404 "unknown target: 404"
is "$(wc -c <"$TMP/body" | tr -d ' ')" 0 "404 has an empty body"
c -X POST "$base/health"; is "$out" 404 "method must match"
c -X POST -d 'x=1' "$base/any"; is "$out" 201 "* matches any method"
c -X DELETE "$base/any"; is "$out" 201 "* matches DELETE"

run curl -sS -I "$base/health"
like "$out" 'HTTP/1.1 200' "HEAD answered by the GET route"
like "$out" 'Content-Length: 38' "HEAD keeps the GET length"

: >"$TMP/web.log"
run curl -sS -H 'Authorization: Bearer xyz' -H 'Accept: application/vnd.github+json' \
	"$base/repos/o/r?per_page=100"
is "$(cat "$TMP/web.log")" "GET /repos/o/r?per_page=100
  Host: 127.0.0.1:$httpd_port
  User-Agent: curl/$(curl -V | sed -n '1s/^curl \([^ ]*\).*/\1/p')
  Authorization: Bearer xyz
  Accept: application/vnd.github+json" "every request logged with its headers"

: >"$TMP/web.conn"
run curl -sS "$base/health" "$base/health" "$base/health"
is "$(cut -d' ' -f1 "$TMP/web.conn" | sort -u | wc -l | tr -d ' ')" 1 "keep-alive: one connection for three requests"
: >"$TMP/web.conn"
run curl -sS -H 'Connection: close' "$base/health" "$base/health"
is "$(cut -d' ' -f1 "$TMP/web.conn" | sort -u | wc -l | tr -d ' ')" 2 "Connection: close honoured"
run curl -sS -0 "$base/health" "$base/health"
is "$out" '{"status":"healthy","version":"1.2.0"}{"status":"healthy","version":"1.2.0"}' "HTTP/1.0 served"

# Many connections at once, each delayed: all answered.
httpd_routes "$TMP/routes" 'GET /wait
  delay 200ms
  body w'
i=0; : >"$TMP/urls"
while [ $i -lt 100 ]; do i=$((i + 1)); echo "url = \"$base/wait?n=$i\"" >>"$TMP/urls"; done
run curl -sS --parallel --parallel-max 100 -K "$TMP/urls"
is "$(printf '%s' "$out" | tr -cd w | wc -c | tr -d ' ')" 100 "100 concurrent delayed requests answered"

# Rewriting the routes takes effect at the next request and resets counters.
httpd_routes "$TMP/routes" 'GET /flaky
  status 500
then
  status 204'
c "$base/flaky"; is "$out" 500 "reloaded routes used, counter reset"
c "$base/flaky"; is "$out" 204 "reloaded: second response"
c "$base/health"; is "$out" 404 "reloaded: old routes gone"
httpd_routes "$TMP/routes" 'GET /flaky
  frobnicate'
c "$base/flaky"; is "$out" 204 "a broken rewrite keeps the previous routes"
like "$(cat "$TMP/web.err")" "routes:2: unknown directive" "a broken rewrite is reported"

# Bad routes or options at start: exit 2 and a message.
printf 'GET /x\n  status abc\n' >"$TMP/bad"
run httpd -r "$TMP/bad"
is "$rc" 2 "malformed routes: exit 2"
like "$err" "bad:2: status needs a number" "malformed routes: file and line"
run httpd
is "$rc" 2 "no routes: exit 2"
like "$err" "usage: httpd" "usage"

# SIGTERM stops it with status 0.
kill "$httpd_pid_web"
wait "$httpd_pid_web"
is "$?" 0 "SIGTERM: exit 0"
run curl -sS "$base/health"
is "$rc" 7 "nothing listens after SIGTERM"
# cgi: a CGI program answers, with the request (a chunked body decoded)
# in its environment and on its standard input.
cat >"$TMP/cgi.sh" <<'EOS'
#!/bin/sh
printf 'Status: 201 Made\r\nX-Method: %s\r\n\r\n' "$REQUEST_METHOD"
printf '%s|%s|%s|%s|' "$PATH_INFO" "$QUERY_STRING" "$CONTENT_LENGTH" "$HTTP_GIT_PROTOCOL"
cat
EOS
chmod +x "$TMP/cgi.sh"
printf 'POST /cgi\n  cgi %s\n' "$TMP/cgi.sh" >"$TMP/cgi.routes"
httpd_start cgi "$TMP/cgi.routes"
run curl -sS -i -H 'Transfer-Encoding: chunked' -H 'Git-Protocol: version=2' \
	--data-binary 'hello chunks' "http://127.0.0.1:$httpd_port/cgi?a=1"
like "$out" "^HTTP/1.1 201 " "cgi: the status of its Status header"
like "$out" "X-Method: POST" "cgi: its headers"
like "$out" "/cgi\|a=1\|12\|version=2\|hello chunks$" "cgi: path, query, length, Git-Protocol and the body decoded"
run curl -sS --data-binary 'plain' "http://127.0.0.1:$httpd_port/cgi"
is "$out" "/cgi||5||plain" "cgi: a body with Content-Length"
done_testing
