/* lock.c: flock on STATE_DIR/lock, and who holds it. */
#include <errno.h>
#include <fcntl.h>
#include <pwd.h>
#include <stdlib.h>
#include <string.h>
#include <sys/file.h>
#include <unistd.h>

#include "core/clock.h"
#include "core/diag.h"
#include "core/xalloc.h"
#include "core/jsonout.h"
#include "core/readfile.h"
#include "deploy/lock.h"
#include "deploy/state.h"

static char *
lock_path(const struct deploy_config *c)
{
	return xstrfmt("%s/lock", c->state_dir);
}

static json_t *
read_holder(int fd)
{
	struct strbuf text = STRBUF_INIT;
	json_t *doc = NULL;

	if (lseek(fd, 0, SEEK_SET) == 0 && readfile_fd(fd, &text) == 0 &&
	    text.len > 0)
		doc = json_loadb(text.buf, text.len, 0, NULL);
	if (doc != NULL && !json_is_object(doc)) {
		json_decref(doc);
		doc = NULL;
	}
	strbuf_release(&text);
	return doc;
}

static json_t *
me(const char *verb, const char *version, const char *token)
{
	json_t *h = json_object();
	struct passwd *pw = getpwuid(geteuid());
	char host[256], since[32];

	if (gethostname(host, sizeof(host)) != 0)
		strcpy(host, "?");
	host[sizeof(host) - 1] = '\0';
	deploy_time_now(since, sizeof(since));
	json_put(h, "pid", json_integer(getpid()));
	json_put(h, "host", json_strz(host));
	json_put(h, "user", json_strz(pw ? pw->pw_name : getenv("USER")));
	json_put(h, "verb", json_strz(verb));
	json_put(h, "version", json_strz(version));
	json_put(h, "since", json_strz(since));
	if (token)
		json_put(h, "token", json_strz(token));
	return h;
}

void
deploy_lock_describe(struct strbuf *out, const json_t *h)
{
	if (h == NULL) {
		strbuf_adds(out, "a process that has not said who it is yet");
		return;
	}
	strbuf_addf(out, "pid %lld (%s@%s, %s", (long long)json_integer_value(
	    json_object_get(h, "pid")),
	    json_string_value(json_object_get(h, "user")) ?
	    json_string_value(json_object_get(h, "user")) : "?",
	    json_string_value(json_object_get(h, "host")) ?
	    json_string_value(json_object_get(h, "host")) : "?",
	    json_string_value(json_object_get(h, "verb")) ?
	    json_string_value(json_object_get(h, "verb")) : "?");
	if (json_string_value(json_object_get(h, "version")))
		strbuf_addf(out, " %s",
		    json_string_value(json_object_get(h, "version")));
	strbuf_addf(out, " since %s)",
	    json_string_value(json_object_get(h, "since")) ?
	    json_string_value(json_object_get(h, "since")) : "?");
}

int
deploy_lock_held(const struct deploy_lock *l)
{
	return l->fd >= 0 || l->borrowed;
}

/* The lock of a deploy across hosts, held by the holder of token. */
static int
borrow(const struct deploy_config *c, const char *token,
    struct deploy_lock *l, json_t **holder, struct strbuf *err)
{
	const char *theirs;
	int held;

	if (deploy_lock_peek(c, &held, holder) != 0) {
		strbuf_addf(err, "cannot read '%s/lock'", c->state_dir);
		return -1;
	}
	theirs = json_string_value(json_object_get(*holder, "token"));
	if (held && theirs && strcmp(theirs, token) == 0) {
		l->borrowed = 1;
		json_decref(*holder);
		*holder = NULL;
		return 0;
	}
	if (!held) {
		strbuf_adds(err, "the lock of this deploy across hosts is no "
		    "longer held (its holder ended)");
		return 1;
	}
	strbuf_adds(err, "another deploy-slot holds the lock: ");
	deploy_lock_describe(err, *holder);
	return 1;
}

int
deploy_lock_take(const struct deploy_config *c, const char *verb,
    const char *version, const char *token, long long wait_ms,
    struct deploy_lock *l, json_t **holder, struct strbuf *err)
{
	char *path = lock_path(c), *text = NULL;
	long long until = clock_ms() + wait_ms;
	json_t *h = NULL;
	int fd = -1, rc = -1;

	*holder = NULL;
	if (token && strcmp(verb, "hold") != 0) {
		free(path);
		return borrow(c, token, l, holder, err);
	}
	if (deploy_mkdirs(c->state_dir) != 0) {
		strbuf_addf(err, "cannot create '%s': %s", c->state_dir,
		    strerror(errno));
		goto cleanup;
	}
	/* Close-on-exec: a slot started in the background must not keep it. */
	fd = open(path, O_RDWR | O_CREAT | O_CLOEXEC, 0640);
	if (fd < 0) {
		strbuf_addf(err, "cannot open '%s': %s", path, strerror(errno));
		goto cleanup;
	}
	while (flock(fd, LOCK_EX | LOCK_NB) != 0) {
		if (errno != EWOULDBLOCK && errno != EINTR) {
			strbuf_addf(err, "cannot lock '%s': %s", path,
			    strerror(errno));
			goto cleanup;
		}
		if (clock_ms() >= until) {
			*holder = read_holder(fd);
			strbuf_adds(err, "another deploy-slot holds the lock: ");
			deploy_lock_describe(err, *holder);
			rc = 1;
			goto cleanup;
		}
		clock_sleep_ms(100);
	}
	h = me(verb, version, token);
	text = json_dumps(h, JSON_COMPACT | JSON_PRESERVE_ORDER);
	if (text == NULL)
		die_oom();
	if (ftruncate(fd, 0) != 0 || pwrite(fd, text, strlen(text), 0) < 0 ||
	    pwrite(fd, "\n", 1, (off_t)strlen(text)) < 0 || fsync(fd) != 0) {
		strbuf_addf(err, "cannot write '%s': %s", path, strerror(errno));
		goto cleanup;
	}
	l->fd = fd;
	fd = -1;
	rc = 0;
cleanup:
	if (fd >= 0)
		close(fd);
	json_decref(h);
	free(text);
	free(path);
	return rc;
}

void
deploy_lock_release(struct deploy_lock *l)
{
	l->borrowed = 0;
	if (l->fd < 0)
		return;
	if (ftruncate(l->fd, 0) != 0)
		warnmsg("cannot clear the lock details: %s", strerror(errno));
	close(l->fd);
	l->fd = -1;
}

int
deploy_lock_peek(const struct deploy_config *c, int *held, json_t **holder)
{
	char *path = lock_path(c);
	int fd, rc = 0;

	*held = 0;
	*holder = NULL;
	fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0) {
		rc = errno == ENOENT ? 0 : -1;
		goto cleanup;
	}
	if (flock(fd, LOCK_SH | LOCK_NB) != 0)
		*held = errno == EWOULDBLOCK;
	*holder = read_holder(fd);
	close(fd);
cleanup:
	free(path);
	return rc;
}

int
deploy_lock_clear(const struct deploy_config *c, json_t **holder,
    struct strbuf *err)
{
	char *path = lock_path(c);
	int fd, rc = -1;

	*holder = NULL;
	fd = open(path, O_RDWR | O_CLOEXEC);
	if (fd < 0) {
		if (errno == ENOENT)
			rc = 0;
		else
			strbuf_addf(err, "cannot open '%s': %s", path,
			    strerror(errno));
		goto cleanup;
	}
	if (flock(fd, LOCK_EX | LOCK_NB) != 0) {
		*holder = read_holder(fd);
		rc = 1;
	} else {
		*holder = read_holder(fd);
		if (ftruncate(fd, 0) != 0)
			strbuf_addf(err, "cannot clear '%s': %s", path,
			    strerror(errno));
		else
			rc = 0;
	}
	close(fd);
cleanup:
	free(path);
	return rc;
}
