/*
 * slot.h: starting and stopping the application in a slot.
 *
 * Two kinds of START_CMD work. Without STOP_CMD it stays in the
 * foreground: it is started detached in a session of its own, its output
 * appended to STATE_DIR/SLOT.log, and its pid (the id of its process
 * group) recorded; stopping it is SIGTERM to the group, then SIGKILL
 * after STOP_TIMEOUT. With STOP_CMD it returns once it has started
 * something (docker run -d, systemctl start) and STOP_CMD stops it. Both
 * see SLOT, PORT, VERSION, DEPLOY_ENV and whatever else e holds.
 */
#ifndef RELTOOLS_DEPLOY_SLOT_H
#define RELTOOLS_DEPLOY_SLOT_H

#include <sys/types.h>

#include "deploy/command.h"
#include "deploy/config.h"
#include "deploy/state.h"

/* Does something accept connections on 127.0.0.1:port (or [::1])? */
int deploy_port_busy(int port);

/*
 * Is pid a live slot we started: alive, not a zombie, its own session,
 * and (start > 0) started at start, as deploy_pid_start() said then, so
 * that a pid reused after a reboot is never taken for the slot?
 */
int deploy_pid_ours(long pid, long long start);

/* When pid started (clock ticks since boot, /proc/PID/stat), or 0. */
long long deploy_pid_start(long pid);

/*
 * Start slot i with version. Returns 0 and *pid (0 for the STOP_CMD
 * kind), or -1 with *error (malloc'd): START_CMD could not run or
 * failed.
 */
int deploy_slot_start(const struct deploy_config *c, int i,
    const char *version, struct deploy_env *e, pid_t *pid, char **error);

/*
 * Stop slot i as recorded in ss (pid, version), then wait up to
 * STOP_TIMEOUT for its port to close. Returns 0, or -1 with *error.
 */
int deploy_slot_stop(const struct deploy_config *c, int i,
    const struct deploy_slot_state *ss, struct deploy_env *e, char **error);

/*
 * The pid a foreground slot i wrote into STATE_DIR/SLOT.pid when it last
 * started (it does so before it runs START_CMD), or 0.
 */
long deploy_slot_pidfile(const struct deploy_config *c, int i);

/*
 * Make slot i's port free before starting it: what holds it is stopped
 * when it is ours (the pid recorded in ss or in SLOT.pid, or a running
 * slot of the STOP_CMD kind); anything else is a foreign process and an
 * error. Returns 0, or -1 with *error.
 */
int deploy_slot_free_port(const struct deploy_config *c, int i,
    const struct deploy_slot_state *ss, struct deploy_env *e, char **error);

#endif
