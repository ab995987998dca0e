/*
 * pipewide.h: a wider pipe between two tools of a pipeline.
 *
 * A pipe holds 64 KiB on Linux. When the reader takes a whole value of
 * a document before it parses it (a release of rel-gitlog --releases is
 * half a megabyte on a long history), the writer blocks while the reader
 * parses, and the reader waits while the writer writes: the two run in
 * turns, not side by side. A pipe as wide as the values lets them
 * overlap.
 */
#ifndef RELTOOLS_PIPEWIDE_H
#define RELTOOLS_PIPEWIDE_H

/*
 * If fd is a pipe, ask the kernel to let it hold up to 1 MiB (or the
 * most an unprivileged process may ask, if less). Anything else, or a
 * system without the call, is left as it is: the width changes speed,
 * never the bytes.
 */
void pipe_widen(int fd);

#endif
