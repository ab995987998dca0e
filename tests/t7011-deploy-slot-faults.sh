#!/bin/sh
# deploy-slot's fault matrix with every part real: Caddy refusing the new
# configuration, pg_dump failing, and kill -9 at the snapshot, the start,
# the verification and the drain. Each time the old slot keeps serving
# through Caddy (or the new one, once recorded), the state agrees with
# Caddy, the database is as it was, and the next run recovers.
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/lib-deploy.sh"

command -v caddy >/dev/null 2>&1 || skip_all "caddy is not installed"
command -v openssl >/dev/null 2>&1 || skip_all "openssl is not installed"
[ -n "$(pg_bindir)" ] || skip_all "PostgreSQL is not installed"

blue=$(free_port)
green=$(free_port)
caddy_rejectable=1 caddy_idle_timeout=300ms caddy_start "127.0.0.1:$blue"
pg_start
cd "$TMP" || exit 1
export TMPDIR="$TMP"
export DEPLOY_SLOT_DATABASE_URL="$DATABASE_URL"
unset DATABASE_URL
at_exit 'for p in $(jq -r ".slots[].pid // empty" "$TMP/state/state.json" 2>/dev/null) $(jq -r ".target_pid // empty" "$TMP/state/attempt.json" 2>/dev/null); do kill -TERM -- -$p 2>/dev/null || kill $p 2>/dev/null; done'
# conf [KEY=value...]: .deploy.conf.f, the defaults below but for the
# keys given.
conf() {
	for _kv in "STATE_DIR=$TMP/state" "SLOTS=blue:$blue,green:$green" \
	    "START_CMD=slot" "CADDY_ADMIN=$caddy_admin" "CADDY_UPSTREAM_ID=app" \
	    "PUBLIC_URL=$public_url" "DRAIN_TIMEOUT=2s" "GATE_TIMEOUT=10s" \
	    "VERIFY_TIMEOUT=5s" "SNAPSHOT_DIR=$TMP/snaps"; do
		case " $* " in *" ${_kv%%=*}="*) ;; *) printf '%s\n' "$_kv" ;; esac
	done >.deploy.conf.f
	printf '%s\n' "$@" >>.deploy.conf.f
}
conf
pg_app "CREATE TABLE items (id int PRIMARY KEY); INSERT INTO items VALUES (1), (2)"
run deploy-slot -e f deploy 1.0.0
is "$rc" 0 "deploy 1.0.0"
good_state=$(cat state/state.json)
db() { pg_psql "SELECT string_agg(id::text, ',' ORDER BY id) FROM items"; }
snaps() { ls -A snaps | sort | tr '\n' ' '; }

# still_serving NAME: 1.0.0 through Caddy, Caddy on blue, the state as it
# was, green not running, the database as it was.
still_serving() {
	is "$(curl -s "$public_url/version")" '{"version":"1.0.0"}' "$1: 1.0.0 still served through Caddy"
	is "$(caddy_dial)" "127.0.0.1:$blue" "$1: Caddy still on blue"
	is "$(cat state/state.json)" "$good_state" "$1: the state unchanged"
	curl -s -o /dev/null "http://127.0.0.1:$green/health"
	ok $((! $?)) "$1: green not running"
	is "$(db)" "1,2" "$1: the database unchanged"
}

# --- Caddy refuses the new configuration ---------------------------------
caddy_reject
snaps_before=$(snaps)
run deploy-slot -e f deploy 2.0.0
is "$rc" 3 "Caddy refusing the switch: exit 3"
is "$(jqr '.steps[] | select(.name == "switch") | .status')" failed "the switch failed"
like "$(jqr .error)" "Caddy refused PATCH /id/app/upstreams \(status 500\): .*loading certificates" \
	"the error quotes Caddy's"
still_serving "Caddy refusing"
is "$(jq -r .result state/audit.log | tail -n 1)" failed "audited as failed"
caddy_accept

# --- pg_dump fails: nothing changes ----------------------------------------
mkdir -p failbin
printf '#!/bin/sh\necho "pg_dump: error: out of disk space (simulated)" >&2\nexit 1\n' >failbin/pg_dump
chmod +x failbin/pg_dump
snaps_before=$(snaps)
PATH="$TMP/failbin:$PATH" run deploy-slot -e f deploy 2.0.0
is "$rc" 3 "pg_dump failing: exit 3"
is "$(jqr '[.steps[] | .name + "=" + .status] | join(" ")')" \
	"lock=ok recover=skipped state=ok snapshot=failed" "pg_dump failing: stopped at the snapshot"
like "$(jqr .error)" "pg_dump failed \(exit status 1\): pg_dump: error: out of disk space" \
	"the error quotes pg_dump"
still_serving "pg_dump failing"
is "$(snaps)" "$snaps_before" "no snapshot file added"

# --- kill -9 during the snapshot --------------------------------------------
# pg_dump (run by deploy-slot itself) kills its parent, then dumps.
printf '#!/bin/sh\nkill -9 $PPID\nexec "%s/pg_dump" "$@"\n' "$(pg_bindir)" >failbin/pg_dump
PATH="$TMP/failbin:$PATH" run deploy-slot -e f deploy 2.0.0
is "$rc" 137 "killed in the snapshot: 128 + 9"
run deploy-slot -e f status
is "$(jqr '[.interrupted.step, .interrupted.version] | join(" ")')" "snapshot 2.0.0" \
	"status: interrupted at the snapshot"
still_serving "killed in the snapshot"
run deploy-slot -e f deploy 2.0.0
is "$rc" 0 "the next deploy recovers and deploys"
is "$(jqr '.steps[] | select(.name == "recover") | .status')" ok "it recovered first"
is "$(curl -s "$public_url/version")" '{"version":"2.0.0"}' "2.0.0 served"
ls -A snaps | grep -q '\.tmp$'
ok $((! $?)) "no temporary dump left"
run deploy-slot -e f rollback
is "$rc" 0 "rolled back to 1.0.0"
good_state=$(cat state/state.json)

# --- kill -9 during the verification -------------------------------------
# Slow answers make the verification last; killed once it has begun.
SLOT_DELAY=300ms deploy-slot -q -e f deploy 4.0.0 >/dev/null 2>&1 &
pid=$!
wait_for "the verification" sh -c 'jq -e ".step == \"verify\"" state/attempt.json'
kill -9 $pid
wait $pid 2>/dev/null
run deploy-slot -e f status
is "$(jqr '.interrupted.step')" verify "status: interrupted at the verification"
is "$(caddy_dial)" "127.0.0.1:$green" "killed in the verification: traffic had moved to green"
run deploy-slot -e f deploy 5.0.0
is "$rc" 0 "the next deploy recovers and deploys"
like "$(jqr '.steps[] | select(.name == "recover") | .detail')" \
	"at 'verify': traffic on 127.0.0.1:$blue" "traffic put back on blue first"
is "$(curl -s "$public_url/version")" '{"version":"5.0.0"}' "5.0.0 served"
run deploy-slot -e f status
is "$(jqr '[.active, .caddy.slot, .caddy.agrees] | map(tostring) | join(" ")')" "green green true" \
	"the state and Caddy agree"

# --- kill -9 during the drain --------------------------------------------
# A client holds a connection to the old slot (green) so the drain lasts.
conf "DRAIN_TIMEOUT=20s"
printf 'GET /slow\n  delay 20s\n  body slow\n' >"$TMP/slot-$green.routes"
curl -s -m 30 -o /dev/null "http://127.0.0.1:$green/slow" &
curl_pid=$!
deploy-slot -e f deploy 6.0.0 >/dev/null 2>"$TMP/drain.err" &
pid=$!
# Each step's line comes at its end: after the record's, the drain runs.
wait_for "the drain" grep -q "^deploy-slot: record: " "$TMP/drain.err"
sleep 0.2
kill -9 $pid
wait $pid 2>/dev/null
kill $curl_pid 2>/dev/null
run deploy-slot -e f status
is "$(jqr '.interrupted.step')" drain "status: interrupted at the drain"
is "$(jqr '[.active, .slots[.active].version, .caddy.slot, .caddy.agrees] | map(tostring) | join(" ")')" \
	"blue 6.0.0 blue true" "recorded before the drain: blue active with 6.0.0, Caddy agrees"
is "$(curl -s "$public_url/version")" '{"version":"6.0.0"}' "6.0.0 served"
conf
run deploy-slot -e f rollback
is "$rc" 0 "a rollback recovers, then rolls back"
is "$(jqr '.steps[] | select(.name == "recover") | .status')" ok "recovered first"
is "$(curl -s "$public_url/version")" '{"version":"5.0.0"}' "5.0.0 served again"
run deploy-slot -e f status
is "$(jqr '[.caddy.agrees, (.interrupted == null)] | map(tostring) | join(" ")')" "true true" \
	"status: consistent, nothing interrupted"
is "$(db)" "1,2" "the database never changed"
# --- kill -9 during the start --------------------------------------------
# A START_CMD that returns once it started the slot (with a STOP_CMD), so
# deploy-slot waits for it: once, it kills deploy-slot first.
cat >svc-start <<'EOS'
#!/bin/sh
[ -e "$TMPDIR/kill-at-start" ] && rm "$TMPDIR/kill-at-start" && kill -9 $PPID
slot >>"$TMPDIR/svc-$SLOT.out" 2>&1 &
echo $! >"$TMPDIR/svc-$SLOT.pid"
EOS
cat >svc-stop <<'EOS'
#!/bin/sh
[ -s "$TMPDIR/svc-$SLOT.pid" ] && kill "$(cat "$TMPDIR/svc-$SLOT.pid")"
rm -f "$TMPDIR/svc-$SLOT.pid"
EOS
chmod +x svc-start svc-stop
at_exit "for s in blue green; do [ -s '$TMP/svc-'\$s.pid ] && kill \$(cat '$TMP/svc-'\$s.pid); done"
# green (5.0.0) was started in the foreground: a STOP_CMD will not stop it.
green_pid=$(jq -r .slots.green.pid state/state.json)
at_exit "kill $green_pid 2>/dev/null"
conf "START_CMD=$TMP/svc-start" "STOP_CMD=$TMP/svc-stop"
good_state=$(cat state/state.json)
: >kill-at-start
run deploy-slot -e f deploy 7.0.0
is "$rc" 137 "killed in the start: 128 + 9"
wait_for "the half-started slot" curl -sf "http://127.0.0.1:$blue/health"
run deploy-slot -e f status
is "$(jqr '.interrupted.step')" start "status: interrupted at the start"
is "$(jqr '[.caddy.slot, .caddy.agrees] | map(tostring) | join(" ")')" "green true" \
	"status: Caddy on green, as recorded"
is "$(curl -s "$public_url/version")" '{"version":"5.0.0"}' "killed in the start: 5.0.0 still served"
is "$(cat state/state.json)" "$good_state" "the state unchanged"
run deploy-slot -e f deploy 7.0.0
is "$rc" 0 "the next deploy recovers and deploys"
like "$(jqr '.steps[] | select(.name == "recover") | .detail')" "at 'start'.*slot 'blue' stopped" \
	"recovered the start: the half-started slot stopped first"
is "$(curl -s "$public_url/version")" '{"version":"7.0.0"}' "7.0.0 served"
is "$(cat "svc-blue.pid" 2>/dev/null | wc -l)" 1 "blue runs once, started again"
is "$(db)" "1,2" "the database never changed"
done_testing
