/* test-deploy-state.c: state.json, the lock and the journal on disk. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include "core/strbuf.h"
#include "deploy/config.h"
#include "deploy/journal.h"
#include "deploy/lock.h"
#include "deploy/slot.h"
#include "deploy/state.h"
#include "tap.h"

static void
config(struct deploy_config *c, const char *dir)
{
	struct strbuf text = STRBUF_INIT, err = STRBUF_INIT;

	strbuf_addf(&text, "STATE_DIR=%s/state/deep\nSTART_CMD=./app\n"
	    "CADDY_UPSTREAM_ID=app\nPUBLIC_URL=http://a\n", dir);
	if (deploy_config_parse(c, "test", "conf", text.buf, text.len, 0,
	    &err) != 0)
		printf("# %s\n", err.buf);
	strbuf_release(&text);
	strbuf_release(&err);
}

static void
state(const struct deploy_config *c)
{
	struct deploy_state s, back;
	struct strbuf err = STRBUF_INIT;

	ok(deploy_state_read(c, &s, &err) == 0 && !s.exists && s.active == -1,
	    "a missing state file is a first deploy, not an error");
	s.active = 1;
	s.previous = 0;
	deploy_set_str(&s.previous_version, "1.0.0");
	deploy_set_str(&s.slot[1].version, "2.0.0");
	s.slot[1].pid = 42;
	s.slot[1].running = 1;
	deploy_set_str(&s.snapshot, "test-x.dump");
	ok(deploy_state_write(c, &s, &err) == 0, "written (directories made)");
	ok(deploy_state_read(c, &back, &err) == 0 && back.exists,
	    "read back");
	is_int(back.active, 1, "active");
	is_int(back.previous, 0, "previous");
	is_str(back.previous_version, "1.0.0", "previous version");
	is_str(back.slot[1].version, "2.0.0", "slot version");
	is_int(back.slot[1].pid, 42, "slot pid");
	is_int(back.slot[1].running, 1, "slot running");
	is_int(back.slot[0].running, 0, "the other slot");
	is_str(back.snapshot, "test-x.dump", "snapshot");
	deploy_state_release(&back);
	deploy_state_release(&s);
	strbuf_release(&err);
}

static void
lock(const struct deploy_config *c)
{
	struct deploy_lock l = DEPLOY_LOCK_INIT, other = DEPLOY_LOCK_INIT;
	struct strbuf err = STRBUF_INIT;
	json_t *holder = NULL;
	int held;

	ok(deploy_lock_take(c, "deploy", "2.0.0", NULL, 0, &l, &holder,
	    &err) == 0, "lock taken");
	ok(deploy_lock_peek(c, &held, &holder) == 0 && held, "peek: held");
	is_int(json_integer_value(json_object_get(holder, "pid")), getpid(),
	    "peek: the holder's pid");
	is_str(json_string_value(json_object_get(holder, "version")), "2.0.0",
	    "peek: the holder's version");
	json_decref(holder);
	is_int(deploy_lock_take(c, "rollback", NULL, NULL, 150, &other,
	    &holder, &err), 1, "a second taker waits, then is refused");
	ok(strstr(err.buf, "holds the lock: pid ") != NULL, "naming the holder: %s",
	    err.buf);
	json_decref(holder);
	is_int(deploy_lock_clear(c, &holder, &err), 1, "unlock refused while held");
	json_decref(holder);
	deploy_lock_release(&l);
	ok(deploy_lock_peek(c, &held, &holder) == 0 && !held && holder == NULL,
	    "released: not held, no details left");
	is_int(deploy_lock_clear(c, &holder, &err), 0, "unlock with nothing left");
	strbuf_release(&err);
}

/* hold's lock, with a token, and the verbs that run under it. */
static void
lock_token(const struct deploy_config *c)
{
	struct deploy_lock l = DEPLOY_LOCK_INIT, v = DEPLOY_LOCK_INIT;
	struct strbuf err = STRBUF_INIT;
	json_t *holder = NULL;

	is_int(deploy_lock_take(c, "switch", NULL, "abc123", 0, &v, &holder,
	    &err), 1, "a token with no holder: refused");
	ok(strstr(err.buf, "no longer held") != NULL, "said: %s", err.buf);
	strbuf_reset(&err);
	ok(deploy_lock_take(c, "hold", NULL, "abc123", 0, &l, &holder,
	    &err) == 0 && l.fd >= 0, "hold takes the lock");
	ok(deploy_lock_take(c, "switch", NULL, "abc123", 0, &v, &holder,
	    &err) == 0 && v.borrowed && v.fd < 0 && deploy_lock_held(&v),
	    "the same token: borrowed, nothing taken");
	deploy_lock_release(&v);
	ok(!deploy_lock_held(&v), "a borrowed lock let go");
	is_int(deploy_lock_take(c, "switch", NULL, "def456", 0, &v, &holder,
	    &err), 1, "another token: refused");
	ok(strstr(err.buf, "holds the lock: pid ") != NULL, "naming the holder");
	json_decref(holder);
	holder = NULL;
	is_int(deploy_lock_take(c, "deploy", "3.0.0", NULL, 0, &v, &holder,
	    &err), 1, "no token: refused while hold keeps it");
	json_decref(holder);
	deploy_lock_release(&l);
	strbuf_release(&err);
}

static void
journal(const struct deploy_config *c)
{
	struct strbuf err = STRBUF_INIT;
	json_t *j = json_pack("{s:s, s:s}", "verb", "deploy", "step", "gate");
	json_t *back;
	char *error = NULL;

	ok(deploy_journal_read(c, &error) == NULL && error == NULL,
	    "no journal: nothing interrupted");
	ok(deploy_journal_write(c, j, &err) == 0, "journal written");
	back = deploy_journal_read(c, &error);
	is_str(json_string_value(json_object_get(back, "step")), "gate",
	    "journal read back");
	json_decref(back);
	ok(deploy_journal_remove(c, &err) == 0 &&
	    deploy_journal_read(c, &error) == NULL, "journal removed");
	json_decref(j);
	strbuf_release(&err);
}

/* A slot's process is known by its pid and its start time. */
static void
identity(void)
{
	long long start;
	siginfo_t info;
	pid_t pid = fork();

	if (pid == 0) {
		setsid();
		pause();
		_exit(0);
	}
	while (getsid(pid) != pid)
		usleep(1000);
	start = deploy_pid_start(pid);
	ok(start > 0, "a start time read");
	ok(deploy_pid_ours(pid, start), "its own session, same start: ours");
	ok(deploy_pid_ours(pid, 0), "start unknown: the pid alone");
	ok(!deploy_pid_ours(pid, start + 1),
	    "another start time: a reused pid, not ours");
	kill(pid, SIGKILL);
	/* Until it is a zombie, not reaped. */
	waitid(P_PID, (id_t)pid, &info, WEXITED | WNOWAIT);
	ok(!deploy_pid_ours(pid, start), "a zombie is not ours");
	waitpid(pid, NULL, 0);
	ok(!deploy_pid_ours(pid, start), "gone");
}

/* Remove what the test made in dir, file by file. */
static void
remove_all(const char *dir)
{
	static const char *const made[] = {
		"state/deep/state.json", "state/deep/lock", "state/deep", "state", ""
	};
	struct strbuf path = STRBUF_INIT;
	size_t i;

	for (i = 0; i < sizeof(made) / sizeof(made[0]); i++) {
		strbuf_reset(&path);
		strbuf_addf(&path, "%s/%s", dir, made[i]);
		if (remove(path.buf) != 0)
			printf("# cannot remove %s\n", path.buf);
	}
	strbuf_release(&path);
}

int
main(void)
{
	char dir[] = "/tmp/test-deploy-state.XXXXXX";
	struct deploy_config c;

	if (mkdtemp(dir) == NULL)
		return 1;
	config(&c, dir);
	state(&c);
	lock_token(&c);
	lock(&c);
	journal(&c);
	identity();
	deploy_config_release(&c);
	remove_all(dir);
	return tap_done();
}
