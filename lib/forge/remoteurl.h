/*
 * remoteurl.h: the forge repository named by a git remote URL, and remote
 * URLs fit to show.
 *
 * The URL forms are those of forgeurl_from_remote() (forgeurl.h):
 * "git@github.com:owner/name.git", "ssh://git@github.com:22/owner/name",
 * "https://user:secret@host/owner/name.git", "git://host/owner/name".
 * Here the path must moreover be exactly OWNER/NAME, each made of ASCII
 * letters, digits, '-', '_' and '.' (GitHub's rules), so both are safe to
 * put in an API path. Local paths and file:// URLs name no repository.
 */
#ifndef RELTOOLS_REMOTEURL_H
#define RELTOOLS_REMOTEURL_H

struct remote_repo {
	char *host;	/* "github.com", without port or userinfo */
	char *owner;
	char *name;	/* without ".git" */
};

#define REMOTE_REPO_INIT { NULL, NULL, NULL }

/* Parse url into r (free with remote_repo_free()); 0, or -1 when url
 * names no OWNER/NAME repository on a host. */
int remote_repo_parse(struct remote_repo *r, const char *url);

void remote_repo_free(struct remote_repo *r);

/*
 * The host of a "scheme://[userinfo@]host[:port]/..." URL, lower-cased
 * and malloc'd; NULL for any other form.
 */
char *remote_url_host(const char *url);

/* Is host GitHub's own (github.com, www. and ssh. included)? */
int remote_host_is_github(const char *host);

/* The GitHub token: GH_TOKEN, else GITHUB_TOKEN; NULL when neither is
 * set (or empty). */
const char *remote_github_token_env(void);

/*
 * Is host GitHub's, or that of GITHUB_API_URL (GitHub Enterprise: the
 * API on host, or on "api." and host)? Never by way of api.github.com,
 * GitHub's own API, which GitHub Actions sets in every job.
 */
int remote_host_trusted(const char *host);

/*
 * The GitHub token if url is on a host remote_host_trusted() accepts;
 * NULL for any other host, which must never see it.
 */
const char *remote_github_token(const char *url);

/*
 * url with its whole userinfo ("user:password", or a token alone as the
 * user name) replaced by "***", for messages; malloc'd.
 */
char *remote_url_redact(const char *url);

#endif
