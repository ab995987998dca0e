#!/bin/sh
# rel-tag and rel-check under hostile remotes: a git server that accepts
# the connection and never answers.
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/lib-release.sh"
. "$(dirname "$0")/httpd.sh"

# A git server over HTTP that takes the request and never answers.
cat >"$TMP/silent.routes" <<'EOF'
GET /silent.git/info/refs
  delay 1h
POST /silent.git/git-receive-pack
  delay 1h
POST /silent.git/git-upload-pack
  delay 1h
EOF
httpd_start silent "$TMP/silent.routes"
SILENT=http://127.0.0.1:$httpd_port/silent.git

released_project s 0.1.0
S=$TMP/s
git -C "$S" config --unset "url.$S.git.insteadOf"
git -C "$S" remote set-url origin "$SILENT"
before=$(refs "$S")

# Each run is itself bounded (timeout 60: exit 124) so that a hang fails
# the test instead of blocking the suite.
export RELTOOLS_GIT_TIMEOUT=1
run timeout 60 rel-tag -C "$S" -r 0.1.0 --push --dry-run
is "$rc" 3 "silent http remote, --dry-run: exit 3, not a hang"
is "$err" "rel-tag: cannot connect to remote 'origin': no answer from 127.0.0.1:$httpd_port within 1 s (waiting for its reply; RELTOOLS_GIT_TIMEOUT sets the limit)" \
	"silent http remote, --dry-run: names the remote and what it waited for"
run timeout 60 rel-tag -C "$S" -r 0.1.0 --push
is "$rc" 3 "silent http remote, --push: exit 3"
like "$err" "^rel-tag: cannot connect to remote 'origin': no answer from 127.0.0.1:$httpd_port within 1 s" \
	"silent http remote, --push: said"
is "$(refs "$S")" "$before" "silent http remote: nothing committed or tagged"

run timeout 60 rel-check -C "$S" -r 0.1.0 --no-ci
is "$rc" 1 "silent http remote, rel-check --no-ci: exit 1, not a hang"
is "$(check sync)" "fail cannot fetch from remote 'origin': no answer from 127.0.0.1:$httpd_port within 1 s (waiting for its reply; RELTOOLS_GIT_TIMEOUT sets the limit)" \
	"rel-check: the sync check says what it waited for"

# The limit as a duration; a value that is none is refused.
RELTOOLS_GIT_TIMEOUT=1500ms run timeout 60 rel-tag -C "$S" -r 0.1.0 --push --dry-run
like "$err" "within 1.5 s" "RELTOOLS_GIT_TIMEOUT=1500ms"
RELTOOLS_GIT_TIMEOUT=soon run timeout 60 rel-tag -C "$S" -r 0.1.0 --push --dry-run
is "$rc" 3 "RELTOOLS_GIT_TIMEOUT=soon: exit 3"
is "$err" "rel-tag: RELTOOLS_GIT_TIMEOUT='soon' is not a duration (seconds, or 500ms, 2m)" \
	"RELTOOLS_GIT_TIMEOUT=soon: said"
unset RELTOOLS_GIT_TIMEOUT

done_testing
