/*
 * gitlocal.h: libgit2 for a program that reads local repositories only.
 *
 *	git_libgit2_init() of a libgit2 built with mbedTLS (Debian's) parses
 *	the system's CA bundle, 10 ms of every run, for TLS connections a
 *	program that never reaches a remote does not make. gitlocal.c
 *	interposes mbedtls_x509_crt_parse_file() (the executable's symbols
 *	come first in the dynamic linker's search, ld.so(8)): after
 *	gitlocal_only(), it loads nothing and succeeds; before, and in every
 *	program that does not call gitlocal_only(), it hands the call on to
 *	mbedTLS. A libgit2 built with OpenSSL never calls it.
 */
#ifndef RELTOOLS_GITLOCAL_H
#define RELTOOLS_GITLOCAL_H

/* Call before gitrepo_open(): this program makes no TLS connection. */
void gitlocal_only(void);

#endif
