/* stopsig.c: the signals that ask a deploy to stop. */
#include <signal.h>
#include <string.h>

#include "deploy/gate.h"
#include "deploy/stopsig.h"

static volatile sig_atomic_t stop_signal;

static void
on_stop_signal(int sig)
{
	if (stop_signal) {
		signal(sig, SIG_DFL);
		raise(sig);
	}
	stop_signal = sig;
	deploy_gate_stop = 1;
}

void
stopsig_catch(void)
{
	static const int sigs[] = { SIGINT, SIGTERM, SIGHUP };
	struct sigaction sa;
	size_t i;

	memset(&sa, 0, sizeof(sa));
	sa.sa_handler = on_stop_signal;
	sa.sa_flags = SA_RESTART;
	sigemptyset(&sa.sa_mask);
	for (i = 0; i < sizeof(sigs) / sizeof(sigs[0]); i++)
		sigaction(sigs[i], &sa, NULL);
}

int
stopsig_caught(void)
{
	return (int)stop_signal;
}
