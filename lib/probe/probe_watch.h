/*
 * probe_watch.h: what health-probe waits for, told to a person while the
 * probes run (without -v, which tells every attempt instead).
 *
 * On a terminal, one status line on stderr, rewritten in place ("\r",
 * then clear to the end of the line) at most every PROBE_WATCH_DRAW_MS:
 * how long it has waited, the URL waited for longest, its attempts and
 * its last failure, cut to the terminal's width; the line is cleared
 * before the run's report. Not on a terminal, where a rewritten line
 * would pile up, one line once the run has waited PROBE_WATCH_SAY_MS.
 * A run that ends sooner says nothing.
 */
#ifndef RELTOOLS_PROBE_WATCH_H
#define RELTOOLS_PROBE_WATCH_H

#include <stddef.h>

#define PROBE_WATCH_SAY_MS 3000
#define PROBE_WATCH_DRAW_MS 250

struct probe_watch {
	int tty;		/* stderr is a terminal */
	long long start;	/* of the run (clock_ms()) */
	long long drawn_at;	/* the last status line, 0: none shown */
	int said;		/* the line without a terminal was written */
};

/* Start watching a run that began at start (clock_ms()). */
void probe_watch_init(struct probe_watch *w, long long start);

/*
 * The run at now: left of its URLs are not decided; the one waited for
 * longest is url, after attempts, whose last one failed with
 * last_failure (NULL: none failed yet).
 */
void probe_watch_tell(struct probe_watch *w, long long now, size_t left,
    const char *url, long attempts, const char *last_failure);

/* The run is over: clear the status line, if one is shown. */
void probe_watch_done(struct probe_watch *w);

#endif
