#!/bin/sh
# rel-tag --publish uploading a 100 MB asset to the GitHub stand-in
# (tests/helpers/httpd -G): peak RSS and wall time, against a 1 MB asset
# (memory must stay flat: the file is streamed, never held) and against
# curl -T uploading the same file (the floor).
set -eu
TOP=$(cd "$(dirname "$0")/../.." && pwd)
PATH="$TOP/bin:$TOP/build/tests:$PATH"
. "$TOP/tests/bench/lib.sh"
B=$(mktemp -d "${TMPDIR:-/tmp}/reltools-bench.XXXXXX")
pid=
trap '[ -z "$pid" ] || kill "$pid"; rm -rf "$B"' EXIT
export HOME="$B" GIT_CONFIG_NOSYSTEM=1 GIT_CONFIG_GLOBAL="$B/.gitconfig"
unset GH_TOKEN GITHUB_TOKEN
git config --global user.name "Ada Lovelace"
git config --global user.email "ada@example.org"
git config --global init.defaultBranch main
GH=https://github.com/acme/widget.git

# project NAME VERSION: a released changelog, pushed to NAME.git
project() {
	git init -q --bare "$B/$1.git"
	git init -q "$B/$1"
	printf '# Changelog\n\n## [Unreleased]\n\n### Added\n\n- A widget.\n' >"$B/$1/CHANGELOG.md"
	git -C "$B/$1" add CHANGELOG.md
	git -C "$B/$1" commit -qm "feat: a widget"
	git -C "$B/$1" remote add origin "$GH"
	git -C "$B/$1" config "url.$B/$1.git.insteadOf" "$GH"
	git -C "$B/$1" push -q origin main
	rel-gitlog -q -C "$B/$1" | rel-changelog release -q -r "$2" \
		--date 2026-02-01 -i "$B/$1/CHANGELOG.md" >/dev/null
}

: >"$B/routes"
mkdir "$B/gh"
httpd -r "$B/routes" -p "$B/port" -G "$B/gh" 2>"$B/httpd.err" &
pid=$!
i=0
while [ ! -s "$B/port" ] && [ $i -lt 200 ]; do sleep 0.05; i=$((i + 1)); done
export GITHUB_API_URL="http://127.0.0.1:$(cat "$B/port")"
GH_TOKEN=ghp_bench
export GH_TOKEN

head -c 1048576 /dev/urandom >"$B/small.bin"
head -c 104857600 /dev/urandom >"$B/big.bin"
project small 1.0.0
project big 2.0.0
small=$(runstat -- rel-tag -q -C "$B/small" -r 1.0.0 --publish --asset "$B/small.bin")
big=$(runstat -- rel-tag -q -C "$B/big" -r 2.0.0 --publish --asset "$B/big.bin")
[ "$(field status "$big")" = 0 ] && [ "$(field status "$small")" = 0 ] ||
    { echo "bench: rel-tag --publish failed: $small / $big" >&2; exit 1; }
upload=$(curl -sS "$GITHUB_API_URL/repos/acme/widget/releases/tags/v2.0.0" |
    jq -r '.upload_url | sub("[{].*"; "")')
floor=$(runstat -- curl -sS -o /dev/null -X POST -H "Expect:" \
    -H "Content-Type: application/octet-stream" -T "$B/big.bin" \
    "$upload?name=floor.bin")
got=$(curl -sS "$GITHUB_API_URL/_state" | jq -r '.releases[] |
    select(.tag_name == "v2.0.0") | .assets[] | select(.name == "big.bin") | .size')
[ "$got" = 104857600 ] || { echo "bench: the stand-in holds $got bytes" >&2; exit 1; }

echo "publish: rel-tag --publish, peak RSS and wall time (floor: curl -T of the 100 MB file)"
printf '  1 MB asset:    maxrss %6d KiB  wall %8.1f ms\n' \
    "$(field maxrss_kib "$small")" "$(field wall_ms "$small")"
printf '  100 MB asset:  maxrss %6d KiB  wall %8.1f ms  (RSS %s x the 1 MB run)\n' \
    "$(field maxrss_kib "$big")" "$(field wall_ms "$big")" \
    "$(ratio "$(field maxrss_kib "$big")" "$(field maxrss_kib "$small")")"
printf '  curl -T 100 MB: maxrss %6d KiB  wall %8.1f ms\n' \
    "$(field maxrss_kib "$floor")" "$(field wall_ms "$floor")"
printf '  ratio to the floor: RSS %s, wall %s\n' \
    "$(ratio "$(field maxrss_kib "$big")" "$(field maxrss_kib "$floor")")" \
    "$(ratio "$(field wall_ms "$big")" "$(field wall_ms "$floor")")"
