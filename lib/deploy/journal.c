/* journal.c: the attempt in progress, STATE_DIR/attempt.json. */
#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "core/atomicfile.h"
#include "core/diag.h"
#include "core/xalloc.h"
#include "core/readfile.h"
#include "deploy/journal.h"

static char *
journal_path(const struct deploy_config *c)
{
	return xstrfmt("%s/attempt.json", c->state_dir);
}

int
deploy_journal_write(const struct deploy_config *c, const json_t *j,
    struct strbuf *err)
{
	char *path = journal_path(c), *text;
	int rc = 0;

	text = json_dumps(j, JSON_COMPACT | JSON_PRESERVE_ORDER);
	if (text == NULL)
		die_oom();
	if (atomicfile_replace(path, text, strlen(text)) != 0) {
		strbuf_addf(err, "cannot write '%s': %s", path, strerror(errno));
		rc = -1;
	}
	free(text);
	free(path);
	return rc;
}

json_t *
deploy_journal_read(const struct deploy_config *c, char **error)
{
	struct strbuf text = STRBUF_INIT, msg = STRBUF_INIT;
	char *path = journal_path(c);
	json_t *j = NULL;

	*error = NULL;
	if (readfile(path, &text) != 0) {
		if (errno != ENOENT)
			strbuf_addf(&msg, "cannot read '%s': %s", path,
			    strerror(errno));
	} else {
		j = json_loadb(strbuf_str(&text), text.len, 0, NULL);
		if (!json_is_object(j)) {
			json_decref(j);
			j = NULL;
			strbuf_addf(&msg, "'%s' is not an attempt journal", path);
		}
	}
	if (msg.len)
		*error = strbuf_detach(&msg, NULL);
	strbuf_release(&text);
	strbuf_release(&msg);
	free(path);
	return j;
}

int
deploy_journal_remove(const struct deploy_config *c, struct strbuf *err)
{
	char *path = journal_path(c), *dir = xstrdup(c->state_dir);
	int rc = 0, fd;

	if (unlink(path) != 0 && errno != ENOENT) {
		strbuf_addf(err, "cannot remove '%s': %s", path, strerror(errno));
		rc = -1;
	} else if ((fd = open(dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC)) >= 0) {
		/* The removal survives a crash too. */
		fsync(fd);
		close(fd);
	}
	free(dir);
	free(path);
	return rc;
}
