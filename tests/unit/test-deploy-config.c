/* test-deploy-config.c: .deploy.conf.ENV parsed, and its errors. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/strbuf.h"
#include "deploy/config.h"
#include "deploy/gate.h"
#include "tap.h"

#define REQUIRED "START_CMD=./app\nCADDY_UPSTREAM_ID=app\n" \
	"PUBLIC_URL=http://127.0.0.1:8080\n"

/* The error parsing text gives, or "" when it parses. */
static const char *
error_of(const char *text)
{
	static char out[512];
	struct deploy_config c;
	struct strbuf err = STRBUF_INIT;

	out[0] = '\0';
	if (deploy_config_parse(&c, "staging", "conf", text, strlen(text), 0,
	    &err) != 0)
		snprintf(out, sizeof(out), "%s", err.buf);
	else
		deploy_config_release(&c);
	strbuf_release(&err);
	return out;
}

static const char *
assert_text(const char *text, const char *version)
{
	static char out[256];
	struct strbuf sb = STRBUF_INIT;

	deploy_assert_text(&sb, text, version);
	snprintf(out, sizeof(out), "%s", sb.buf);
	strbuf_release(&sb);
	return out;
}

static void
values(void)
{
	const char *text = "# a comment\n\n"
	    "  START_CMD='./my app' --port 1 \"a b\"\n"
	    "STOP_CMD=\"docker rm -f 'app x'\"   # why\n"
	    "CADDY_UPSTREAM_ID=app\r\n"
	    "PUBLIC_URL=https://example.org/ # the site\n"
	    "SLOTS=a:1,b:65535\n"
	    "GATE_TIMEOUT=500ms\n"
	    "HEALTH_ASSERT=json.status == \"healthy\"\n"
	    "HEALTH_ASSERT=status == 200\n"
	    "RESTORE_ON_FAILURE=always\n"
	    "DATABASE_URL=postgresql://u:secret@localhost/db\n";
	struct deploy_config c;
	struct strbuf err = STRBUF_INIT;

	if (deploy_config_parse(&c, "prod-eu", "conf", text, strlen(text), 0,
	    &err) != 0) {
		ok(0, "a full config parses: %s", err.buf);
		strbuf_release(&err);
		return;
	}
	is_int((long long)c.start_cmd.argc, 4, "START_CMD: 4 words");
	is_str(c.start_cmd.argv[0], "./my app", "START_CMD: quoted word");
	is_str(c.start_cmd.argv[3], "a b", "START_CMD: double-quoted word");
	is_int((long long)c.stop_cmd.argc, 4, "STOP_CMD unquoted whole, split");
	is_str(c.stop_cmd.argv[3], "app x", "STOP_CMD: inner quotes");
	is_str(c.caddy_upstream_id, "app", "CRLF line end");
	is_str(c.public_url, "https://example.org/", "comment after a value");
	is_str(c.slots[0].name, "a", "slot 1 name");
	is_int(c.slots[1].port, 65535, "slot 2 port");
	is_int(c.gate_timeout_ms, 500, "GATE_TIMEOUT 500ms");
	is_int(c.gate_threshold, 3, "GATE_SUCCESS_THRESHOLD default");
	is_int(c.verify_timeout_ms, 30000, "VERIFY_TIMEOUT default");
	is_int(c.stop_timeout_ms, 10000, "STOP_TIMEOUT default");
	is_int(c.drain_timeout_ms, 30000, "DRAIN_TIMEOUT default");
	is_int((long long)c.nhealth_asserts, 2, "HEALTH_ASSERT adds up");
	is_int((long long)c.nverify_asserts, 1, "VERIFY_ASSERT default");
	is_str(c.verify_asserts[0], "json.version == VERSION",
	    "VERIFY_ASSERT default text");
	is_int(c.restore_on_failure, DEPLOY_RESTORE_ALWAYS, "RESTORE_ON_FAILURE");
	is_str(c.state_dir, "/var/lib/deploy-slot/prod-eu", "STATE_DIR default");
	is_str(c.snapshot_dir, "/var/lib/deploy-slot/prod-eu/snapshots",
	    "SNAPSHOT_DIR default");
	is_int(c.snapshot_keep, 10, "SNAPSHOT_KEEP default");
	is_str(c.health_path, "/health", "HEALTH_PATH default");
	is_str(c.verify_path, "/version", "VERIFY_PATH default");
	is_str(c.caddy_admin, "http://127.0.0.1:2019", "CADDY_ADMIN default");
	is_int((long long)c.migrate_cmd.argc, 0, "no MIGRATE_CMD");
	deploy_config_release(&c);
	strbuf_release(&err);
}

static void
errors(void)
{
	is_str(error_of(REQUIRED), "", "the required keys are enough");
	is_str(error_of("START_CMD=x\nPUBLIC_URL=http://a\n"),
	    "conf: missing required key CADDY_UPSTREAM_ID", "missing key");
	is_str(error_of(REQUIRED "FOO=1\n"), "conf:4: unknown key 'FOO'",
	    "unknown key, its line");
	is_str(error_of(REQUIRED "START_CMD=y\n"),
	    "conf:4: START_CMD given twice (first on line 1)", "key twice");
	is_str(error_of(REQUIRED "SLOTS = a:1\n"),
	    "conf:4: no blank before '=': KEY=value", "blank before =");
	is_str(error_of(REQUIRED "just words\n"),
	    "conf:4: expected KEY=value, got 'just'", "not KEY=value");
	is_str(error_of(REQUIRED "GATE_TIMEOUT=soon\n"),
	    "conf:4: GATE_TIMEOUT 'soon' is not a duration (500ms, 30s, 2m)",
	    "bad duration");
	is_str(error_of(REQUIRED "GATE_TIMEOUT=0\n"),
	    "conf:4: GATE_TIMEOUT '0' is not a duration (500ms, 30s, 2m)",
	    "zero duration");
	is_str(error_of(REQUIRED "SNAPSHOT_KEEP=0\n"),
	    "conf:4: SNAPSHOT_KEEP '0' is not a whole number from 1",
	    "bad count");
	is_str(error_of(REQUIRED "SLOTS=blue:8081\n"),
	    "conf:4: SLOTS 'blue:8081' is not two NAME:PORT separated by a "
	    "comma (blue:8081,green:8082)", "one slot");
	is_str(error_of(REQUIRED "SLOTS=a:1,a:2\n"),
	    "conf:4: SLOTS 'a:1,a:2' names one slot or one port twice",
	    "same name twice");
	is_str(error_of(REQUIRED "SLOTS=a:1,b:70000\n"),
	    "conf:4: SLOTS 'a:1,b:70000' is not two NAME:PORT separated by a "
	    "comma (blue:8081,green:8082)", "port out of range");
	is_str(error_of(REQUIRED "RESTORE_ON_FAILURE=sometimes\n"),
	    "conf:4: RESTORE_ON_FAILURE 'sometimes' is not migrate-failed, "
	    "always or never", "bad restore policy");
	is_str(error_of(REQUIRED "MIGRATE_CMD=a | b\n"),
	    "conf:4: MIGRATE_CMD: column 15: shell operator: quote it, or run "
	    "the command through sh -c explicitly", "a pipe in a command");
	is_str(error_of(REQUIRED "HEALTH_ASSERT=nonsense\n"),
	    error_of(REQUIRED "HEALTH_ASSERT=nonsense\n"), "stable messages");
	ok(strncmp(error_of(REQUIRED "HEALTH_ASSERT=bogus == 1\n"),
	    "conf:4: HEALTH_ASSERT 'bogus == 1': ", 36) == 0,
	    "bad assertion: %s", error_of(REQUIRED "HEALTH_ASSERT=bogus == 1\n"));
	is_str(error_of(REQUIRED "DATABASE_URL=mysql://u:pw@h/db\n"),
	    "conf:4: DATABASE_URL is not a postgres:// or postgresql:// URL",
	    "bad database URL, never quoted");
	is_str(error_of(REQUIRED "PUBLIC_URL2=x\n"),
	    "conf:4: unknown key 'PUBLIC_URL2'", "a longer key is unknown");
	is_str(error_of(REQUIRED "HEALTH_PATH=health\n"),
	    "conf:4: HEALTH_PATH 'health' is not a path starting with '/'",
	    "bad path");
	is_str(error_of(REQUIRED "STOP_CMD='x\n"),
	    "conf:4: unterminated single quote", "unterminated quote");
	is_str(error_of(REQUIRED "STOP_CMD='x' y\n"), "",
	    "quotes inside a longer value kept for the split");
	is_str(error_of(REQUIRED "STOP_CMD=\n"), "conf:4: STOP_CMD is empty",
	    "empty command");
	is_str(error_of(REQUIRED "VERIFY_ASSERT=\n"),
	    "conf:4: VERIFY_ASSERT is empty", "empty assertion");
}

int
main(void)
{
	values();
	errors();
	is_str(assert_text("json.version == VERSION", "1.2.0"),
	    "json.version == \"1.2.0\"", "VERSION as a JSON string");
	is_str(assert_text("json.version == VERSION", "a\"b\\"),
	    "json.version == \"a\\\"b\\\\\"", "quotes in the version escaped");
	is_str(assert_text("json.VERSION == \"VERSION\" VERSIONS", "x"),
	    "json.VERSION == \"VERSION\" VERSIONS",
	    "not in a path, a string or a longer word");
	ok(deploy_env_valid("prod-eu_1.a"), "env name valid");
	ok(!deploy_env_valid("..") && !deploy_env_valid("a/b") &&
	    !deploy_env_valid(""), "env names refused");
	return tap_done();
}
