/* pgsnap.c: snapshots with pg_dump, their sidecars, listing and retention. */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "core/atomicfile.h"
#include "core/diag.h"
#include "core/jsonout.h"
#include "core/proc.h"
#include "core/sha256.h"
#include "core/strbuf.h"
#include "core/xalloc.h"
#include "deploy/pgsnap.h"
#include "deploy/pgsnap_run.h"
#include "deploy/pgurl.h"

#define DUMP_SUFFIX ".dump"
#define SIDECAR_SUFFIX ".dump.json"

int
pgsnap_run(const char *prog, const char *const args[], const struct pgurl *u,
    struct proc_result *res, char **error)
{
	struct strbuf pw = STRBUF_INIT;
	const char **argv = NULL;
	const char *env[2] = { NULL, NULL };
	char *path = proc_find_program(prog);
	size_t n, i;
	int rc = -1;

	if (path == NULL) {
		*error = xstrfmt("%s not found in PATH (is the PostgreSQL "
		    "client installed?)", prog);
		return -1;
	}
	for (n = 0; args[n]; n++)
		;
	argv = xcalloc(n + 2, sizeof(*argv));
	argv[0] = path;
	for (i = 0; i < n; i++)
		argv[i + 1] = args[i];
	/* The password travels in the environment only, never in argv. */
	if (u && u->password) {
		strbuf_addf(&pw, "PGPASSWORD=%s", u->password);
		env[0] = pw.buf;
	}
	if (proc_run_env(argv, env, NULL, 0, res) != 0) {
		*error = xstrfmt("cannot run %s: %s", path, strerror(errno));
		goto cleanup;
	}
	if (res->status != 0) {
		if (res->signal)
			*error = xstrfmt("%s was killed by signal %d", prog,
			    res->signal);
		else
			*error = xstrfmt("%s failed (exit status %d): %s", prog,
			    res->status, proc_first_error(res));
		goto cleanup;
	}
	rc = 0;
cleanup:
	if (pw.buf)
		memset(pw.buf, 0, pw.len);
	strbuf_release(&pw);
	free(argv);
	free(path);
	return rc;
}

void
pgsnap_release(struct pgsnap *s)
{
	free(s->path);
	free(s->file);
	free(s->time);
	free(s->env);
	free(s->version);
	free(s->to_version);
	free(s->kind);
	free(s->sha256);
	memset(s, 0, sizeof(*s));
}

void
pgsnap_list_release(struct pgsnap *list, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++)
		pgsnap_release(&list[i]);
	free(list);
}

json_t *
pgsnap_json(const struct pgsnap *s)
{
	json_t *o = json_object();

	json_put(o, "file", json_strz(s->file));
	json_put(o, "path", json_strz(s->path));
	json_put(o, "time", json_strz(s->time));
	json_put(o, "env", json_strz(s->env));
	json_put(o, "version", json_strz(s->version));
	json_put(o, "to_version", json_strz(s->to_version));
	json_put(o, "kind", json_strz(s->kind));
	json_put(o, "size", json_integer(s->size));
	json_put(o, "sha256", json_strz(s->sha256));
	json_put(o, "verified", json_boolean(s->verified));
	return o;
}

/* A name part: bytes other than [A-Za-z0-9._+-] as '_', none as "none". */
static void
add_name_part(struct strbuf *sb, const char *s)
{
	if (s == NULL || *s == '\0')
		s = "none";
	for (; *s; s++)
		strbuf_addc(sb, (strchr("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKL"
		    "MNOPQRSTUVWXYZ0123456789._+-", *s) ? *s : '_'));
}

static int
mkdir_p(const char *dir)
{
	struct strbuf sb = STRBUF_INIT;
	char *p, c;
	int rc = 0;

	strbuf_adds(&sb, dir);
	for (p = sb.buf + 1; rc == 0; p++) {
		if (*p != '/' && *p != '\0')
			continue;
		c = *p;
		*p = '\0';
		if (mkdir(sb.buf, 0700) != 0 && errno != EEXIST)
			rc = -1;
		*p = c;
		if (c == '\0')
			break;
	}
	strbuf_release(&sb);
	return rc;
}

static int
ends_with(const char *s, const char *suffix)
{
	size_t n = strlen(s), m = strlen(suffix);

	return n >= m && strcmp(s + n - m, suffix) == 0;
}

static int
exists(const char *path)
{
	struct stat st;

	return lstat(path, &st) == 0;
}

static int
fsync_path(const char *path)
{
	int fd = open(path, O_RDONLY | O_CLOEXEC), rc, err;

	if (fd < 0)
		return -1;
	rc = fsync(fd);
	err = errno;
	close(fd);
	errno = err;
	return rc;
}

/*
 * Leftovers of an interrupted take: temporary dumps, and dumps whose
 * sidecar was never written.
 */
static void
remove_leftovers(const char *dir)
{
	struct strbuf path = STRBUF_INIT;
	DIR *d = opendir(dir);
	struct dirent *e;

	if (d == NULL)
		return;
	while ((e = readdir(d)) != NULL) {
		int orphan = 0;

		strbuf_reset(&path);
		strbuf_addf(&path, "%s/%s.json", dir, e->d_name);
		if (ends_with(e->d_name, DUMP_SUFFIX) && !exists(path.buf))
			orphan = 1;
		if (e->d_name[0] == '.' && ends_with(e->d_name, ".tmp"))
			orphan = 1;
		if (!orphan)
			continue;
		strbuf_reset(&path);
		strbuf_addf(&path, "%s/%s", dir, e->d_name);
		unlink(path.buf);
	}
	closedir(d);
	strbuf_release(&path);
}

static int
write_sidecar(const struct pgsnap *s, char **error)
{
	json_t *o = pgsnap_json(s);
	char *text;
	struct strbuf path = STRBUF_INIT;
	int rc = 0;

	json_object_del(o, "path");
	text = json_dumps(o, JSON_INDENT(2) | JSON_PRESERVE_ORDER);
	if (text == NULL)
		die_oom();
	strbuf_addf(&path, "%s.json", s->path);
	if (atomicfile_replace(path.buf, text, strlen(text)) != 0) {
		*error = xstrfmt("cannot write '%s': %s", path.buf,
		    strerror(errno));
		rc = -1;
	}
	strbuf_release(&path);
	free(text);
	json_decref(o);
	return rc;
}

int
pgsnap_take_kind(const struct pgsnap_config *cfg, const char *version,
    const char *to_version, const char *kind, struct pgsnap *s, char **error)
{
	struct pgurl u = PGURL_INIT;
	struct proc_result r = PROC_RESULT_INIT;
	struct strbuf name = STRBUF_INIT, path = STRBUF_INIT, tmp = STRBUF_INIT;
	struct timespec now;
	struct tm tm;
	struct stat st;
	char stamp[32], iso[40], hex[SHA256_HEX_SIZE];
	const char *args[8];
	char *why = NULL;
	int n;

	*error = NULL;
	pgsnap_release(s);
	if (pgurl_parse(&u, cfg->database_url, &why) != 0) {
		*error = xstrfmt("DATABASE_URL: %s", why);
		free(why);
		return -1;
	}
	if (mkdir_p(cfg->dir) != 0) {
		*error = xstrfmt("cannot create '%s': %s", cfg->dir,
		    strerror(errno));
		goto cleanup;
	}
	remove_leftovers(cfg->dir);
	clock_gettime(CLOCK_REALTIME, &now);
	gmtime_r(&now.tv_sec, &tm);
	strftime(stamp, sizeof(stamp), "%Y%m%dT%H%M%S", &tm);
	strftime(iso, sizeof(iso), "%Y-%m-%dT%H:%M:%S", &tm);
	snprintf(iso + strlen(iso), sizeof(iso) - strlen(iso), ".%03ldZ",
	    now.tv_nsec / 1000000);
	add_name_part(&name, cfg->env);
	strbuf_addf(&name, "-%s.%03ldZ-", stamp, now.tv_nsec / 1000000);
	add_name_part(&name, version);
	for (n = 1;; n++) {
		strbuf_reset(&path);
		strbuf_addf(&path, "%s/%s", cfg->dir, name.buf);
		if (n > 1)
			strbuf_addf(&path, "-%d", n);
		strbuf_adds(&path, DUMP_SUFFIX);
		if (!exists(path.buf))
			break;
	}
	s->path = xstrdup(path.buf);
	s->file = xstrdup(strrchr(s->path, '/') + 1);
	strbuf_addf(&tmp, "%s/.%s.tmp", cfg->dir, s->file);
	args[0] = "-Fc";
	args[1] = "-w";		/* never prompt for a password */
	args[2] = "-f";
	args[3] = tmp.buf;
	args[4] = "-d";
	args[5] = u.safe;
	args[6] = NULL;
	if (pgsnap_run("pg_dump", args, &u, &r, error) != 0)
		goto cleanup;
	if (stat(tmp.buf, &st) != 0 || st.st_size == 0) {
		*error = xstrfmt("pg_dump wrote %s", stat(tmp.buf, &st) ?
		    "no dump" : "an empty dump");
		goto cleanup;
	}
	args[0] = "-l";
	args[1] = tmp.buf;
	args[2] = NULL;
	if (pgsnap_run("pg_restore", args, NULL, &r, &why) != 0 ||
	    r.out.len == 0) {
		*error = xstrfmt("pg_restore -l cannot read the dump: %s",
		    why ? why : "it lists nothing");
		goto cleanup;
	}
	if (sha256_file(tmp.buf, hex) != 0 || fsync_path(tmp.buf) != 0) {
		*error = xstrfmt("cannot read back '%s': %s", tmp.buf,
		    strerror(errno));
		goto cleanup;
	}
	if (rename(tmp.buf, s->path) != 0 || fsync_path(cfg->dir) != 0) {
		*error = xstrfmt("cannot rename the dump to '%s': %s",
		    s->path, strerror(errno));
		goto cleanup;
	}
	s->time = xstrdup(iso);
	s->env = xstrdup(cfg->env ? cfg->env : "");
	s->version = version ? xstrdup(version) : NULL;
	s->to_version = to_version ? xstrdup(to_version) : NULL;
	s->kind = xstrdup(kind);
	s->size = (long long)st.st_size;
	s->sha256 = xstrdup(hex);
	s->verified = 1;
	if (write_sidecar(s, error) != 0)
		unlink(s->path);
cleanup:
	if (*error) {
		unlink(tmp.buf);
		pgsnap_release(s);
	}
	free(why);
	proc_result_release(&r);
	strbuf_release(&name);
	strbuf_release(&path);
	strbuf_release(&tmp);
	pgurl_release(&u);
	return *error ? -1 : 0;
}

/* Remove the snapshots after the newest keep, with their sidecars. */
static int
prune(const struct pgsnap_config *cfg, char **error)
{
	struct pgsnap *list = NULL;
	struct strbuf path = STRBUF_INIT;
	unsigned keep = cfg->keep ? cfg->keep : PGSNAP_KEEP_DEFAULT;
	size_t n = 0, i;

	if (pgsnap_list(cfg->dir, &list, &n, error) != 0)
		return -1;
	for (i = keep; i < n; i++) {
		strbuf_reset(&path);
		strbuf_addf(&path, "%s.json", list[i].path);
		/* The sidecar first: a dump without one is not a snapshot. */
		if (unlink(path.buf) == 0)
			unlink(list[i].path);
	}
	strbuf_release(&path);
	pgsnap_list_release(list, n);
	return 0;
}

int
pgsnap_take(const struct pgsnap_config *cfg, const char *version,
    const char *to_version, struct pgsnap *s, char **error)
{
	if (pgsnap_take_kind(cfg, version, to_version, "deploy", s, error) != 0)
		return -1;
	return prune(cfg, error);
}

static char *
dup_member(const json_t *o, const char *key)
{
	const char *v = json_string_value(json_object_get(o, key));

	return v ? xstrdup(v) : NULL;
}

/* Read the sidecar of dir/file (file the dump's name). */
static int
read_sidecar(const char *dir, const char *file, struct pgsnap *s)
{
	struct strbuf path = STRBUF_INIT;
	json_error_t jerr;
	json_t *o;

	strbuf_addf(&path, "%s/%s.json", dir, file);
	o = json_load_file(path.buf, 0, &jerr);
	strbuf_reset(&path);
	strbuf_addf(&path, "%s/%s", dir, file);
	if (o == NULL || !json_is_string(json_object_get(o, "time")) ||
	    !exists(path.buf)) {
		if (o == NULL)
			warnmsg("%s/%s.json: %s", dir, file, jerr.text);
		json_decref(o);
		strbuf_release(&path);
		return -1;
	}
	s->path = strbuf_detach(&path, NULL);
	s->file = xstrdup(file);
	s->time = dup_member(o, "time");
	s->env = dup_member(o, "env");
	s->version = dup_member(o, "version");
	s->to_version = dup_member(o, "to_version");
	s->kind = dup_member(o, "kind");
	s->size = json_integer_value(json_object_get(o, "size"));
	s->sha256 = dup_member(o, "sha256");
	s->verified = json_is_true(json_object_get(o, "verified"));
	json_decref(o);
	return 0;
}

static int
newest_first(const void *a, const void *b)
{
	const struct pgsnap *x = a, *y = b;
	int c = strcmp(y->time, x->time);

	return c ? c : strcmp(y->file, x->file);
}

int
pgsnap_list(const char *dir, struct pgsnap **list, size_t *n, char **error)
{
	struct pgsnap *v = NULL;
	size_t alloc = 0;
	struct dirent *e;
	DIR *d;

	*list = NULL;
	*n = 0;
	*error = NULL;
	if ((d = opendir(dir)) == NULL) {
		if (errno == ENOENT)
			return 0;
		*error = xstrfmt("cannot read '%s': %s", dir, strerror(errno));
		return -1;
	}
	while ((e = readdir(d)) != NULL) {
		char *file;

		if (e->d_name[0] == '.' || !ends_with(e->d_name, SIDECAR_SUFFIX))
			continue;
		ALLOC_GROW(v, *n + 1, alloc);
		memset(&v[*n], 0, sizeof(v[*n]));
		file = xstrndup(e->d_name, strlen(e->d_name) - 5);
		if (read_sidecar(dir, file, &v[*n]) == 0)
			(*n)++;
		free(file);
	}
	closedir(d);
	if (*n)
		qsort(v, *n, sizeof(*v), newest_first);
	*list = v;
	return 0;
}

/* Whether s is what "latest" names when from_version is active. */
static int
is_latest(const struct pgsnap *s, const char *from_version)
{
	if (s->kind == NULL || strcmp(s->kind, "deploy") != 0)
		return 0;
	if (from_version == NULL)
		return 1;
	return s->to_version && strcmp(s->to_version, from_version) == 0 &&
	    (s->version == NULL || strcmp(s->version, from_version) != 0);
}

int
pgsnap_find(const char *dir, const char *which, const char *from_version,
    struct pgsnap *s, char **error)
{
	struct pgsnap *list = NULL;
	const char *base = strrchr(which, '/') ? strrchr(which, '/') + 1 : which;
	size_t n = 0, i, len = strlen(base);
	int latest = strcmp(which, "latest") == 0;

	if (ends_with(base, SIDECAR_SUFFIX))
		len -= 5;
	if (pgsnap_list(dir, &list, &n, error) != 0)
		return -1;
	for (i = 0; i < n; i++) {
		if (latest ? is_latest(&list[i], from_version) :
		    (strlen(list[i].file) == len &&
		    strncmp(list[i].file, base, len) == 0)) {
			*s = list[i];
			memset(&list[i], 0, sizeof(list[i]));
			pgsnap_list_release(list, n);
			return 0;
		}
	}
	pgsnap_list_release(list, n);
	if (n == 0)
		*error = xstrfmt("no snapshot in '%s'", dir);
	else if (latest && from_version)
		*error = xstrfmt("no snapshot in '%s' was taken before '%s' "
		    "was deployed: name one ('deploy-slot snapshots' lists "
		    "them)", dir, from_version);
	else
		*error = xstrfmt("no snapshot '%s' in '%s'", which, dir);
	return -1;
}
