#!/bin/sh
# Benchmark: 200 local URLs, each answering after 100 ms, probed in one
# call by health-probe and by curl --parallel --parallel-max 200 in the
# same run. Prints the median wall times of 5 runs each, their ratio
# (target: at most 1.2) and health-probe's CPU time per probe.
RELTOOLS_TOP=$(cd "$(dirname "$0")/../.." && pwd)
. "$(dirname "$0")/../lib.sh"
. "$(dirname "$0")/../httpd.sh"

n=200
runs=5
printf 'GET /u\n  delay 100ms\n  body {"status":"healthy"}\n' >"$TMP/routes"
httpd_start bench "$TMP/routes"
# No request log: the server should cost the same to both clients.
kill "$httpd_pid_bench"; wait "$httpd_pid_bench" 2>/dev/null
rm -f "$TMP/bench.port"
httpd -r "$TMP/routes" -p "$TMP/bench.port" -P "$httpd_port" &
pid=$!
at_exit "kill $pid 2>/dev/null"
while [ ! -s "$TMP/bench.port" ]; do sleep 0.05; done

set --
: >"$TMP/curl.conf"
i=0
while [ $i -lt $n ]; do
	i=$((i + 1))
	u="http://127.0.0.1:$httpd_port/u?n=$i"
	set -- "$@" "$u"
	printf 'url = "%s"\noutput = "/dev/null"\n' "$u" >>"$TMP/curl.conf"
done

field() { sed -n "s/.*$1=\([0-9.]*\).*/\1/p"; }
median() { sort -n | awk '{ v[NR] = $1 } END { print v[int((NR + 1) / 2)] }'; }

: >"$TMP/probe.wall"; : >"$TMP/probe.cpu"; : >"$TMP/curl.wall"
r=0
while [ $r -lt $runs ]; do
	r=$((r + 1))
	s=$(runstat -o "$TMP/probe.json" -- health-probe "$@")
	[ "$(jq -r .ok "$TMP/probe.json")" = true ] || { echo "health-probe failed: $s"; exit 1; }
	printf '%s\n' "$s" | field wall_ms >>"$TMP/probe.wall"
	printf '%s\n' "$s" | field cpu_ms >>"$TMP/probe.cpu"
	s=$(runstat -- curl -sS --no-progress-meter --fail --parallel --parallel-max $n -K "$TMP/curl.conf")
	case $s in *status=0*) ;; *) echo "curl failed: $s"; exit 1 ;; esac
	printf '%s\n' "$s" | field wall_ms >>"$TMP/curl.wall"
done
pw=$(median <"$TMP/probe.wall")
pc=$(median <"$TMP/probe.cpu")
cw=$(median <"$TMP/curl.wall")
echo "health-probe: $n URLs answering after 100 ms, median of $runs runs"
echo "  curl --parallel --parallel-max $n: wall ${cw} ms"
echo "  health-probe:                      wall ${pw} ms, cpu ${pc} ms"
awk -v p="$pw" -v c="$cw" -v cpu="$pc" -v n="$n" 'BEGIN {
	printf "  ratio health-probe/curl wall: %.2f (target <= 1.2)\n", p / c
	printf "  health-probe cpu per probe: %.3f ms\n", cpu / n
}'
