# tests/httpd.sh: start the scriptable test server (tests/helpers/httpd.c)
# from a shell test. Source it after lib.sh:
#
#	. "$(dirname "$0")/httpd.sh"
#	cat >"$TMP/routes" <<-'EOR'
#	GET /health
#	  body ok
#	EOR
#	httpd_start api "$TMP/routes"     # sets $httpd_port
#	curl "http://127.0.0.1:$httpd_port/health"
#	# requests are logged in $TMP/api.log, "CONN METHOD TARGET" in $TMP/api.conn
#
# The server is stopped at exit. httpd_start fails the whole test file
# (exit 1) if the server does not come up within ten seconds.

# httpd_start NAME ROUTES [ARG...]: start httpd, wait for its port.
httpd_start() {
	_name=$1
	_routes=$2
	shift 2
	rm -f "$TMP/$_name.port"
	httpd -r "$_routes" -p "$TMP/$_name.port" -l "$TMP/$_name.log" \
	    -c "$TMP/$_name.conn" "$@" 2>>"$TMP/$_name.err" &
	eval "httpd_pid_$_name=$!"
	at_exit "kill $! 2>/dev/null; wait $! 2>/dev/null"
	_tries=0
	while [ ! -s "$TMP/$_name.port" ]; do
		_tries=$((_tries + 1))
		if [ "$_tries" -gt 200 ]; then
			echo "Bail out! httpd '$_name' did not start: $(cat "$TMP/$_name.err")"
			exit 1
		fi
		sleep 0.05
	done
	httpd_port=$(cat "$TMP/$_name.port")
}

# httpd_routes ROUTES TEXT: replace the routes file atomically (the
# server re-reads it at the next request, counters start again).
httpd_routes() {
	printf '%s\n' "$2" >"$1.tmp.$$"
	mv "$1.tmp.$$" "$1"
}
