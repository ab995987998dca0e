#!/bin/sh
# Release tags as versions: annotated tags (as rel-tag makes them) given
# to deploy-slot, whose START_CMD checks the code out at that tag. The
# code served is the tagged commit's (not the tag object's id, the defect
# of the tool this suite replaces), through Caddy, and a rollback brings
# the previous tag's code back.
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/lib-deploy.sh"

command -v caddy >/dev/null 2>&1 || skip_all "caddy is not installed"
cd "$TMP" || exit 1
export TMPDIR="$TMP"

# The application's repository: each release says its version in a file.
new_repo app
for v in v1.0.0 v2.0.0; do
	echo "$v" >app/VERSION
	git -C app add VERSION
	commit "feat: release $v" app
	git -C app tag -a -m "Release $v" "$v"
done
is "$(git -C app cat-file -t v2.0.0)" tag "v2.0.0 is an annotated tag"

# START_CMD: check the code out at $VERSION, serve what it says.
cat >"$TMP/start-app" <<'EOS'
#!/bin/sh
dir="$TMPDIR/checkout-$SLOT"
rm -rf "$dir"
git clone -q "$TMPDIR/app" "$dir" && git -C "$dir" checkout -q "$VERSION" || exit 1
git -C "$dir" rev-parse HEAD >"$dir.commit"
VERSION=$(cat "$dir/VERSION") exec slot
EOS
chmod +x "$TMP/start-app"

blue=$(free_port)
green=$(free_port)
caddy_idle_timeout=300ms caddy_start "127.0.0.1:$blue"
at_exit 'for p in $(jq -r ".slots[].pid // empty" "$TMP/state/state.json" 2>/dev/null); do kill -TERM -- -$p 2>/dev/null || kill $p 2>/dev/null; done'
printf '%s\n' "STATE_DIR=$TMP/state" "SLOTS=blue:$blue,green:$green" \
	"START_CMD=$TMP/start-app" "CADDY_ADMIN=$caddy_admin" "CADDY_UPSTREAM_ID=app" \
	"PUBLIC_URL=$public_url" "DRAIN_TIMEOUT=2s" >.deploy.conf.tags

run deploy-slot -e tags deploy v1.0.0
is "$rc" 0 "deploy of the annotated tag v1.0.0: exit 0"
is "$(curl -s "$public_url/version")" '{"version":"v1.0.0"}' "v1.0.0's code serves through Caddy"
is "$(cat checkout-blue.commit)" "$(git -C app rev-parse 'v1.0.0^{commit}')" \
	"the checkout is the tagged commit"
run deploy-slot -e tags deploy v2.0.0
is "$rc" 0 "deploy of v2.0.0: exit 0"
is "$(curl -s "$public_url/version")" '{"version":"v2.0.0"}' "v2.0.0's code serves"
is "$(cat checkout-green.commit)" "$(git -C app rev-parse 'v2.0.0^{commit}')" \
	"its checkout is v2.0.0's commit"
isnt_tag=$(git -C app rev-parse v2.0.0)
unlike "$(cat checkout-green.commit)" "$isnt_tag" "not the tag object's id"
is "$(jq -r '[.slots.green.version, .previous_version // .slots.blue.version] | join(" ")' state/state.json)" \
	"v2.0.0 v1.0.0" "the state records the tags"
run deploy-slot -e tags rollback
is "$rc" 0 "rollback: exit 0"
is "$(curl -s "$public_url/version")" '{"version":"v1.0.0"}' "v1.0.0's code serves again"
is "$(cat checkout-blue.commit)" "$(git -C app rev-parse 'v1.0.0^{commit}')" \
	"checked out again at v1.0.0's commit"
done_testing
