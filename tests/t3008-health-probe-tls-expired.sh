#!/bin/sh
# health-probe against an expired certificate served by a real Caddy:
# refused (exit 3) even with its CA trusted, accepted only with -k.
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/httpd.sh"

command -v caddy >/dev/null 2>&1 || skip_all "caddy is not installed"
command -v openssl >/dev/null 2>&1 || skip_all "openssl is not installed"

# A CA, and a certificate for expired.test that it signed and that
# expired a day ago.
cd "$TMP" || exit 1
{
	openssl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:P-256 -nodes \
	    -keyout ca.key -out ca.crt -days 30 -subj /CN=probe-test-ca &&
	openssl req -newkey ec -pkeyopt ec_paramgen_curve:P-256 -nodes \
	    -keyout leaf.key -out leaf.csr -subj /CN=expired.test &&
	printf 'subjectAltName=DNS:expired.test\n' >leaf.ext &&
	openssl x509 -req -in leaf.csr -CA ca.crt -CAkey ca.key \
	    -CAcreateserial -days -1 -extfile leaf.ext -out leaf.crt
} >openssl.log 2>&1 || { echo "Bail out! openssl: $(tail -n 3 openssl.log)"; exit 1; }
cd - >/dev/null || exit 1

cat >"$TMP/routes" <<'EOR'
GET /health
  body {"status":"healthy"}
EOR
httpd_start web "$TMP/routes"
backend=$httpd_port

printf 'GET /\n' >"$TMP/spare-routes"
httpd_start spare "$TMP/spare-routes"
port=$httpd_port
kill "$httpd_pid_spare"; wait "$httpd_pid_spare" 2>/dev/null

export XDG_DATA_HOME="$TMP/data" XDG_CONFIG_HOME="$TMP/config"
cat >"$TMP/caddy.json" <<EOC
{
  "admin": {"disabled": true},
  "storage": {"module": "file_system", "root": "$TMP/caddy"},
  "apps": {
    "http": {"servers": {"probe": {
      "listen": ["127.0.0.1:$port"],
      "protocols": ["h1", "h2"],
      "routes": [{"handle": [{"handler": "reverse_proxy",
                              "upstreams": [{"dial": "127.0.0.1:$backend"}]}]}],
      "tls_connection_policies": [{"certificate_selection": {"any_tag": ["expired"]}}],
      "automatic_https": {"disable": true}
    }}},
    "tls": {"certificates": {"load_files": [{"certificate": "$TMP/leaf.crt",
      "key": "$TMP/leaf.key", "tags": ["expired"]}]}}
  }
}
EOC
caddy run --config "$TMP/caddy.json" >"$TMP/caddy.log" 2>&1 &
caddy_pid=$!
at_exit "kill $caddy_pid 2>/dev/null; wait $caddy_pid 2>/dev/null"
url="https://expired.test:$port/health"
resolve="expired.test:$port:127.0.0.1"
tries=0
until curl -skf --resolve "$resolve" -o /dev/null "$url"; do
	tries=$((tries + 1))
	if [ $tries -gt 150 ]; then
		echo "Bail out! caddy did not come up: $(tail -n 5 "$TMP/caddy.log")"
		exit 1
	fi
	sleep 0.1
done

run health-probe --resolve "$resolve" --cacert "$TMP/ca.crt" "$url"
is "$rc" 3 "expired certificate, CA trusted: exit 3"
is "$(jqr '.results[0] | [.ok, .answered, .status] | @json')" "[false,false,null]" "never answered"
like "$(jqr '.results[0].error')" "^tls error: .*expired" "the error says the certificate expired"
like "$err" "failed after 1 attempt: tls error: .*expired" "and so does stderr"

run health-probe --resolve "$resolve" --cacert "$TMP/ca.crt" --deadline 1s --interval 200ms "$url"
is "$rc" 3 "an expired certificate is retried until the deadline, then exit 3"
ok "$([ "$(jqr '.results[0].attempts')" -ge 2 ]; echo $?)" "retried ($(jqr '.results[0].attempts') attempts)"

run health-probe --resolve "$resolve" -k --assert 'json.status == healthy' "$url"
is "$rc" 0 "-k accepts it"
done_testing
