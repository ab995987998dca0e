/* config.c: .deploy.conf.ENV read into a struct deploy_config. */
#include <errno.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

#include "core/cli.h"
#include "core/diag.h"
#include "core/xalloc.h"
#include "core/readfile.h"
#include "core/strbuf.h"
#include "deploy/config.h"
#include "deploy/gate.h"
#include "deploy/hostspec.h"
#include "probe/probe_expr.h"

enum kind {
	K_TEXT,		/* any non-empty text */
	K_DIR,		/* a path */
	K_SLOTS,	/* name:port,name:port */
	K_CMD,		/* words */
	K_URLPATH,	/* "/health" */
	K_ASSERTS,	/* repeatable probe expressions */
	K_DURATION,
	K_COUNT,	/* a whole number from 1 */
	K_HTTP,		/* http:// or https:// URL */
	K_DBURL,	/* postgres:// or postgresql:// URL */
	K_RESTORE,
	K_HOSTS,	/* [user@]host[:port], a comma-separated list for HOSTS */
	K_DBHOST	/* one of HOSTS */
};

struct key {
	const char *name;
	enum kind kind;
	const char *dflt;	/* NULL: none; "" with required: required */
	int required;
	int remote;		/* a key of the file that names remote hosts */
};

/* The order is the man page's; the index is raw[]'s. */
static const struct key keys[] = {
	{ "STATE_DIR", K_DIR, NULL, 0, 0 },
	{ "SLOTS", K_SLOTS, "blue:8081,green:8082", 0, 0 },
	{ "START_CMD", K_CMD, NULL, 1, 0 },
	{ "STOP_CMD", K_CMD, NULL, 0, 0 },
	{ "HEALTH_PATH", K_URLPATH, "/health", 0, 0 },
	{ "HEALTH_ASSERT", K_ASSERTS, NULL, 0, 0 },
	{ "GATE_TIMEOUT", K_DURATION, "60s", 0, 0 },
	{ "GATE_SUCCESS_THRESHOLD", K_COUNT, "3", 0, 0 },
	{ "CADDY_ADMIN", K_HTTP, "http://127.0.0.1:2019", 0, 0 },
	{ "CADDY_UPSTREAM_ID", K_TEXT, NULL, 1, 0 },
	{ "PUBLIC_URL", K_HTTP, NULL, 1, 0 },
	{ "VERIFY_PATH", K_URLPATH, "/version", 0, 0 },
	{ "VERIFY_ASSERT", K_ASSERTS, "json.version == VERSION", 0, 0 },
	{ "VERIFY_TIMEOUT", K_DURATION, "30s", 0, 0 },
	{ "DATABASE_URL", K_DBURL, NULL, 0, 0 },
	{ "SNAPSHOT_DIR", K_DIR, NULL, 0, 0 },
	{ "SNAPSHOT_KEEP", K_COUNT, "10", 0, 0 },
	{ "MIGRATE_CMD", K_CMD, NULL, 0, 0 },
	{ "MIGRATE_VERSION_CMD", K_CMD, NULL, 0, 0 },
	{ "RESTORE_ON_FAILURE", K_RESTORE, "migrate-failed", 0, 0 },
	{ "DRAIN_TIMEOUT", K_DURATION, "30s", 0, 0 },
	{ "STOP_TIMEOUT", K_DURATION, "10s", 0, 0 },
	{ "HOOK_PRE_DEPLOY", K_CMD, NULL, 0, 0 },
	{ "HOOK_POST_SWITCH", K_CMD, NULL, 0, 0 },
	{ "HOOK_POST_DEPLOY", K_CMD, NULL, 0, 0 },
	{ "HOST", K_HOSTS, NULL, 0, 1 },
	{ "HOSTS", K_HOSTS, NULL, 0, 1 },
	{ "REMOTE_CONFIG", K_DIR, NULL, 0, 1 },
	{ "DB_HOST", K_DBHOST, NULL, 0, 1 },
	{ "SSH_CONNECT_TIMEOUT", K_DURATION, "10s", 0, 1 },
	{ "SSH_CONFIG", K_DIR, NULL, 0, 1 },
};
#define NKEYS (sizeof(keys) / sizeof(keys[0]))

/* One value as given, and where. */
struct value {
	char *text;
	unsigned long line;	/* 0: from the environment */
	size_t col;		/* where the text starts in its line, from 1 */
	struct value *next;	/* the next HEALTH_ASSERT or VERIFY_ASSERT */
};

struct reader {
	const char *file;
	struct value *raw[NKEYS];
	struct strbuf *err;
};

static const char *const restore_names[] = {
	"migrate-failed", "always", "never"
};

const char *
deploy_restore_name(enum deploy_restore r)
{
	return restore_names[r];
}

int
deploy_env_valid(const char *env)
{
	return env[0] != '\0' && strcmp(env, ".") != 0 &&
	    strcmp(env, "..") != 0 && strlen(env) <= 64 &&
	    env[strspn(env, "abcdefghijklmnopqrstuvwxyz"
	    "ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789._-")] == '\0';
}

/* "FILE:LINE: " or, for a value from the environment, "DEPLOY_SLOT_KEY: ". */
static int
fail(struct reader *r, const char *key, unsigned long line,
    const char *fmt, ...)
{
	va_list ap;

	if (line > 0)
		strbuf_addf(r->err, "%s:%lu: ", r->file, line);
	else if (key != NULL)
		strbuf_addf(r->err, "DEPLOY_SLOT_%s: ", key);
	else
		strbuf_addf(r->err, "%s: ", r->file);
	va_start(ap, fmt);
	strbuf_vaddf(r->err, fmt, ap);
	va_end(ap);
	return -1;
}

static int
key_index(const char *name, size_t len)
{
	size_t i;

	for (i = 0; i < NKEYS; i++)
		if (strlen(keys[i].name) == len &&
		    memcmp(keys[i].name, name, len) == 0)
			return (int)i;
	return -1;
}

static struct value *
value_new(const char *text, size_t len, unsigned long line)
{
	struct value *v = xcalloc(1, sizeof(*v));

	v->text = xstrndup(text, len);
	v->line = line;
	return v;
}

static void
values_free(struct value *v)
{
	struct value *next;

	for (; v; v = next) {
		next = v->next;
		free(v->text);
		free(v);
	}
}

/*
 * The value starting at s (the rest of a line): a quoted value unquoted,
 * an unquoted one up to a comment, without surrounding blanks.
 */
static int
read_value(struct reader *r, unsigned long line, const char *s,
    struct strbuf *out, size_t *skip)
{
	const char *p = s + strspn(s, " \t");
	char q = *p;

	*skip = (size_t)(p - s) + (q == '\'' || q == '"');

	if (q == '\'' || q == '"') {
		for (p++; *p != q; p++) {
			if (*p == '\0')
				return fail(r, NULL, line, "unterminated %s quote",
				    q == '"' ? "double" : "single");
			if (q == '"' && *p == '\\' && p[1] != '\0')
				p++;
			strbuf_addc(out, *p);
		}
		p++;
		p += strspn(p, " \t");
		if (*p == '\0' || *p == '#')
			return 0;
		/* Quotes inside a longer value: a command's, kept as written. */
		strbuf_reset(out);
		p = s + strspn(s, " \t");
		*skip = (size_t)(p - s);
	}
	while (*p != '\0') {
		if ((*p == ' ' || *p == '\t') &&
		    p[strspn(p, " \t")] == '#')
			break;
		strbuf_addc(out, *p++);
	}
	strbuf_rtrim(out);
	return 0;
}

static int
read_line(struct reader *r, unsigned long line, char *s)
{
	const char *start = s;
	struct strbuf val = STRBUF_INIT;
	struct value **slot, *v;
	size_t klen, skip;
	int k, rc = -1;

	s += strspn(s, " \t");
	if (*s == '\0' || *s == '#')
		return 0;
	klen = strspn(s, "ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789_");
	if (klen == 0 || s[klen] != '=') {
		klen = strcspn(s, "= \t");
		if (s[strspn(s + klen, " \t") + klen] == '=')
			return fail(r, NULL, line, "no blank before '=': KEY=value");
		return fail(r, NULL, line, "expected KEY=value, got '%.*s'",
		    (int)(klen > 40 ? 40 : klen), s);
	}
	k = key_index(s, klen);
	if (k < 0)
		return fail(r, NULL, line, "unknown key '%.*s'",
		    (int)(klen > 40 ? 40 : klen), s);
	if (read_value(r, line, s + klen + 1, &val, &skip) != 0)
		goto cleanup;
	slot = &r->raw[k];
	if (*slot != NULL && keys[k].kind != K_ASSERTS) {
		fail(r, NULL, line, "%s given twice (first on line %lu)",
		    keys[k].name, (*slot)->line);
		goto cleanup;
	}
	while (*slot != NULL)
		slot = &(*slot)->next;
	v = value_new(val.buf ? val.buf : "", val.len, line);
	v->col = (size_t)(s - start) + klen + 2 + skip;
	*slot = v;
	rc = 0;
cleanup:
	strbuf_release(&val);
	return rc;
}

static int
read_text(struct reader *r, const char *text, size_t len)
{
	struct strbuf line = STRBUF_INIT;
	const char *p = text, *end = text + len, *nl;
	unsigned long n = 0;
	int rc = 0;

	while (p < end && rc == 0) {
		nl = memchr(p, '\n', end - p);
		if (nl == NULL)
			nl = end;
		n++;
		strbuf_reset(&line);
		strbuf_add(&line, p, nl - p);
		if (line.len > 0 && line.buf[line.len - 1] == '\r')
			line.buf[--line.len] = '\0';
		if (memchr(p, '\0', nl - p) != NULL)
			rc = fail(r, NULL, n, "a NUL byte");
		else
			rc = read_line(r, n, line.len ? line.buf : (char *)"");
		p = nl + 1;
	}
	strbuf_release(&line);
	return rc;
}

static void
read_env(struct reader *r)
{
	struct strbuf name = STRBUF_INIT;
	const char *v;
	size_t i;

	for (i = 0; i < NKEYS; i++) {
		strbuf_reset(&name);
		strbuf_addf(&name, "DEPLOY_SLOT_%s", keys[i].name);
		v = getenv(name.buf);
		if (v == NULL)
			continue;
		values_free(r->raw[i]);
		r->raw[i] = value_new(v, strlen(v), 0);
	}
	strbuf_release(&name);
}

static int
parse_slots(struct reader *r, const struct value *v, struct deploy_config *c)
{
	const char *p = v->text, *colon;
	char *end;
	long port;
	size_t n, len;

	for (n = 0; n < 2; n++) {
		len = strcspn(p, ",");
		colon = memchr(p, ':', len);
		if (colon == NULL || colon == p)
			break;
		errno = 0;
		port = strtol(colon + 1, &end, 10);
		if (end != p + len || colon[1] < '0' || colon[1] > '9' ||
		    errno || port < 1 || port > 65535)
			break;
		c->slots[n].name = xstrndup(p, colon - p);
		c->slots[n].port = (int)port;
		if (!deploy_env_valid(c->slots[n].name))
			break;
		p += len;
		if (n == 0 && *p++ != ',')
			break;
	}
	if (n < 2 || *p != '\0')
		return fail(r, "SLOTS", v->line, "SLOTS '%s' is not two "
		    "NAME:PORT separated by a comma (blue:8081,green:8082)",
		    v->text);
	if (strcmp(c->slots[0].name, c->slots[1].name) == 0 ||
	    c->slots[0].port == c->slots[1].port)
		return fail(r, "SLOTS", v->line, "SLOTS '%s' names one slot "
		    "or one port twice", v->text);
	return 0;
}

static int
parse_cmd(struct reader *r, const char *key, const struct value *v,
    struct words *w)
{
	struct words_error e;

	if (words_split(w, v->text, 0, &e) != 0)
		return fail(r, key, v->line, "%s: column %zu: %s", key,
		    v->line ? v->col + e.col - 1 : e.col, e.msg);
	if (w->argc == 0)
		return fail(r, key, v->line, "%s is empty", key);
	return 0;
}

static int
check_asserts(struct reader *r, const char *key, const struct value *v,
    char ***out, size_t *n)
{
	struct strbuf text = STRBUF_INIT, err = STRBUF_INIT;
	struct probe_expr e;
	int rc = 0;

	for (; v && rc == 0; v = v->next) {
		strbuf_reset(&text);
		strbuf_reset(&err);
		if (v->text[0] == '\0') {
			rc = fail(r, key, v->line, "%s is empty", key);
			break;
		}
		deploy_assert_text(&text, v->text, "1.0.0");
		if (probe_expr_parse(&e, strbuf_str(&text), &err) != 0) {
			rc = fail(r, key, v->line, "%s '%s': %s", key, v->text,
			    err.buf);
			break;
		}
		probe_expr_release(&e);
		*out = xrealloc(*out, (*n + 1) * sizeof(**out));
		(*out)[(*n)++] = xstrdup(v->text);
	}
	strbuf_release(&text);
	strbuf_release(&err);
	return rc;
}

static int
has_scheme(const char *url, const char *const *schemes)
{
	for (; *schemes; schemes++)
		if (strncmp(url, *schemes, strlen(*schemes)) == 0 &&
		    url[strlen(*schemes)] != '\0')
			return 1;
	return 0;
}

/* HOST (one host) or HOSTS (a list) into c->hosts. */
static int
parse_hosts(struct reader *r, const char *key, const struct value *v,
    struct deploy_config *c)
{
	char *error = NULL;
	int rc = 0;

	if (c->nhosts > 0)
		return fail(r, key, v->line, "HOST and HOSTS are both given: "
		    "HOST names one host, HOSTS several");
	if (strcmp(key, "HOST") == 0) {
		c->hosts = xcalloc(1, sizeof(*c->hosts));
		if (deploy_host_parse(c->hosts, v->text, &error) == 0)
			c->nhosts = 1;
	} else if (deploy_hosts_parse(v->text, &c->hosts, &c->nhosts,
	    &error) == 0)
		c->multi = 1;
	if (error)
		rc = fail(r, key, v->line, "%s: %s", key, error);
	free(error);
	return rc;
}

/* Convert the value of keys[k], or its default, into c. */
static int
convert(struct reader *r, size_t k, struct deploy_config *c)
{
	static const char *const http[] = { "http://", "https://", NULL };
	static const char *const pg[] = { "postgres://", "postgresql://", NULL };
	const struct key *key = &keys[k];
	struct value dflt = { (char *)key->dflt, 0, 0, NULL }, *v = r->raw[k];
	const char *name = key->name;
	long long ms;
	long n;
	size_t i;

	if (v == NULL && key->dflt == NULL)
		return key->required ? fail(r, NULL, 0,
		    "missing required key %s", name) : 0;
	if (v == NULL)
		v = &dflt;
	switch (key->kind) {
	case K_SLOTS:
		return parse_slots(r, v, c);
	case K_ASSERTS:
		if (strcmp(name, "HEALTH_ASSERT") == 0)
			return check_asserts(r, name, v, &c->health_asserts,
			    &c->nhealth_asserts);
		return check_asserts(r, name, v, &c->verify_asserts,
		    &c->nverify_asserts);
	case K_DURATION:
		if (cli_parse_duration(v->text, &ms) != 0 || ms <= 0)
			return fail(r, name, v->line, "%s '%s' is not a duration "
			    "(500ms, 30s, 2m)", name, v->text);
		*(strcmp(name, "GATE_TIMEOUT") == 0 ? &c->gate_timeout_ms :
		    strcmp(name, "VERIFY_TIMEOUT") == 0 ? &c->verify_timeout_ms :
		    strcmp(name, "SSH_CONNECT_TIMEOUT") == 0 ? &c->ssh_timeout_ms :
		    strcmp(name, "DRAIN_TIMEOUT") == 0 ? &c->drain_timeout_ms :
		    &c->stop_timeout_ms) = ms;
		return 0;
	case K_COUNT:
		if (cli_parse_count(v->text, &n) != 0 || n < 1)
			return fail(r, name, v->line, "%s '%s' is not a whole "
			    "number from 1", name, v->text);
		*(strcmp(name, "SNAPSHOT_KEEP") == 0 ? &c->snapshot_keep :
		    &c->gate_threshold) = n;
		return 0;
	case K_RESTORE:
		for (i = 0; i < 3; i++)
			if (strcmp(v->text, restore_names[i]) == 0)
				c->restore_on_failure = (enum deploy_restore)i;
		if (strcmp(v->text, restore_names[c->restore_on_failure]) != 0)
			return fail(r, name, v->line, "%s '%s' is not "
			    "migrate-failed, always or never", name, v->text);
		return 0;
	case K_CMD:
		return parse_cmd(r, name, v, strcmp(name, "START_CMD") == 0 ?
		    &c->start_cmd : strcmp(name, "STOP_CMD") == 0 ? &c->stop_cmd :
		    strcmp(name, "MIGRATE_CMD") == 0 ? &c->migrate_cmd :
		    strcmp(name, "MIGRATE_VERSION_CMD") == 0 ?
		    &c->migrate_version_cmd :
		    strcmp(name, "HOOK_PRE_DEPLOY") == 0 ? &c->hook_pre_deploy :
		    strcmp(name, "HOOK_POST_SWITCH") == 0 ? &c->hook_post_switch :
		    &c->hook_post_deploy);
	case K_URLPATH:
		if (v->text[0] != '/' || strpbrk(v->text, " \t\r\n#"))
			return fail(r, name, v->line, "%s '%s' is not a path "
			    "starting with '/'", name, v->text);
		break;
	case K_HTTP:
		if (!has_scheme(v->text, http) || strpbrk(v->text, " \t\r\n"))
			return fail(r, name, v->line, "%s is not an http:// or "
			    "https:// URL", name);
		break;
	case K_DBURL:
		/* Never quoted: it may hold a password. */
		if (!has_scheme(v->text, pg))
			return fail(r, name, v->line, "%s is not a postgres:// or "
			    "postgresql:// URL", name);
		break;
	case K_HOSTS:
		return parse_hosts(r, name, v, c);
	case K_DBHOST:
		for (i = 0; i < c->nhosts; i++)
			if (strcmp(v->text, c->hosts[i].spec) == 0)
				c->db_host = i;
		if (c->nhosts < 1 ||
		    strcmp(v->text, c->hosts[c->db_host].spec) != 0)
			return fail(r, name, v->line, "DB_HOST '%s' is not one "
			    "of HOSTS", v->text);
		return 0;
	case K_TEXT:
	case K_DIR:
		if (v->text[0] == '\0')
			return fail(r, name, v->line, "%s is empty", name);
		break;
	}
	*(strcmp(name, "STATE_DIR") == 0 ? &c->state_dir :
	    strcmp(name, "HEALTH_PATH") == 0 ? &c->health_path :
	    strcmp(name, "CADDY_ADMIN") == 0 ? &c->caddy_admin :
	    strcmp(name, "CADDY_UPSTREAM_ID") == 0 ? &c->caddy_upstream_id :
	    strcmp(name, "PUBLIC_URL") == 0 ? &c->public_url :
	    strcmp(name, "VERIFY_PATH") == 0 ? &c->verify_path :
	    strcmp(name, "DATABASE_URL") == 0 ? &c->database_url :
	    strcmp(name, "REMOTE_CONFIG") == 0 ? &c->remote_config :
	    strcmp(name, "SSH_CONFIG") == 0 ? &c->ssh_config :
	    &c->snapshot_dir) = xstrdup(v->text);
	return 0;
}

/* --host's hosts in place of HOST and HOSTS: one is HOST, more HOSTS. */
static void
override_hosts(struct reader *r, const char *const *hosts, size_t n)
{
	struct strbuf list = STRBUF_INIT;
	int h = key_index("HOST", 4), hs = key_index("HOSTS", 5);
	size_t i;

	for (i = 0; i < n; i++)
		strbuf_addf(&list, "%s%s", i ? "," : "", hosts[i]);
	values_free(r->raw[h]);
	values_free(r->raw[hs]);
	r->raw[h] = r->raw[hs] = NULL;
	r->raw[n == 1 ? h : hs] = value_new(list.buf, list.len, 0);
	strbuf_release(&list);
}

/*
 * With HOST or HOSTS, the file names the hosts and how to reach them;
 * what a deploy needs, secrets first, stays in each host's own
 * configuration (REMOTE_CONFIG). Without them, the remote keys mean
 * nothing. 0, or -1 with the error. A key of the environment that does
 * not apply is left alone (CI may set both kinds).
 */
static int
check_remote_keys(struct reader *r, int remote)
{
	size_t k;

	for (k = 0; k < NKEYS; k++) {
		if (r->raw[k] == NULL || keys[k].remote == remote ||
		    r->raw[k]->line == 0)
			continue;
		if (!remote)
			return fail(r, keys[k].name, r->raw[k]->line, "%s goes "
			    "with HOST or HOSTS", keys[k].name);
		if (strcmp(keys[k].name, "DATABASE_URL") == 0)
			return fail(r, keys[k].name, r->raw[k]->line,
			    "DATABASE_URL belongs in the configuration on the "
			    "host (REMOTE_CONFIG): secrets stay on the server");
		return fail(r, keys[k].name, r->raw[k]->line, "%s belongs in "
		    "the configuration on the host (REMOTE_CONFIG): with HOST "
		    "or HOSTS this file names only the hosts", keys[k].name);
	}
	return 0;
}

static int
config_parse(struct deploy_config *c, const char *env, const char *file,
    const char *text, size_t len, int use_env, const char *const *hosts,
    size_t nhosts, struct strbuf *err)
{
	struct reader r;
	struct strbuf dir = STRBUF_INIT;
	size_t k;
	int rc = -1, remote;

	memset(c, 0, sizeof(*c));
	memset(&r, 0, sizeof(r));
	r.file = file;
	r.err = err;
	if (!deploy_env_valid(env)) {
		strbuf_addf(err, "'%s' is not an environment name (letters, "
		    "digits, '.', '_', '-')", env);
		return -1;
	}
	if (read_text(&r, text, len) != 0)
		goto cleanup;
	if (use_env)
		read_env(&r);
	if (nhosts > 0)
		override_hosts(&r, hosts, nhosts);
	remote = r.raw[key_index("HOST", 4)] || r.raw[key_index("HOSTS", 5)];
	c->env = xstrdup(env);
	c->file = xstrdup(file);
	if (check_remote_keys(&r, remote) != 0)
		goto cleanup;
	for (k = 0; k < NKEYS; k++)
		if (keys[k].remote == remote && convert(&r, k, c) != 0)
			goto cleanup;
	if (remote) {
		if (c->remote_config == NULL)
			c->remote_config = xstrfmt("/etc/deploy-slot/%s.conf",
			    env);
		rc = 0;
		goto cleanup;
	}
	if (c->state_dir == NULL) {
		strbuf_addf(&dir, "/var/lib/deploy-slot/%s", env);
		c->state_dir = strbuf_detach(&dir, NULL);
	}
	if (c->snapshot_dir == NULL) {
		strbuf_addf(&dir, "%s/snapshots", c->state_dir);
		c->snapshot_dir = strbuf_detach(&dir, NULL);
	}
	rc = 0;
cleanup:
	for (k = 0; k < NKEYS; k++)
		values_free(r.raw[k]);
	if (rc != 0)
		deploy_config_release(c);
	return rc;
}

int
deploy_config_parse(struct deploy_config *c, const char *env,
    const char *file, const char *text, size_t len, int use_env,
    struct strbuf *err)
{
	return config_parse(c, env, file, text, len, use_env, NULL, 0, err);
}

int
deploy_config_load(struct deploy_config *c, const char *env, const char *path,
    struct strbuf *err)
{
	return deploy_config_load_hosts(c, env, path, NULL, 0, err);
}

int
deploy_config_load_hosts(struct deploy_config *c, const char *env,
    const char *path, const char *const *hosts, size_t nhosts,
    struct strbuf *err)
{
	struct strbuf name = STRBUF_INIT, text = STRBUF_INIT;
	int rc = -1;

	memset(c, 0, sizeof(*c));
	if (!deploy_env_valid(env)) {
		strbuf_addf(err, "'%s' is not an environment name (letters, "
		    "digits, '.', '_', '-')", env);
		return -1;
	}
	if (path == NULL)
		strbuf_addf(&name, ".deploy.conf.%s", env);
	else
		strbuf_adds(&name, path);
	if (readfile(name.buf, &text) != 0 &&
	    (errno != ENOENT || path != NULL || nhosts == 0)) {
		strbuf_addf(err, "%s: cannot read: %s", name.buf, strerror(errno));
		goto cleanup;
	}
	rc = config_parse(c, env, name.buf, strbuf_str(&text), text.len, 1,
	    hosts, nhosts, err);
cleanup:
	strbuf_release(&name);
	strbuf_release(&text);
	return rc;
}

static void
strings_free(char **v, size_t n)
{
	while (n > 0)
		free(v[--n]);
	free(v);
}

void
deploy_config_release(struct deploy_config *c)
{
	free(c->env);
	free(c->file);
	free(c->state_dir);
	free(c->slots[0].name);
	free(c->slots[1].name);
	words_release(&c->start_cmd);
	words_release(&c->stop_cmd);
	words_release(&c->migrate_cmd);
	words_release(&c->migrate_version_cmd);
	words_release(&c->hook_pre_deploy);
	words_release(&c->hook_post_switch);
	words_release(&c->hook_post_deploy);
	free(c->health_path);
	strings_free(c->health_asserts, c->nhealth_asserts);
	free(c->caddy_admin);
	free(c->caddy_upstream_id);
	free(c->public_url);
	free(c->verify_path);
	strings_free(c->verify_asserts, c->nverify_asserts);
	free(c->database_url);
	free(c->snapshot_dir);
	deploy_hosts_release(c->hosts, c->nhosts);
	free(c->remote_config);
	free(c->ssh_config);
	memset(c, 0, sizeof(*c));
}
