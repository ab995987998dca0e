#!/bin/sh
# deploy-slot with a START_CMD that returns once it has started the
# application (as docker run -d or systemctl start do) and a STOP_CMD:
# both see SLOT, PORT, VERSION and DEPLOY_ENV; rollback restarts the
# previous slot through them.
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/lib-deploy.sh"
. "$(dirname "$0")/lib-deploy-slot.sh"

deploy_setup svc
# A tiny "service manager": start runs the slot in the background and
# records its pid per slot, stop kills that pid.
cat >svc-start <<'EOF2'
#!/bin/sh
echo "start $DEPLOY_ENV $SLOT $PORT $VERSION" >>"$SVC_DIR/calls"
slot >>"$SVC_DIR/$SLOT.out" 2>&1 &
echo $! >"$SVC_DIR/$SLOT.pid"
EOF2
cat >svc-stop <<'EOF2'
#!/bin/sh
echo "stop $DEPLOY_ENV $SLOT $PORT $VERSION" >>"$SVC_DIR/calls"
[ -s "$SVC_DIR/$SLOT.pid" ] && kill "$(cat "$SVC_DIR/$SLOT.pid")"
rm -f "$SVC_DIR/$SLOT.pid"
EOF2
chmod +x svc-start svc-stop
export SVC_DIR="$TMP"
deploy_conf "START_CMD=$TMP/svc-start" "STOP_CMD=$TMP/svc-stop"

run deploy-slot -e svc deploy 1.0.0
is "$rc" 0 "deploy 1.0.0: exit 0"
is "$(jq -r '.slots.blue.pid | tostring' state/state.json)" null "no pid recorded for a START_CMD that returns"
run deploy-slot -e svc deploy 2.0.0
is "$rc" 0 "deploy 2.0.0: exit 0"
is "$(curl -s "$public_url/version")" '{"version":"2.0.0"}' "2.0.0 served"
run deploy-slot -e svc rollback
is "$rc" 0 "rollback: exit 0"
is "$(curl -s "$public_url/version")" '{"version":"1.0.0"}' "1.0.0 served again"
is "$(cat calls)" "start svc blue $blue 1.0.0
start svc green $green 2.0.0
stop svc blue $blue 1.0.0
start svc blue $blue 1.0.0
stop svc green $green 2.0.0" "START_CMD and STOP_CMD, with their environment, in order"

# A START_CMD that fails: exit 3, nothing moved.
printf '#!/bin/sh\necho "no such image" >&2\nexit 125\n' >svc-broken
chmod +x svc-broken
DEPLOY_SLOT_START_CMD="$TMP/svc-broken" run deploy-slot -e svc deploy 3.0.0
is "$rc" 3 "START_CMD failing: exit 3"
like "$(jqr .error)" "START_CMD '.*svc-broken' failed with exit status 125" "the failure named"
like "$err" "no such image" "its message on stderr"
is "$(curl -s "$public_url/version")" '{"version":"1.0.0"}' "1.0.0 still served"
done_testing
