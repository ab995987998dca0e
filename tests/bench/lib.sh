# tests/bench/lib.sh: helpers for the benchmarks (sourced).

# field NAME LINE: the value of NAME=... in a runstat line
field() { printf '%s\n' "$2" | tr ' ' '\n' | sed -n "s/^$1=//p"; }

# best_of RUNS CMD...: the runstat line of the fastest of RUNS runs;
# the command named by $BEST_OF_SETUP, if set, runs (untimed) before each.
best_of() {
	_runs=$1
	shift
	_best=
	while [ "$_runs" -gt 0 ]; do
		[ -z "${BEST_OF_SETUP:-}" ] || $BEST_OF_SETUP
		_line=$(runstat -- "$@") ||
		    { echo "bench: $* failed: $_line" >&2; exit 1; }
		if [ -z "$_best" ] || awk -v a="$(field wall_ms "$_line")" \
		    -v b="$(field wall_ms "$_best")" 'BEGIN { exit !(a < b) }'; then
			_best=$_line
		fi
		_runs=$((_runs - 1))
	done
	printf '%s\n' "$_best"
}

# ratio A B: A / B with two decimals
ratio() { awk -v a="$1" -v b="$2" 'BEGIN { printf "%.2f", (b > 0 ? a / b : 0) }'; }
