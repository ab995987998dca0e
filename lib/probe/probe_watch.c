/* probe_watch.c: the status line of a run that waits. */
#include <sys/ioctl.h>

#include <stdio.h>
#include <unistd.h>

#include "core/diag.h"
#include "core/strbuf.h"
#include "probe/probe_watch.h"

void
probe_watch_init(struct probe_watch *w, long long start)
{
	w->tty = isatty(STDERR_FILENO);
	w->start = start;
	w->drawn_at = 0;
	w->said = 0;
}

/* The terminal's width in columns; 80 when it does not say. */
static size_t
columns(void)
{
	struct winsize ws;

	if (ioctl(STDERR_FILENO, TIOCGWINSZ, &ws) == 0 && ws.ws_col > 0)
		return ws.ws_col;
	return 80;
}

/*
 * Keep line on one line: control bytes (a server's words) become '?',
 * and on a terminal it ends before the last column, counted in UTF-8
 * characters, so that "\r" goes back to its start.
 */
static void
one_line(struct strbuf *line, size_t width)
{
	size_t i, chars = 0;
	unsigned char c;

	for (i = 0; i < line->len; i++) {
		c = (unsigned char)line->buf[i];
		if (c < ' ' || c == 0x7f)
			line->buf[i] = '?';
		if ((c & 0xc0) != 0x80 && width && ++chars >= width) {
			line->buf[i] = '\0';
			line->len = i;
			return;
		}
	}
}

void
probe_watch_tell(struct probe_watch *w, long long now, size_t left,
    const char *url, long attempts, const char *last_failure)
{
	struct strbuf line = STRBUF_INIT;
	long long waited = now - w->start;

	if (w->tty) {
		if (waited < PROBE_WATCH_DRAW_MS || (w->drawn_at &&
		    now - w->drawn_at < PROBE_WATCH_DRAW_MS))
			return;
	} else if (w->said || waited < PROBE_WATCH_SAY_MS) {
		return;
	}
	strbuf_addf(&line, "%s: %s %llds for ", progname, w->tty ?
	    "waiting" : "still waiting after", waited / 1000);
	if (left > 1)
		strbuf_addf(&line, "%zu URLs, the first ", left);
	strbuf_addf(&line, "'%s' (%ld attempt%s)", url, attempts,
	    attempts == 1 ? "" : "s");
	if (last_failure)
		strbuf_addf(&line, ", last: %s", last_failure);
	one_line(&line, w->tty ? columns() : 0);
	if (w->tty)
		fprintf(stderr, "\r%s\033[K", line.buf);
	else
		fprintf(stderr, "%s\n", line.buf);
	fflush(stderr);
	w->drawn_at = now;
	w->said = 1;
	strbuf_release(&line);
}

void
probe_watch_done(struct probe_watch *w)
{
	if (w->tty && w->drawn_at) {
		fputs("\r\033[K", stderr);
		fflush(stderr);
	}
	w->drawn_at = 0;
}
