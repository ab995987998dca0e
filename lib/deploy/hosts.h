/*
 * hosts.h: a verb of deploy-slot on the hosts of HOST or HOSTS, over
 * ssh (deploy/remote.h). Internal to lib/deploy/.
 *
 * One host (HOST, or one --host): the verb runs there and its document
 * comes back on stdout byte for byte; ssh failing is exit 3 with a
 * document of ours. Several (HOSTS, or --host twice): one document with
 * an entry per host (host, ok, exit, error, from, to, steps each with
 * its phase) and an overall ok; deploy and rollback run in phases
 * (phases.c), the other verbs on every host at once.
 */
#ifndef RELTOOLS_DEPLOY_HOSTS_H
#define RELTOOLS_DEPLOY_HOSTS_H

#include <jansson.h>

#include "core/strbuf.h"
#include "deploy/config.h"
#include "deploy/deploy.h"

struct hosts_run {
	const struct deploy_opts *o;
	const struct deploy_config *c;
	json_t *doc;		/* the document */
	json_t *entries;	/* doc's hosts[], one object a host of c */
	char token[33];		/* the lock token of this run (phases.c) */
};

/*
 * Run tail (options, verb and its argument; NULL terminated) on the n
 * hosts idx[] of c at once, after "-e ENV -c REMOTE_CONFIG [-q]". Each
 * host's entry gets the document's steps, marked with phase, its exit,
 * error, from and to; docs[i] (when docs is not NULL) the document of
 * idx[i] (a new reference, or NULL when there is none). Returns the
 * highest exit status of the n.
 */
int hosts_phase(struct hosts_run *h, const size_t *idx, size_t n,
    const char *phase, const char *const *tail, json_t **docs);

/*
 * deploy and rollback across hosts (phases.c): every host's lock held
 * in a fixed order, then prepare, switch and finish on all at once.
 */
int hosts_deploy(struct hosts_run *h);

/* What deploy_run() does when c names hosts. */
int deploy_hosts_run(const struct deploy_opts *o,
    const struct deploy_config *c, json_t **doc, struct strbuf *raw);

#endif
