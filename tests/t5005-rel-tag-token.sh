#!/bin/sh
# rel-tag over https: the GitHub token goes to GitHub's host (or that of
# GITHUB_API_URL) only, as the password of a Basic answer to a 401, and
# never into any output. The https server is the test HTTP server, which
# asks for credentials the way a forge does.
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/lib-release.sh"

TOKEN=ghp_pushT0kenNeverElsewhere0123456789
released_project p 0.1.0
P=$TMP/p
cat >"$TMP/routes" <<'EOF2'
GET /acme/widget.git/info/refs
  status 401
  header WWW-Authenticate: Basic realm="forge"
  body no
EOF2
start_github "$TMP/routes"
git -C "$P" config --unset "url.$P.git.insteadOf"
git -C "$P" remote set-url origin "http://127.0.0.1:$PORT/acme/widget.git"
before=$(refs "$P")

# Another host: the token is not offered.
unset GITHUB_API_URL
GH_TOKEN=$TOKEN run rel-tag -C "$P" -r 0.1.0 --push
is "$rc" 3 "a host that is not GitHub's asks for credentials: exit 3"
like "$(cat "$TMP/httpd.log")" "GET /acme/widget.git/info/refs" "the remote was asked"
unlike "$(cat "$TMP/httpd.log")" "Authorization" "no credentials sent to another host"
unlike "$out$err" "$TOKEN" "the token is in no output"
is "$(refs "$P")" "$before" "nothing changed"

# The host of GITHUB_API_URL (GitHub Enterprise): offered once, refused.
: >"$TMP/httpd.log"
export GITHUB_API_URL="http://127.0.0.1:$PORT/api/v3"
GH_TOKEN=$TOKEN run rel-tag -C "$P" -r 0.1.0 --push
is "$rc" 3 "GitHub Enterprise host, token refused: exit 3"
like "$err" "^rel-tag: cannot connect to remote 'origin': " \
	"GitHub Enterprise host, token refused: said"
basic=$(printf 'x-access-token:%s' "$TOKEN" | base64 -w0)
is "$(grep -c "Authorization: Basic $basic" "$TMP/httpd.log")" 1 "the token offered once, as the password"
unlike "$out$err" "$TOKEN" "the token is in no output"
is "$(refs "$P")" "$before" "nothing changed"
done_testing
