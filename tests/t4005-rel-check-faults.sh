#!/bin/sh
# rel-check against a hostile GitHub API: one that never answers, one
# that redirects elsewhere.
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/lib-release.sh"

ci_project
ms() { date +%s%3N; }

# An API that takes each request and never answers: --ci-wait bounds the
# whole check, not each request by its own 30 s.
cat >"$R" <<EOF2
GET $RUNS
  delay 1h
GET $STATUS
  delay 1h
EOF2
start_github "$R"
t0=$(ms)
run timeout 60 rel-check -C "$P" -r 0.1.0 --no-fetch --ci-wait 2
t1=$(ms)
is "$rc" 1 "a silent API, --ci-wait 2: exit 1"
like "$(check ci)" "^fail cannot reach GitHub at 'http://127.0.0.1:$PORT': .*[Tt]imed out" \
	"a silent API: the CI check fails, saying it timed out"
elapsed=$((t1 - t0))
ok "$([ "$elapsed" -lt 3000 ]; echo $?)" "a silent API, --ci-wait 2: over within the wait and a second (${elapsed} ms)"

done_testing
