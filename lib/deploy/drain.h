/*
 * drain.h: how many clients are still connected to a slot, as the kernel
 * sees it, so deploy-slot stops the old slot only once it is idle.
 *
 * Counted: TCP sockets in state ESTABLISHED whose local port is the
 * slot's, IPv4 (/proc/net/tcp) and IPv6 (/proc/net/tcp6, which also
 * holds IPv4-mapped connections of a dual-stack listener), in the
 * network namespace of the calling process, whichever process owns them.
 * Listening sockets, TIME_WAIT and the other states are not counted;
 * neither are our own outgoing connections to port (their local port is
 * an ephemeral one).
 *
 *	long long deadline = clock_ms() + drain_timeout_ms;
 *	int n;
 *
 *	while ((n = drain_count(port)) > 0 && clock_ms() < deadline)
 *		clock_sleep_ms(100);
 *	if (n < 0)
 *		...errno...
 *
 * or drain_wait(port, drain_timeout_ms, 100).
 */
#ifndef RELTOOLS_DEPLOY_DRAIN_H
#define RELTOOLS_DEPLOY_DRAIN_H

#include <stddef.h>

/*
 * The number of established connections on local port (1-65535).
 * Returns it (>= 0), or -1 with errno set when /proc/net/tcp cannot be
 * read (a missing tcp6, IPv6 disabled, counts as none).
 */
int drain_count(unsigned port);

/*
 * The same over text in the format of /proc/net/tcp or tcp6 (a heading
 * line, then one socket a line; lines that do not parse are skipped).
 */
int drain_count_text(const char *text, size_t len, unsigned port);

/*
 * Poll drain_count(port) every poll_ms (<= 0: 100) until it is 0 or
 * timeout_ms have passed. Returns the last count (0: drained), or -1
 * with errno set.
 */
int drain_wait(unsigned port, long long timeout_ms, long long poll_ms);

#endif
