/*
 * notematch.h: when a commit's description and a hand-written note say
 * the same thing, and how the hand-written notes are capitalised: the
 * one place rel-changelog release decides either (changelog_merge.c).
 *
 * Two notes are the same when, normalised (changelog_normalize_note()),
 * what follows a leading verb form and article is the same and their
 * verbs agree. The verb forms, lower-case after normalisation:
 *
 *	add adds added adding         fix fixes fixed fixing
 *	remove removes removed removing   drop drops dropped dropping
 *	change changes changed changing   update updates updated updating
 *	improve improves improved improving
 *	rename renames renamed renaming
 *	deprecate deprecates deprecated deprecating
 *
 * each form standing for its verb; the article is "a", "an" or "the",
 * after the verb or first. Verbs agree when they are the same, or when
 * one note has none: the section heading says it ("Added", "Fixed").
 * So "add --next option", "Added a `--next` option." and "A --next
 * option" are one note; "add X" and "remove X" are two, and so are
 * "add X" and "add Xs".
 */
#ifndef RELTOOLS_NOTEMATCH_H
#define RELTOOLS_NOTEMATCH_H

#include <stddef.h>

#include "core/strbuf.h"

/*
 * A note's text for comparison, appended to out: lower-case, without
 * leading "**x:**" markers, backticks, a trailing "(#12)", "(1a2b3c4)"
 * or "([1a2b3c4](URL))" reference, blanks and a final full stop.
 */
void changelog_normalize_note(const char *s, size_t len, struct strbuf *out);

/* Nonzero when the normalised notes a and b are the same (see above). */
int changelog_same_note(const char *a, size_t alen, const char *b,
    size_t blen);

/*
 * How a note (as written) starts, after blanks and "**x:**" markers:
 * 1 with an upper-case letter, 0 a lower-case one, -1 anything else.
 */
int changelog_note_case(const char *s, size_t len);

#endif
