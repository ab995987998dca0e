#!/bin/sh
# health-probe over TLS through a real Caddy with its internal CA on
# 127.0.0.1: verified by default, refused when the CA is unknown, accepted
# with --cacert, skipped with -k; a name the certificate does not cover
# is refused, and so is an expired certificate (made with openssl) even
# when its CA is trusted.
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/httpd.sh"

command -v caddy >/dev/null 2>&1 || skip_all "caddy is not installed"
command -v openssl >/dev/null 2>&1 || skip_all "openssl is not installed"

# A CA, and a certificate for expired.test that it signed and that
# expired a day ago.
(
	cd "$TMP" &&
	openssl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:P-256 -nodes \
	    -keyout ca.key -out ca.crt -days 30 -subj /CN=probe-test-ca &&
	openssl req -newkey ec -pkeyopt ec_paramgen_curve:P-256 -nodes \
	    -keyout leaf.key -out leaf.csr -subj /CN=expired.test &&
	printf 'subjectAltName=DNS:expired.test\n' >leaf.ext &&
	openssl x509 -req -in leaf.csr -CA ca.crt -CAkey ca.key \
	    -CAcreateserial -days -1 -extfile leaf.ext -out leaf.crt
) >"$TMP/openssl.log" 2>&1 ||
	{ echo "Bail out! openssl: $(tail -n 3 "$TMP/openssl.log")"; exit 1; }

cat >"$TMP/routes" <<'EOR'
GET /health
  header Content-Type: application/json
  body {"status":"healthy","version":"2.0.0"}
EOR
httpd_start web "$TMP/routes"
backend=$httpd_port

# Free ports for Caddy: let the kernel pick them for servers, then stop them.
printf 'GET /\n' >"$TMP/spare-routes"
httpd_start spare "$TMP/spare-routes"
port=$httpd_port
httpd_start spare2 "$TMP/spare-routes"
expired_port=$httpd_port
kill "$httpd_pid_spare" "$httpd_pid_spare2"
wait "$httpd_pid_spare" "$httpd_pid_spare2" 2>/dev/null

# Caddy keeps everything under $TMP: never the system trust store, admin
# API off, nothing but 127.0.0.1:$port.
export XDG_DATA_HOME="$TMP/data" XDG_CONFIG_HOME="$TMP/config"
cat >"$TMP/caddy.json" <<EOC
{
  "admin": {"disabled": true},
  "storage": {"module": "file_system", "root": "$TMP/caddy"},
  "apps": {
    "http": {
      "servers": {
        "probe": {
          "listen": ["127.0.0.1:$port"],
          "protocols": ["h1", "h2"],
          "routes": [{
            "match": [{"host": ["localhost"]}],
            "handle": [{"handler": "reverse_proxy",
                        "upstreams": [{"dial": "127.0.0.1:$backend"}]}]
          }],
          "tls_connection_policies": [{}],
          "automatic_https": {"disable_redirects": true}
        },
        "expired": {
          "listen": ["127.0.0.1:$expired_port"],
          "protocols": ["h1", "h2"],
          "routes": [{
            "handle": [{"handler": "reverse_proxy",
                        "upstreams": [{"dial": "127.0.0.1:$backend"}]}]
          }],
          "tls_connection_policies": [{"certificate_selection": {"any_tag": ["expired"]}}],
          "automatic_https": {"disable": true}
        }
      }
    },
    "tls": {
      "automation": {"policies": [{
        "subjects": ["localhost"],
        "issuers": [{"module": "internal"}]
      }]},
      "certificates": {"load_files": [{"certificate": "$TMP/leaf.crt",
        "key": "$TMP/leaf.key", "tags": ["expired"]}]}
    },
    "pki": {"certificate_authorities": {"local": {"install_trust": false}}}
  }
}
EOC
caddy run --config "$TMP/caddy.json" >"$TMP/caddy.log" 2>&1 &
caddy_pid=$!
at_exit "kill $caddy_pid 2>/dev/null; wait $caddy_pid 2>/dev/null"
root="$TMP/caddy/pki/authorities/local/root.crt"
url="https://localhost:$port/health"
resolve="localhost:$port:127.0.0.1"
expired_url="https://expired.test:$expired_port/health"
expired_resolve="expired.test:$expired_port:127.0.0.1"
tries=0
until [ -s "$root" ] && curl -sf --cacert "$root" --resolve "$resolve" -o /dev/null "$url" &&
    curl -skf --resolve "$expired_resolve" -o /dev/null "$expired_url"; do
	tries=$((tries + 1))
	if [ $tries -gt 150 ]; then
		echo "Bail out! caddy did not come up: $(tail -n 5 "$TMP/caddy.log")"
		exit 1
	fi
	sleep 0.1
done

run health-probe --resolve "$resolve" "$url"
is "$rc" 3 "unknown CA: exit 3"
like "$(jqr '.results[0].error')" "^tls error: .*certificate" "unknown CA: a TLS error about the certificate"
is "$(jqr '.results[0].answered')" false "unknown CA: never answered"

run health-probe --resolve "$resolve" --cacert "$root" \
	--assert 'json.status == healthy' --expect-version 2.0.0 "$url"
is "$rc" 0 "--cacert with Caddy's root: exit 0"
is "$(jqr '.results[0].status')" 200 "through Caddy to the backend"
is "$(jqr '.results[0].timings | (.tls > 0 and .tls >= .connect and .tls <= .first_byte)')" true \
	"tls time between connect and first byte"

run health-probe --resolve "$resolve" -k "$url"
is "$rc" 0 "-k skips verification"

run health-probe --resolve "other.test:$port:127.0.0.1" --cacert "$root" "https://other.test:$port/health"
is "$rc" 3 "a name Caddy has no certificate for: exit 3"
like "$(jqr '.results[0].error')" "^tls error: " "refused at the TLS handshake"

# An expired certificate: refused even with its CA trusted, and retried.
run health-probe --resolve "$expired_resolve" --cacert "$TMP/ca.crt" "$expired_url"
is "$rc" 3 "expired certificate, CA trusted: exit 3"
is "$(jqr '.results[0] | [.ok, .answered, .status] | @json')" "[false,false,null]" \
	"expired certificate: never answered"
like "$(jqr '.results[0].error')" "^tls error: .*expired" "the error says the certificate expired"
like "$err" "failed after 1 attempt: tls error: .*expired" "and so does stderr"
run health-probe --resolve "$expired_resolve" --cacert "$TMP/ca.crt" --deadline 1s \
	--interval 200ms "$expired_url"
is "$rc" 3 "an expired certificate until the deadline: exit 3"
ok "$([ "$(jqr '.results[0].attempts')" -ge 2 ]; echo $?)" \
	"an expired certificate is retried ($(jqr '.results[0].attempts') attempts)"
run health-probe --resolve "$expired_resolve" -k --assert 'json.status == healthy' "$expired_url"
is "$rc" 0 "-k accepts an expired certificate"

# Caddy itself listens on 127.0.0.1:$port and :$expired_port only.
if command -v ss >/dev/null 2>&1; then
	socks=$(ss -Hltunp 2>/dev/null | grep "pid=$caddy_pid," | awk '{print $5}' | sort -u)
	is "$socks" "$(printf '127.0.0.1:%s\n' "$port" "$expired_port" | sort)" \
		"caddy listens on 127.0.0.1:$port and :$expired_port and nothing else"
fi
done_testing
