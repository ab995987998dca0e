/*
 * stopsig.h: SIGINT, SIGTERM and SIGHUP as a request to stop a deploy
 * cleanly rather than to die halfway.
 *
 * Once stopsig_catch() has run, the first of them is noted (and ends a
 * health gate's wait, deploy_gate_stop): the step in progress ends, and
 * the caller, asking stopsig_caught() between steps, undoes what it did.
 * A second signal kills as the default action would, for an operator
 * who really means it.
 */
#ifndef RELTOOLS_STOPSIG_H
#define RELTOOLS_STOPSIG_H

void stopsig_catch(void);

/* The signal that asked us to stop, or 0. */
int stopsig_caught(void);

#endif
