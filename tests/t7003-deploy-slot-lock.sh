#!/bin/sh
# deploy-slot's lock: a second deploy is refused naming the holder; the
# kernel frees the lock of a holder killed with -9; unlock refuses while
# the holder lives and clears what a dead one left.
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/lib-deploy.sh"
. "$(dirname "$0")/lib-deploy-slot.sh"

deploy_setup ci
# The pre-deploy hook says it runs, records its environment, then waits
# until the file "go" exists.
cat >hook <<'EOH'
#!/bin/sh
env | grep -E '^(DEPLOY_SLOT_LOCK_HELD|DEPLOY_ENV|SLOT|VERSION|FROM_SLOT|FROM_VERSION)=' | sort >"$1/hook.env"
echo "$PPID" >"$1/hook.running"
while [ ! -e "$1/go" ]; do sleep 0.05; done
EOH
chmod +x hook
deploy_conf "HOOK_PRE_DEPLOY=$TMP/hook $TMP"

deploy-slot -q -e ci deploy 1.0.0 >first.out 2>first.err &
first=$!
WAIT_FOR_LOG=first.err wait_for "the first deploy's hook" test -s hook.running
is "$(cat hook.env | tr '\n' ' ')" \
	"DEPLOY_ENV=ci DEPLOY_SLOT_LOCK_HELD=1 FROM_SLOT= FROM_VERSION= SLOT=blue VERSION=1.0.0 " \
	"the hook sees the lock held, the environment, the target"

run deploy-slot -e ci deploy 2.0.0
is "$rc" 1 "second deploy while one runs: exit 1"
is "$(jqr '[.ok, .lock.pid, .lock.verb, .lock.version] | map(tostring) | join(" ")')" \
	"false $first deploy 1.0.0" "the holder's details in the document"
like "$(jqr .error)" "^another deploy-slot holds the lock: pid $first \\([^@]+@[^,]+, deploy 1\\.0\\.0 since 20[0-9-]+T[0-9:]+Z\\)$" \
	"the error names the holder"
like "$err" "holds the lock: pid $first" "named on stderr"

run deploy-slot -e ci --lock-wait 300ms rollback
is "$rc" 1 "--lock-wait shorter than the holder: exit 1"

run deploy-slot -e ci status
is "$(jqr '[.lock.held, .lock.holder.pid, .lock.holder.verb] | map(tostring) | join(" ")')" \
	"true $first deploy" "status names the holder"
run deploy-slot -e ci unlock
is "$rc" 1 "unlock while the holder lives: exit 1"
like "$(jqr .error)" "held by pid $first .* which is alive: not cleared" "unlock says why"

# --lock-wait long enough: the second waits for the first, then deploys.
deploy-slot -q -e ci --lock-wait 20s deploy 2.0.0 >second.out 2>second.err &
second=$!
sleep 0.3
touch go
wait $first
is "$?" 0 "the first deploy finishes"
wait $second
is "$?" 0 "the second, having waited, deploys"
is "$(curl -s "$public_url/version")" '{"version":"2.0.0"}' "2.0.0 served"
rm -f go hook.running

# A holder killed with -9: the kernel frees the lock, its details stay.
deploy-slot -q -e ci deploy 3.0.0 >third.out 2>&1 &
third=$!
wait_for "the third deploy's hook" test -s hook.running
kill -9 $third
wait $third 2>/dev/null
touch go
run deploy-slot -e ci status
is "$(jqr '[.lock.held, .lock.left_by_dead_holder.pid] | map(tostring) | join(" ")')" \
	"false $third" "status: not held, the dead holder's details shown"
run deploy-slot -e ci unlock
is "$rc" 0 "unlock after the holder died: exit 0"
is "$(jqr .cleared.pid)" "$third" "unlock: the details cleared"
is "$(cat state/lock)" "" "the lock file is empty"
run deploy-slot -e ci unlock
is "$rc" 0 "unlock with nothing to clear: exit 0"
is "$(jqr .cleared)" null "unlock: nothing cleared"

deploy_conf
run deploy-slot -e ci deploy 3.0.0
is "$rc" 0 "a deploy after kill -9 of a holder: exit 0, no stale lock"
is "$(curl -s "$public_url/version")" '{"version":"3.0.0"}' "3.0.0 served"
done_testing
