#!/bin/sh
# health-probe --checks: smoke tests as data, against a real HTTP server on
# loopback: what each check sends, that every check runs and is reported,
# --var, --read-only, the TAP and JUnit reports, and bad checks files.
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/httpd.sh"

cat >"$TMP/routes" <<'EOR'
GET /health
  header Content-Type: application/json
  body {"status":"healthy","version":"1.2.0"}
OPTIONS /health
  status 204
GET /quoted
  header Content-Type: application/json
  body {"version":"1.\"2\\3'"}
POST /login
  status 401
  body no
GET /down
  status 503
GET /slow
  delay 1s
  body ok
EOR
# A port nothing listens on: a server's, once stopped.
httpd_start gone "$TMP/routes"
gone_port=$httpd_port
kill "$httpd_pid_gone"
wait "$httpd_pid_gone" 2>/dev/null
httpd_start web "$TMP/routes" -b "$TMP/web.body"
base="http://127.0.0.1:$httpd_port"
f="$TMP/smoke.checks"

# The request lines the server got, sorted.
requests() { grep -v '^ ' "$TMP/web.log" 2>/dev/null | sort; }

# Every check passes; each was sent as written.
cat >"$f" <<EOC
# smoke tests, as data
health   /health --assert 'json.status == "healthy"'   # the service
version  /health --assert 'json.version == \$VERSION' --header 'X-Smoke: yes'

login    /login --method POST --data 'user=smoke&x="1"' --expect-status 401 --header "Content-Type: text/plain"
options  $base/health --method OPTIONS --expect-status 204
EOC
: >"$TMP/web.log"
run health-probe --checks "$f" --base-url "$base/" --var VERSION=1.2.0
is "$rc" 0 "every check passes: exit 0"
is "$(jqr '[.schema, .ok, (.results | length)] | @json')" '["health-probe/1",true,4]' "the document"
is "$(jqr '[.results[].name] | @json')" '["health","version","login","options"]' \
	"one entry a check, in file order, with its name"
is "$(jqr '.results[2] | [.name, .url, .ok, .answered, .attempts, .status, .failures, .error] | @json')" \
	"[\"login\",\"$base/login\",true,true,1,401,[],null]" "a check's entry: exact fields"
is "$(jqr '.results[0] | keys_unsorted | @json')" \
	'["name","url","ok","answered","attempts","status","timings","failures","error"]' \
	"the name first, then the usual fields"
is "$(requests)" "$(printf '%s\n' 'GET /health' 'GET /health' 'OPTIONS /health' 'POST /login' | sort)" \
	"the server got each check's method and path once"
is "$(grep -c '^  X-Smoke: yes' "$TMP/web.log")" 1 "one request had version's --header"
is "$(grep -B 99 '^  X-Smoke: yes' "$TMP/web.log" | grep -v '^ ' | tail -n 1)" "GET /health" "and it was a GET"
like "$(sed -n '/^POST \/login/,/^[A-Z]/p' "$TMP/web.log")" "  Content-Type: text/plain" "login's Content-Type sent"
is "$(cat "$TMP/web.body")" "$(printf 'POST /login 16\nuser=smoke&x="1"')" "login's body, exactly"
like "$err" "^health-probe: ok   health \([0-9]+ms\)" "stderr: a line a check"
is "$(printf '%s\n' "$err" | sed -n 's/^health-probe: \(ok  \|FAIL\) \([a-z]*\) .*/\1 \2/p' | tr '\n' ,)" \
	"ok   health,ok   version,ok   login,ok   options," "stderr: every check, in order"
is "$(printf '%s\n' "$err" | tail -n 1)" "health-probe: 4 passed, 0 failed" "stderr: the summary"

# -q: no line for a check that passed.
run health-probe -q --checks "$f" --base-url "$base" --var VERSION=1.2.0
is "$rc,$err" "0," "-q: nothing on stderr when everything passed"

# Failures: every check runs and is reported, each with its own retries.
cat >"$f" <<'EOC'
version  /health --assert 'json.version == $VERSION' --assert 'status == 200'
down     /down --retries 2 --interval 50ms
down-once /down
health   /health --assert 'json.status == "healthy"'
EOC
: >"$TMP/web.log"
run health-probe --checks "$f" --base-url "$base" --var VERSION=1.3.0
is "$rc" 1 "some checks fail, every one answered: exit 1"
is "$(jqr '[.results[] | [.name, .ok, .attempts]] | @json')" \
	'[["version",false,1],["down",false,3],["down-once",false,1],["health",true,1]]' \
	"every check ran, each with its own retries"
is "$(jqr '.results[0].failures | @json')" \
	'[{"assert":"json.version == \"1.3.0\"","actual":"1.2.0","message":"json.version (\"1.2.0\") == \"1.3.0\""}]' \
	"the failed assertion, its actual value"
is "$(grep -c '^GET /down' "$TMP/web.log")" 4 "the server got down 3 times, down-once once"
is "$(grep -c '^GET /health' "$TMP/web.log")" 2 "and the checks after the failures"
like "$err" 'health-probe: FAIL version \([0-9]+ms\): json.version \("1.2.0"\) == "1.3.0"' \
	"stderr: FAIL, the name, the time, the assertion with the actual value"
like "$err" 'health-probe: FAIL down \([0-9]+ms, 3 attempts\): http 503' "stderr: the attempts"
like "$err" 'health-probe: ok   health \(' "stderr: the check after them passed"
is "$(printf '%s\n' "$err" | tail -n 1)" "health-probe: 1 passed, 3 failed" "stderr: the summary"
run health-probe -q --checks "$f" --base-url "$base" --var VERSION=1.3.0
unlike "$err" "ok   health" "-q: no line for a pass"
like "$err" "FAIL version" "-q: failures still said"

# A check that never answers: exit 3, the others still run.
printf 'gone http://127.0.0.1:%s/ --timeout 2s\nhealth /health\n' "$gone_port" >"$f"
run health-probe --checks "$f" --base-url "$base"
is "$rc" 3 "a check never answered: exit 3"
is "$(jqr '[.results[] | [.name, .ok, .answered, .error]] | @json')" \
	'[["gone",false,false,"connection refused"],["health",true,true,null]]' "both reported"

# Concurrent: ten checks of a second each take about one.
: >"$f"
for i in 1 2 3 4 5 6 7 8 9 10; do echo "slow$i /slow?n=$i" >>"$f"; done
start=$(date +%s)
run health-probe --checks "$f" --base-url "$base"
elapsed=$(($(date +%s) - start))
is "$rc" 0 "ten slow checks pass"
ok "$([ "$elapsed" -lt 6 ]; echo $?)" "at once, not one after another (${elapsed}s)"

# --var: a value with quotes and a backslash stays one JSON string.
printf '%s\n' "quoted /quoted --assert 'json.version == \$V' --assert 'body ~ \"2\"'" >"$f"
run health-probe --checks "$f" --base-url "$base" --var "V=1.\"2\\3'"
is "$rc" 0 "a value with quotes, a backslash and an apostrophe matches"
is "$(jqr '.results[0].ok')" true "ok"
run health-probe --checks "$f" --base-url "$base" --var 'V=1."2\3' --var "V=x\" || true"
is "$rc" 1 "the last --var counts, and cannot break out of its string"
is "$(jqr '.results[0].failures[0].assert')" 'json.version == "x\" || true"' "the assertion as evaluated"
run health-probe --checks "$f" --base-url "$base"
is "$rc" 2 "an undefined variable: exit 2"
is "$err" "$f:1:42: error: --assert 'json.version == \$V': undefined variable \$V (define it with --var V=VALUE)" \
	"an undefined variable: FILE:LINE:COL"

# --read-only refuses a writing method before any request.
printf '%s\n' "health /health" "options /health --method OPTIONS" "head /health --method HEAD" \
	"login /login --method POST --expect-status 401" >"$f"
: >"$TMP/web.log"
run health-probe --read-only --checks "$f" --base-url "$base"
is "$rc" 2 "--read-only and a POST: exit 2"
is "$err" "$f:4:23: error: --read-only: check 'login' sends POST (only GET, HEAD and OPTIONS are allowed)" \
	"--read-only: the check, FILE:LINE:COL"
is "$out" "" "--read-only: nothing on stdout"
is "$(cat "$TMP/web.log")" "" "--read-only: the server got no request at all"
printf 'health /health\nput /x --data y --method PUT\n' >"$f"
run health-probe --read-only --checks "$f" --base-url "$base"
like "$err" "^$f:2:26: error: --read-only: check 'put' sends PUT" "--read-only refuses PUT"
printf '%s\n' "health /health" "options /health --method OPTIONS --expect-status 204" "head /health --method=HEAD" >"$f"
run health-probe --read-only --checks "$f" --base-url "$base"
is "$rc" 0 "--read-only runs GET, HEAD and OPTIONS"
is "$(requests | tr '\n' ,)" "GET /health,HEAD /health,OPTIONS /health," "and sent them"

# TAP 13, read by Perl's TAP::Parser (the one prove uses), YAML included.
printf '%s\n' "health /health" "down /down" "'odd # name\\' /health --assert 'json.x == 1'" >"$f"
run health-probe --checks "$f" --base-url "$base" --format tap
is "$rc" 1 "--format tap: exit 1 for a failure"
printf '%s\n' "$out" >"$TMP/out.tap"
is "$(perl -MTAP::Parser -e '
	my $p = TAP::Parser->new({ source => $ARGV[0] });
	my (@r, $yaml);
	while (my $x = $p->next) {
		push @r, ($x->is_ok ? "ok" : "not ok") . " " . $x->number .
		    " " . $x->description if $x->is_test;
		$yaml .= "[" . $x->data->{error} . "|" .
		    ($x->data->{failures}[0]{actual} // "null") . "]" if $x->is_yaml;
	}
	print join(",", @r), ";", $p->version, ";", $p->plan, ";",
	    scalar($p->parse_errors), ";", $yaml, "\n";' "$TMP/out.tap")" \
	"ok 1 - health,not ok 2 - down,not ok 3 - odd \\# name\\\\;13;1..3;0;[http 503|503][json.x (missing) == 1|null]" \
	"TAP: version 13, the plan, a test a check, YAML blocks, no parse error"

# JUnit XML: well-formed (xmllint), every check a testcase, escaped.
printf '%s\n' "health /health" "down /down" "\"a<b&\\\"c'\" /health --assert 'body ~ \"<&>\"'" \
	"gone http://127.0.0.1:$gone_port/" >"$f"
run health-probe --checks "$f" --base-url "$base" --format junit
is "$rc" 3 "--format junit: exit 3 for a check never answered"
printf '%s\n' "$out" >"$TMP/out.xml"
xp() { xmllint --xpath "$1" "$TMP/out.xml" 2>&1; }
is "$(xmllint --noout "$TMP/out.xml" 2>&1; echo $?)" 0 "JUnit: well-formed XML"
is "$(xp 'string(/testsuites/testsuite/@tests)'),$(xp 'string(/testsuites/testsuite/@failures)'),$(xp 'string(/testsuites/testsuite/@errors)')" \
	"4,2,1" "JUnit: 4 tests, 2 failures, 1 error"
is "$(xp 'count(//testcase[not(*)])')" 1 "JUnit: one testcase passed"
is "$(xp 'string(//testcase[3]/@name)')" "a<b&\"c'" "JUnit: the name escaped, read back as given"
is "$(xp 'string(//testcase[3]/failure/@message)')" 'body ("{\"status\":\"healthy\",\"version\":\"1.2.0\"}") ~ "<&>"' \
	"JUnit: the failure's message escaped, read back"
is "$(xp 'string(//testcase[@name="down"]/failure/@message)')" "http 503" "JUnit: down's failure"
is "$(xp 'string(//testcase[@name="gone"]/error/@message)')" "connection refused" "JUnit: gone is an error"
like "$(xp 'string(//testcase[@name="down"]/failure)')" "url: $base/down" "JUnit: the failure's details"

# Bad checks files: exit 2, FILE:LINE:COL, nothing sent, nothing on stdout.
bad_file() {
	# bad_file TEXT WANT [ARG...]
	printf '%s\n' "$1" >"$f"
	_want=$2
	shift 2
	: >"$TMP/web.log"
	run health-probe --checks "$f" "$@"
	is "$rc" 2 "exit 2: $_want"
	is "$err" "$f:$_want" "message: $_want"
	is "$out$(cat "$TMP/web.log")" "" "nothing sent, nothing on stdout: $_want"
}
bad_file "ok /health
bad /health --nope" "2:13: error: unknown option '--nope'" --base-url "$base"
bad_file "a /health --assert 'status == 200" "1:20: error: unterminated single quote" --base-url "$base"
bad_file "a /health --timeout" "1:11: error: option '--timeout' needs a value" --base-url "$base"
bad_file "a /health --retries -1" "1:21: error: --retries: '-1' is not a whole number from 0" --base-url "$base"
bad_file "  --timeout 2s /health" "1:3: error: a check starts with its name, not with '--timeout'" --base-url "$base"
bad_file "a --timeout 2s" "1:1: error: check 'a' has no URL or path" --base-url "$base"
bad_file "a /health" "1:3: error: the path '/health' needs --base-url (or give a full URL)"
bad_file "a health" "1:3: error: 'health' is neither a URL nor a path starting with '/'" --base-url "$base"
bad_file "a /x
a /y" "2:1: error: a check named 'a' is on line 1 already" --base-url "$base"
bad_file "a /x --assert 'json.a > 1' > out" \
	"1:28: error: shell operator: quote it, or run the command through sh -c explicitly" --base-url "$base"
bad_file "# nothing" "1:1: error: no checks in the file" --base-url "$base"
run health-probe --checks "$TMP/none.checks"
is "$rc" 2 "a missing checks file: exit 2"
like "$err" "^health-probe: cannot read '$TMP/none.checks'" "a missing checks file: said"

# The command line around --checks.
printf 'health /health\n' >"$f"
run health-probe --checks "$f" --base-url "$base" "$base/health"
is "$rc" 2 "--checks and a URL: exit 2"
like "$err" "with --checks, a probe's options and URLs go in the checks file" "--checks and a URL: said"
run health-probe --checks "$f" --base-url "$base?x=1"
like "$err" "^health-probe: --base-url: '$base\?x=1' has a query" "--base-url with a query"
run_stdin "$f" health-probe --checks - --base-url "$base"
is "$(jqr '.results[0].name')" health "--checks - reads standard input"
done_testing
