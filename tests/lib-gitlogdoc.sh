# tests/lib-gitlogdoc.sh: small rel-gitlog documents written by hand, for
# the rel-changelog tests. Source after lib.sh.
#
#	doc "$(c aaaaaaa feat 'add a knob')" "$(c bbbbbbb fix 'mend')" >log.json

# c ID TYPE DESCRIPTION: one conventional commit, ID 7 hex digits (its
# full id is ID and 33 zeros), with only the fields release requires.
c() {
	jq -cn --arg id "$1" --arg type "$2" --arg d "$3" '{
		id: ($id + "000000000000000000000000000000000"), short: $id,
		header: ($type + ": " + $d), type: $type, scope: null,
		breaking: false, description: $d, conventional: true}'
}

# doc COMMIT...: a rel-gitlog/1 document of the commits given.
doc() {
	printf '%s\n' "$@" | jq -cs '{schema: "rel-gitlog/1", commits: .}'
}
