/* pgsnap_restore.c: make the database equal to a snapshot, in one transaction. */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "core/sha256.h"
#include "core/strbuf.h"
#include "deploy/pgsnap.h"
#include "deploy/pgsnap_run.h"
#include "deploy/pgurl.h"

/*
 * Run before the snapshot's SQL, in the same transaction: drop what a
 * later migration may have added, so that the snapshot is all there is.
 * Schemas (but the system ones and public) go whole; in public, tables,
 * views, sequences, functions and types, except those that belong to an
 * extension or to another object (a serial's sequence, a partition, an
 * array type), which go with their owner. Extensions stay: the
 * snapshot's CREATE EXTENSION IF NOT EXISTS finds them.
 */
static const char drop_sql[] =
    "DO $reltools$\n"
    "DECLARE r record;\n"
    "BEGIN\n"
    "  FOR r IN SELECT quote_ident(n.nspname) AS name FROM pg_namespace n\n"
    "    WHERE n.nspname NOT LIKE 'pg\\_%' AND n.nspname NOT IN ('information_schema', 'public')\n"
    "      AND NOT EXISTS (SELECT 1 FROM pg_depend d WHERE d.classid = 'pg_namespace'::regclass\n"
    "        AND d.objid = n.oid AND d.deptype = 'e')\n"
    "  LOOP EXECUTE 'DROP SCHEMA IF EXISTS ' || r.name || ' CASCADE'; END LOOP;\n"
    "  FOR r IN SELECT 'public.' || quote_ident(c.relname) AS name,\n"
    "      CASE c.relkind WHEN 'v' THEN 'VIEW' WHEN 'm' THEN 'MATERIALIZED VIEW'\n"
    "        WHEN 'S' THEN 'SEQUENCE' WHEN 'f' THEN 'FOREIGN TABLE' ELSE 'TABLE' END AS kind\n"
    "    FROM pg_class c WHERE c.relnamespace = 'public'::regnamespace\n"
    "      AND c.relkind IN ('r', 'p', 'v', 'm', 'S', 'f')\n"
    "      AND NOT EXISTS (SELECT 1 FROM pg_depend d WHERE d.classid = 'pg_class'::regclass\n"
    "        AND d.objid = c.oid AND d.deptype IN ('a', 'i', 'e'))\n"
    "  LOOP EXECUTE 'DROP ' || r.kind || ' IF EXISTS ' || r.name || ' CASCADE'; END LOOP;\n"
    "  FOR r IN SELECT 'public.' || quote_ident(p.proname) || '(' ||\n"
    "        pg_get_function_identity_arguments(p.oid) || ')' AS name,\n"
    "      CASE p.prokind WHEN 'p' THEN 'PROCEDURE' WHEN 'a' THEN 'AGGREGATE' ELSE 'FUNCTION' END AS kind\n"
    "    FROM pg_proc p WHERE p.pronamespace = 'public'::regnamespace\n"
    "      AND NOT EXISTS (SELECT 1 FROM pg_depend d WHERE d.classid = 'pg_proc'::regclass\n"
    "        AND d.objid = p.oid AND d.deptype IN ('a', 'i', 'e'))\n"
    "  LOOP EXECUTE 'DROP ' || r.kind || ' IF EXISTS ' || r.name || ' CASCADE'; END LOOP;\n"
    "  FOR r IN SELECT 'public.' || quote_ident(t.typname) AS name,\n"
    "      CASE t.typtype WHEN 'd' THEN 'DOMAIN' ELSE 'TYPE' END AS kind\n"
    "    FROM pg_type t WHERE t.typnamespace = 'public'::regnamespace\n"
    "      AND t.typtype IN ('e', 'd', 'r', 'c')\n"
    "      AND (t.typtype <> 'c' OR (SELECT c.relkind FROM pg_class c WHERE c.oid = t.typrelid) = 'c')\n"
    "      AND NOT EXISTS (SELECT 1 FROM pg_depend d WHERE d.classid = 'pg_type'::regclass\n"
    "        AND d.objid = t.oid AND d.deptype IN ('a', 'i', 'e'))\n"
    "  LOOP EXECUTE 'DROP ' || r.kind || ' IF EXISTS ' || r.name || ' CASCADE'; END LOOP;\n"
    "END\n"
    "$reltools$;\n";

int
pgsnap_restore(const struct pgsnap_config *cfg, const struct pgsnap *snap,
    const char *current, struct pgsnap *before, char **error)
{
	struct pgurl u = PGURL_INIT;
	struct proc_result r = PROC_RESULT_INIT;
	struct strbuf sql = STRBUF_INIT;
	char hex[SHA256_HEX_SIZE], *why = NULL;
	const char *args[16];
	int rc = -1;

	*error = NULL;
	if (pgurl_parse(&u, cfg->database_url, &why) != 0) {
		*error = xstrfmt("DATABASE_URL: %s", why);
		goto cleanup;
	}
	if (sha256_file(snap->path, hex) != 0) {
		*error = xstrfmt("cannot read '%s': %s", snap->path,
		    strerror(errno));
		goto cleanup;
	}
	if (snap->sha256 == NULL || strcmp(hex, snap->sha256) != 0) {
		*error = xstrfmt("'%s' is not the file its sidecar describes "
		    "(sha256 %s, recorded %s): not restored", snap->path, hex,
		    snap->sha256 ? snap->sha256 : "none");
		goto cleanup;
	}
	/* Nothing is ever beyond recovery: the database as it is, first. */
	if (pgsnap_take_kind(cfg, current, snap->version, "before-restore",
	    before, &why) != 0) {
		*error = xstrfmt("no snapshot of the database as it is, so "
		    "no restore: %s", why);
		goto cleanup;
	}
	strbuf_addf(&sql, "%s/.restore-%ld.sql.tmp", cfg->dir, (long)getpid());
	args[0] = "-f";
	args[1] = sql.buf;
	args[2] = snap->path;
	args[3] = NULL;
	if (pgsnap_run("pg_restore", args, NULL, &r, error) != 0)
		goto cleanup;
	args[0] = "-X";
	args[1] = "-q";
	args[2] = "-w";
	args[3] = "-v";
	args[4] = "ON_ERROR_STOP=1";
	args[5] = "--single-transaction";
	args[6] = "-c";
	args[7] = drop_sql;
	args[8] = "-f";
	args[9] = sql.buf;
	args[10] = "-d";
	args[11] = u.safe;
	args[12] = NULL;
	if (pgsnap_run("psql", args, &u, &r, &why) != 0) {
		*error = xstrfmt("the restore was rolled back, the database "
		    "is as it was: %s", why);
		goto cleanup;
	}
	rc = 0;
cleanup:
	if (sql.len)
		unlink(sql.buf);
	free(why);
	strbuf_release(&sql);
	proc_result_release(&r);
	pgurl_release(&u);
	return rc;
}
