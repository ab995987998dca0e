/*
 * pgsnap.h: PostgreSQL snapshots before a deploy, and restoring one.
 *
 * A snapshot is `pg_dump -Fc` of DATABASE_URL written to a temporary
 * name in SNAPSHOT_DIR ("." + name + ".tmp"), checked with `pg_restore
 * -l`, fsync'd and renamed into place once complete, with a JSON sidecar
 * beside it (NAME.json, written atomically after the dump):
 *
 *	ENV-YYYYMMDDTHHMMSS.mmmZ-VERSION.dump
 *	ENV-YYYYMMDDTHHMMSS.mmmZ-VERSION.dump.json
 *	{"file": NAME, "time": "2026-12-03T08:15:00.123Z", "env": ENV,
 *	 "version": replaced version or null, "to_version": VERSION or null,
 *	 "kind": "deploy" | "before-restore", "size": bytes,
 *	 "sha256": hex, "verified": true}
 *
 * VERSION in the name is the version being replaced ("none" for the first
 * deploy), bytes other than [A-Za-z0-9._+-] written as '_'. A snapshot
 * exists only with its sidecar: a dump without one (a crash between the
 * two) is not listed, and is removed by the next pgsnap_take().
 *
 * The programs (pg_dump, pg_restore, psql) are found in PATH. They get
 * the URL without its password as -d (pgurl.h) and the password as
 * PGPASSWORD in their environment: it never reaches argv, our output,
 * the sidecar or an error message.
 *
 * Restore makes the database equal to the snapshot, in one transaction
 * (all or nothing): every schema but the system ones and public is
 * dropped, and every table, view, sequence, function, type and extension
 * in public that is not part of an extension; then the snapshot's SQL
 * (`pg_restore -f`) is run. So tables a migration created after the
 * snapshot are gone. Before that, a snapshot of the database as it is is
 * taken (kind "before-restore"), so nothing is ever beyond recovery.
 * The role in DATABASE_URL must own what it drops; connections of the
 * running application are not cut (a restore waits for their locks).
 *
 * Every failure here is the environment's (exit status 3), reported in
 * *error (malloc'd, for people, without the password): "pg_dump not found
 * in PATH", "pg_dump failed (exit status 1): FIRST LINE OF ITS STDERR",
 * "pg_dump wrote an empty dump", "pg_restore -l cannot read the dump:
 * ...", "cannot create 'DIR': ..." and the like.
 */
#ifndef RELTOOLS_DEPLOY_PGSNAP_H
#define RELTOOLS_DEPLOY_PGSNAP_H

#include <jansson.h>
#include <stddef.h>

#define PGSNAP_KEEP_DEFAULT 10

struct pgsnap_config {
	const char *database_url;	/* DATABASE_URL, with its password */
	const char *dir;		/* SNAPSHOT_DIR, created (0700) if missing */
	const char *env;		/* the environment's name: "production" */
	unsigned keep;			/* SNAPSHOT_KEEP; 0: PGSNAP_KEEP_DEFAULT */
};

/* One snapshot, as its sidecar describes it. */
struct pgsnap {
	char *path;		/* DIR/NAME */
	char *file;		/* NAME */
	char *time;		/* RFC 3339 UTC with milliseconds */
	char *env;
	char *version;		/* the version replaced; NULL: none */
	char *to_version;	/* the version deployed; NULL: none */
	char *kind;		/* "deploy" or "before-restore" */
	long long size;
	char *sha256;		/* 64 lower-case hex digits */
	int verified;		/* pg_restore -l read it */
};

#define PGSNAP_INIT { NULL, NULL, NULL, NULL, NULL, NULL, NULL, 0, NULL, 0 }

/*
 * Take a snapshot of cfg->database_url before replacing version
 * (NULL: none) with to_version (NULL: none), into *snap. Then keep only
 * the newest cfg->keep snapshots, removing older ones with their
 * sidecars. Returns 0, or -1 with *error; on failure no file is left
 * behind (the temporary dump is removed).
 */
int pgsnap_take(const struct pgsnap_config *cfg, const char *version,
    const char *to_version, struct pgsnap *snap, char **error);

/*
 * The snapshots in dir, newest first (by time, then by name), into
 * *list (*n of them; release with pgsnap_list_release()). A missing dir
 * is an empty list. A sidecar that does not parse is skipped with a
 * warning on stderr. Returns 0, or -1 with *error.
 */
int pgsnap_list(const char *dir, struct pgsnap **list, size_t *n,
    char **error);
void pgsnap_list_release(struct pgsnap *list, size_t n);

/*
 * The snapshot called which in dir: a file name as listed (NAME or
 * NAME.json), a path whose base name is one, or "latest": the database
 * as it was before the version now active (from_version) was deployed,
 * that is the newest snapshot of kind "deploy" taken by a deploy from
 * another version (or none) to from_version; with from_version NULL,
 * the newest of kind "deploy". A "before-restore" snapshot, or one of a
 * redeploy of the same version, is never "latest": it holds what was
 * being rolled back. Returns 0, or -1 with *error ("no snapshot 'X' in
 * 'DIR'"; that one is a usage error for the caller: exit 2).
 */
int pgsnap_find(const char *dir, const char *which, const char *from_version,
    struct pgsnap *snap, char **error);

/*
 * Make cfg->database_url equal to snap. First a snapshot of the
 * database as it is goes to *before (kind "before-restore", version
 * current, to_version snap->version; not pruned), then the dump's sha256
 * is checked against its sidecar, then the restore runs in one
 * transaction. Returns 0, or -1 with *error; *before is filled as soon
 * as it was taken (check before->path), so a failed restore still
 * names it.
 */
int pgsnap_restore(const struct pgsnap_config *cfg, const struct pgsnap *snap,
    const char *current, struct pgsnap *before, char **error);

/*
 * The sidecar's object for the JSON documents (snapshots verb, deploy's
 * "snapshot" field): {file, path, time, env, version, to_version, kind,
 * size, sha256, verified}. Never NULL.
 */
json_t *pgsnap_json(const struct pgsnap *snap);

void pgsnap_release(struct pgsnap *snap);

#endif
