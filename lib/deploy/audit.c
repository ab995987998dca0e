/* audit.c: one JSON line per attempt in STATE_DIR/audit.log. */
#include <errno.h>
#include <fcntl.h>
#include <pwd.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "core/diag.h"
#include "core/jsonout.h"
#include "deploy/audit.h"
#include "deploy/state.h"

int
deploy_audit_append(const struct deploy_config *c, const json_t *entry,
    struct strbuf *err)
{
	struct strbuf path = STRBUF_INIT, line = STRBUF_INIT;
	struct passwd *pw = getpwuid(geteuid());
	json_t *doc = json_object();
	const char *key;
	json_t *v;
	char host[256], now[32], *text = NULL;
	int fd = -1, rc = -1;

	if (gethostname(host, sizeof(host)) != 0)
		strcpy(host, "?");
	host[sizeof(host) - 1] = '\0';
	deploy_time_now(now, sizeof(now));
	json_put(doc, "time", json_strz(now));
	json_put(doc, "user", json_strz(pw ? pw->pw_name : getenv("USER")));
	json_put(doc, "host", json_strz(host));
	json_object_foreach((json_t *)entry, key, v)
		json_put(doc, key, json_incref(v));
	text = json_dumps(doc, JSON_COMPACT | JSON_PRESERVE_ORDER);
	if (text == NULL)
		die_oom();
	strbuf_addf(&line, "%s\n", text);
	strbuf_addf(&path, "%s/audit.log", c->state_dir);
	if (deploy_mkdirs(c->state_dir) != 0 ||
	    (fd = open(path.buf, O_WRONLY | O_APPEND | O_CREAT | O_CLOEXEC,
	    0640)) < 0 || write(fd, line.buf, line.len) != (ssize_t)line.len ||
	    fsync(fd) != 0)
		strbuf_addf(err, "cannot append to '%s': %s", path.buf,
		    strerror(errno));
	else
		rc = 0;
	if (fd >= 0)
		close(fd);
	free(text);
	json_decref(doc);
	strbuf_release(&path);
	strbuf_release(&line);
	return rc;
}
