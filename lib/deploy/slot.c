/* slot.c: start and stop a slot; whose process holds its port. */
#include <arpa/inet.h>
#include <dirent.h>
#include <errno.h>
#include <netinet/in.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

#include "core/clock.h"
#include "core/diag.h"
#include "core/readfile.h"
#include "deploy/slot.h"

static int
connects(int family, int port)
{
	struct sockaddr_in a4;
	struct sockaddr_in6 a6;
	int fd = socket(family, SOCK_STREAM | SOCK_CLOEXEC, 0), ok;

	if (fd < 0)
		return 0;
	if (family == AF_INET) {
		memset(&a4, 0, sizeof(a4));
		a4.sin_family = AF_INET;
		a4.sin_port = htons((unsigned short)port);
		a4.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
		ok = connect(fd, (struct sockaddr *)&a4, sizeof(a4)) == 0;
	} else {
		memset(&a6, 0, sizeof(a6));
		a6.sin6_family = AF_INET6;
		a6.sin6_port = htons((unsigned short)port);
		a6.sin6_addr = in6addr_loopback;
		ok = connect(fd, (struct sockaddr *)&a6, sizeof(a6)) == 0;
	}
	close(fd);
	return ok;
}

int
deploy_port_busy(int port)
{
	return connects(AF_INET, port) || connects(AF_INET6, port);
}

/* The fields of /proc/pid/stat after the command's ")", into sb. */
static const char *
stat_fields(long pid, struct strbuf *sb)
{
	char path[64];
	const char *paren;

	snprintf(path, sizeof(path), "/proc/%ld/stat", pid);
	if (readfile(path, sb) != 0 || (paren = strrchr(sb->buf, ')')) == NULL ||
	    paren[1] != ' ')
		return NULL;
	return paren + 2;
}

long long
deploy_pid_start(long pid)
{
	struct strbuf stat = STRBUF_INIT;
	const char *f = pid > 0 ? stat_fields(pid, &stat) : NULL;
	long long start = 0;

	/* state ppid pgrp session tty tpgid flags minflt cminflt majflt
	   cmajflt utime stime cutime cstime priority nice threads
	   itrealvalue starttime */
	if (f == NULL || sscanf(f, "%*c %*d %*d %*d %*d %*d %*u %*u %*u %*u "
	    "%*u %*u %*u %*d %*d %*d %*d %*d %*d %lld", &start) != 1)
		start = 0;
	strbuf_release(&stat);
	return start;
}

int
deploy_pid_ours(long pid, long long start)
{
	struct strbuf stat = STRBUF_INIT;
	const char *f;
	int alive;

	if (pid <= 0 || kill((pid_t)pid, 0) != 0 || getsid((pid_t)pid) != pid)
		return 0;
	/* A zombie nobody reaped yet is gone as far as we care. */
	f = stat_fields(pid, &stat);
	alive = f != NULL && *f != 'Z';
	strbuf_release(&stat);
	return alive && (start <= 0 || deploy_pid_start(pid) == start);
}

static void
slot_env(const struct deploy_config *c, int i, const char *version,
    struct deploy_env *e)
{
	char port[16];

	snprintf(port, sizeof(port), "%d", c->slots[i].port);
	deploy_env_set(e, "SLOT", c->slots[i].name);
	deploy_env_set(e, "PORT", port);
	deploy_env_set(e, "VERSION", version ? version : "");
}

/* Run a command of the slot; 0, or -1 with *error. */
static int
run_slot_cmd(const char *key, char *const argv[], struct deploy_env *e,
    char **error)
{
	int status = deploy_command_run(argv, e, NULL, error);

	if (status < 0)
		return -1;
	if (status != 0) {
		*error = xstrfmt("%s '%s' failed with exit status %d", key, argv[0],
		    status);
		return -1;
	}
	return 0;
}

int
deploy_slot_start(const struct deploy_config *c, int i, const char *version,
    struct deploy_env *e, pid_t *pid, char **error)
{
	struct strbuf log = STRBUF_INIT, pidfile = STRBUF_INIT;

	*pid = 0;
	slot_env(c, i, version, e);
	if (c->stop_cmd.argc > 0)
		return run_slot_cmd("START_CMD", c->start_cmd.argv, e, error);
	strbuf_addf(&log, "%s/%s.log", c->state_dir, c->slots[i].name);
	strbuf_addf(&pidfile, "%s/%s.pid", c->state_dir, c->slots[i].name);
	*pid = deploy_command_spawn(c->start_cmd.argv, e, log.buf, pidfile.buf,
	    error);
	strbuf_release(&log);
	strbuf_release(&pidfile);
	return *pid > 0 ? 0 : -1;
}

/*
 * Does a process of group pgid still run? A zombie does not count: the
 * slot's parent is init, which may be slow to reap it.
 */
static int
group_alive(pid_t pgid)
{
	struct strbuf stat = STRBUF_INIT;
	struct dirent *d;
	const char *f;
	long grp;
	int alive = 0;
	DIR *dir;

	if (kill(-pgid, 0) != 0 && errno == ESRCH)
		return 0;
	dir = opendir("/proc");
	if (dir == NULL)
		return 1;
	while (!alive && (d = readdir(dir)) != NULL) {
		if (d->d_name[0] < '0' || d->d_name[0] > '9')
			continue;
		strbuf_reset(&stat);
		f = stat_fields(strtol(d->d_name, NULL, 10), &stat);
		/* "S PPID PGRP ...": the state, then the group. */
		if (f && sscanf(f, "%*c %*d %ld", &grp) == 1 && grp == pgid &&
		    *f != 'Z')
			alive = 1;
	}
	closedir(dir);
	strbuf_release(&stat);
	return alive;
}

/* Wait up to ms for pid's process group to end; 1 when it did. */
static int
group_gone(pid_t pid, long long ms)
{
	long long until = clock_ms() + ms;

	while (group_alive(pid)) {
		if (clock_ms() >= until)
			return 0;
		clock_sleep_ms(10);
	}
	return 1;
}

static int
port_closes(int port, long long ms)
{
	long long until = clock_ms() + ms;

	while (deploy_port_busy(port)) {
		if (clock_ms() >= until)
			return 0;
		clock_sleep_ms(20);
	}
	return 1;
}

int
deploy_slot_stop(const struct deploy_config *c, int i,
    const struct deploy_slot_state *ss, struct deploy_env *e, char **error)
{
	pid_t pid = (pid_t)ss->pid;

	*error = NULL;
	if (c->stop_cmd.argc > 0) {
		slot_env(c, i, ss->version, e);
		if (run_slot_cmd("STOP_CMD", c->stop_cmd.argv, e, error) != 0)
			return -1;
	} else if (deploy_pid_ours(pid, ss->pid_start)) {
		kill(-pid, SIGTERM);
		if (!group_gone(pid, c->stop_timeout_ms)) {
			warnmsg("slot '%s' (pid %ld) still runs %lldms after "
			    "SIGTERM: SIGKILL", c->slots[i].name, (long)pid,
			    c->stop_timeout_ms);
			kill(-pid, SIGKILL);
			group_gone(pid, 2000);
		}
	}
	if (!port_closes(c->slots[i].port, c->stop_timeout_ms)) {
		*error = xstrfmt("port %d of slot '%s' is still open after stopping "
		    "it", c->slots[i].port, c->slots[i].name);
		return -1;
	}
	return 0;
}

long
deploy_slot_pidfile(const struct deploy_config *c, int i)
{
	struct strbuf path = STRBUF_INIT, text = STRBUF_INIT;
	long pid = 0;

	strbuf_addf(&path, "%s/%s.pid", c->state_dir, c->slots[i].name);
	if (readfile(path.buf, &text) == 0)
		pid = strtol(text.buf, NULL, 10);
	strbuf_release(&path);
	strbuf_release(&text);
	return pid > 0 ? pid : 0;
}

int
deploy_slot_free_port(const struct deploy_config *c, int i,
    const struct deploy_slot_state *ss, struct deploy_env *e, char **error)
{
	struct deploy_slot_state left = *ss;
	int port = c->slots[i].port;

	*error = NULL;
	if (!deploy_port_busy(port))
		return 0;
	/* Not recorded in the state: started by a run killed right then. */
	if (!deploy_pid_ours(left.pid, left.pid_start)) {
		left.pid = deploy_slot_pidfile(c, i);
		left.pid_start = 0;
	}
	if (deploy_pid_ours(left.pid, left.pid_start) ||
	    (c->stop_cmd.argc > 0 && ss->running)) {
		progress("slot '%s': stopping what an earlier run left on port "
		    "%d", c->slots[i].name, port);
		return deploy_slot_stop(c, i, &left, e, error);
	}
	*error = xstrfmt("port %d of slot '%s' is held by a process deploy-slot "
	    "did not start: stop it or change SLOTS", port, c->slots[i].name);
	return -1;
}
