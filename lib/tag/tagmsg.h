/*
 * tagmsg.h: the message of a release tag, both ways, so that the tag and
 * the GitHub release carry the same notes by one rule: the tag name as
 * the subject line (git tag -n and forges show it), a blank line, then
 * the release notes as "rel-changelog notes" prints them, ending in a
 * newline.
 */
#ifndef RELTOOLS_TAGMSG_H
#define RELTOOLS_TAGMSG_H

#include <stddef.h>

/* The message of tag with notes (len bytes). Malloc'd. */
char *tagmsg_make(const char *tag, const char *notes, size_t len);

/*
 * The notes of a tag message: what follows its subject paragraph,
 * without the final newlines or a signature block ("-----BEGIN ..."
 * at the start of a line, which git tag -s appends). Malloc'd.
 */
char *tagmsg_notes(const char *msg);

#endif
