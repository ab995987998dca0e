/* gitremote.c: fetch, ls-remote and push through libgit2. */
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "core/diag.h"
#include "core/xalloc.h"
#include "git/gitrepo.h"
#include "git/gitpipe.h"
#include "git/gitremote.h"
#include "git/gitstream.h"
#include "forge/remoteurl.h"

static int
credentials(git_credential **out, const char *url, const char *user,
    unsigned int allowed, void *payload)
{
	struct gitremote *gr = payload;
	const char *token;

	if (gr->cred_tries++ > 0)
		return GIT_EUSER;	/* offered once and refused */
	/* A GitHub token goes to GitHub only, never to another host. */
	token = remote_github_token(url);
	if ((allowed & GIT_CREDENTIAL_USERPASS_PLAINTEXT) && token)
		return git_credential_userpass_plaintext_new(out,
		    user ? user : "x-access-token", token);
	return GIT_PASSTHROUGH;
}

/*
 * The path on this machine a remote URL names: file://, an absolute or a
 * relative path; NULL for a network URL (git's scp-like host:path too).
 */
static const char *
local_path(const char *url)
{
	const char *colon, *slash;

	if (url == NULL || gitpipe_local_path(url))
		return gitpipe_local_path(url);
	if (strstr(url, "://"))
		return NULL;
	colon = strchr(url, ':');
	slash = strchr(url, '/');
	return colon && (slash == NULL || colon < slash) ? NULL : url;
}

/* The URL the remote is pushed to: its pushurl, else its url. */
static const char *
push_url(const git_remote *remote)
{
	return git_remote_pushurl(remote) ? git_remote_pushurl(remote) :
	    git_remote_url(remote);
}

static void
set_error(struct gitremote *gr, const char *what, int pushing)
{
	const char *path = gr->remote == NULL ? NULL : local_path(pushing ?
	    push_url(gr->remote) : git_remote_url(gr->remote));

	strbuf_reset(&gr->error);
	/* libgit2 says "unsupported URL protocol" for a missing directory,
	 * git receive-pack "early EOF" */
	if (gitstream_timed_out() || gitpipe_failed())
		strbuf_addf(&gr->error, "%s remote '%s': %s", what, gr->name,
		    gitstream_timed_out() ? gitstream_timed_out() :
		    gitpipe_failed());
	else if (path && access(path, F_OK) != 0)
		strbuf_addf(&gr->error, "%s remote '%s': '%s' does not exist",
		    what, gr->name, path);
	else if (gr->cred_tries > 1)
		strbuf_addf(&gr->error, "%s remote '%s': authentication "
		    "failed (GH_TOKEN or GITHUB_TOKEN for https)", what,
		    gr->name);
	else
		strbuf_addf(&gr->error, "%s remote '%s': %s", what, gr->name,
		    gitrepo_errmsg());
}

/* A fresh git_remote for each connection, as git does per command;
   the connection's waits bounded. */
static int
lookup(struct gitremote *gr)
{
	char *error = NULL;

	git_remote_free(gr->remote);
	gr->remote = NULL;
	strbuf_reset(&gr->error);
	if (git_remote_lookup(&gr->remote, gr->repo, gr->name) != 0) {
		strbuf_addf(&gr->error, "no remote '%s' in this repository",
		    gr->name);
		return -1;
	}
	if (gitstream_use(&error) != 0) {
		strbuf_adds(&gr->error, error);
		free(error);
		return -1;
	}
	return 0;
}

int
gitremote_open(struct gitremote *gr, git_repository *repo, const char *name)
{
	gr->repo = repo;
	gr->name = xstrdup(name);
	return lookup(gr);
}

char *
gitremote_config_url(git_repository *repo, const char *name)
{
	git_config *cfg = NULL;
	git_buf buf = GIT_BUF_INIT;
	struct strbuf key = STRBUF_INIT;
	char *url = NULL;

	strbuf_addf(&key, "remote.%s.url", name);
	if (git_repository_config_snapshot(&cfg, repo) == 0 &&
	    git_config_get_string_buf(&buf, cfg, key.buf) == 0)
		url = xstrdup(buf.ptr);
	git_buf_dispose(&buf);
	strbuf_release(&key);
	git_config_free(cfg);
	return url;
}

static void
init_callbacks(struct gitremote *gr, git_remote_callbacks *cb)
{
	git_remote_init_callbacks(cb, GIT_REMOTE_CALLBACKS_VERSION);
	cb->credentials = credentials;
	cb->payload = gr;
	gr->cred_tries = 0;
}

/* ssh remotes through ssh(1) (gitpipe.h) for reading too; a local path
   is read by libgit2 itself, which runs no hook. */
static void
read_transport(struct gitremote *gr, git_remote_callbacks *cb)
{
	const char *url = git_remote_url(gr->remote);

	if (gitpipe_serves(url) && !gitpipe_local_path(url))
		cb->transport = gitpipe_transport;
}

static void
free_refs(struct gitremote *gr)
{
	size_t i;

	for (i = 0; i < gr->nrefs; i++)
		free(gr->refs[i].name);
	free(gr->refs);
	gr->refs = NULL;
	gr->nrefs = 0;
}

/* Copy what the connection advertised. */
static int
record_refs(struct gitremote *gr)
{
	const git_remote_head **heads;
	size_t n, i;

	free_refs(gr);
	if (git_remote_ls(&heads, &n, gr->remote) != 0) {
		set_error(gr, "cannot list", 0);
		return -1;
	}
	gr->refs = xcalloc(n ? n : 1, sizeof(*gr->refs));
	for (i = 0; i < n; i++) {
		gr->refs[i].name = xstrdup(heads[i]->name);
		git_oid_cpy(&gr->refs[i].oid, &heads[i]->oid);
	}
	gr->nrefs = n;
	return 0;
}

int
gitremote_fetch(struct gitremote *gr)
{
	git_fetch_options opts;

	git_fetch_options_init(&opts, GIT_FETCH_OPTIONS_VERSION);
	init_callbacks(gr, &opts.callbacks);
	opts.download_tags = GIT_REMOTE_DOWNLOAD_TAGS_NONE;
	if (lookup(gr) != 0)
		return -1;
	read_transport(gr, &opts.callbacks);
	if (git_remote_fetch(gr->remote, NULL, &opts, NULL) != 0) {
		set_error(gr, "cannot fetch from", 0);
		return -1;
	}
	return record_refs(gr);
}

int
gitremote_list(struct gitremote *gr)
{
	git_remote_callbacks cb;
	int rc;

	init_callbacks(gr, &cb);
	if (lookup(gr) != 0)
		return -1;
	read_transport(gr, &cb);
	if (git_remote_connect(gr->remote, GIT_DIRECTION_FETCH, &cb, NULL,
	    NULL) != 0) {
		set_error(gr, "cannot connect to", 0);
		return -1;
	}
	rc = record_refs(gr);
	git_remote_disconnect(gr->remote);
	return rc;
}

const git_oid *
gitremote_ref(const struct gitremote *gr, const char *refname)
{
	size_t i;

	for (i = 0; i < gr->nrefs; i++)
		if (strcmp(gr->refs[i].name, refname) == 0)
			return &gr->refs[i].oid;
	return NULL;
}

/* The remote's messages on the side band: its hooks' output. */
static int
remote_said(const char *str, int len, void *payload)
{
	struct gitremote *gr = payload;

	strbuf_add(&gr->said, str, (size_t)len);
	return 0;
}

/* The remote's lines after the error, as git shows them. */
static void
add_said(struct gitremote *gr)
{
	const char *p = gr->said.buf, *end = p + gr->said.len, *eol, *cr;
	size_t len;

	while (p && p < end) {
		if ((eol = memchr(p, '\n', (size_t)(end - p))) == NULL)
			eol = end;
		len = (size_t)(eol - p);
		while (len && (p[len - 1] == '\r' || p[len - 1] == ' '))
			len--;
		/* progress rewritten in place (CR): its last state */
		for (cr = p + len; cr > p && cr[-1] != '\r'; cr--)
			;
		len -= (size_t)(cr - p);
		if (len)
			strbuf_addf(&gr->error, "\nremote: %.*s", (int)len, cr);
		p = eol + 1;
	}
}

/* The remote's verdict on each pushed ref: NULL status is accepted. */
static int
push_status(const char *refname, const char *status, void *payload)
{
	struct gitremote *gr = payload;

	size_t len;

	if (status == NULL)
		return 0;
	/* libgit2's reasons may end in ": " when the OS said nothing */
	len = strlen(status);
	while (len && (status[len - 1] == ' ' || status[len - 1] == ':'))
		len--;
	strbuf_addf(&gr->error, "%s'%s' refused by remote '%s': %.*s",
	    gr->error.len ? "; " : "", refname, gr->name, (int)len, status);
	return 0;
}

int
gitremote_push(struct gitremote *gr, const char *const *refspecs, size_t n)
{
	git_push_options opts;
	git_strarray specs;
	const char *url;

	git_push_options_init(&opts, GIT_PUSH_OPTIONS_VERSION);
	init_callbacks(gr, &opts.callbacks);
	opts.callbacks.push_update_reference = push_status;
	opts.callbacks.sideband_progress = remote_said;
	specs.strings = (char **)refspecs;
	specs.count = n;
	if (lookup(gr) != 0)
		return -1;
	url = push_url(gr->remote);
	if (gitpipe_serves(url))
		opts.callbacks.transport = gitpipe_transport;
	strbuf_reset(&gr->error);
	strbuf_reset(&gr->said);
	if (git_remote_push(gr->remote, &specs, &opts) != 0)
		set_error(gr, "cannot push to", 1);
	if (gr->error.len == 0)
		return 0;
	add_said(gr);
	return -1;
}

int
gitremote_check_push_path(struct gitremote *gr)
{
	const char *path = local_path(push_url(gr->remote));

	if (path == NULL || access(path, F_OK) == 0)
		return 0;
	strbuf_reset(&gr->error);
	strbuf_addf(&gr->error, "cannot push to remote '%s': '%s' does not "
	    "exist", gr->name, path);
	return -1;
}

void
gitremote_close(struct gitremote *gr)
{
	free_refs(gr);
	git_remote_free(gr->remote);
	free(gr->name);
	strbuf_release(&gr->error);
	strbuf_release(&gr->said);
	memset(gr, 0, sizeof(*gr));
	strbuf_init(&gr->error);
}
