/*
 * msgcheck.h: is a commit message one a conventional history accepts?
 * (rel-gitlog --check, and its --message-file for a commit-msg hook.)
 *
 *	msgcheck_strip(buf, len, &msg);		// a hook's message file
 *	cc_parse(&c, msg.buf, msg.len);
 *	if ((why = msgcheck_problem(&c, MSGCHECK_HOOK)) != NULL)
 *		...refuse, saying why...
 *
 * A message is accepted when its header is conventional (ccommit.h), or
 * is git's own revert header ('Revert "<header>"', 'Reapply "<header>"').
 * A "fixup! ", "squash! " or "amend! " header is refused in a history
 * (it should have been squashed before it landed) and accepted in a hook
 * (git commit --fixup writes it, git rebase --autosquash squashes it).
 * In a hook, the headers git merge writes ("Merge branch 'x'", "Merge
 * remote-tracking branch", "Merge tag", "Merge commit") are accepted
 * too: the hook cannot tell a merge, while a history's merge commits are
 * left out of the check (rel-gitlog's walk) unless asked for.
 */
#ifndef RELTOOLS_MSGCHECK_H
#define RELTOOLS_MSGCHECK_H

#include <stddef.h>

#include "core/strbuf.h"
#include "release/ccommit.h"

enum {
	MSGCHECK_HOOK = 1 << 0	/* a message being committed, not landed */
};

/*
 * Why c is refused (a static string, lower case, no final full stop),
 * or NULL when it is accepted; flags as above.
 */
const char *msgcheck_problem(const struct cc_commit *c, unsigned flags);

/*
 * The message git will commit from the len bytes of a message file
 * (the commit-msg hook's argument), appended to out: as git commit's
 * default cleanup when the message was edited (--cleanup=strip), with
 * the scissors line of --cleanup=scissors and git commit -v: everything
 * from a line "# ------------------------ >8 ------------------------"
 * on is cut, lines starting with '#' are dropped, trailing blanks cut,
 * runs of blank lines made one, and blank lines at both ends dropped;
 * each line ends with '\n'. The comment character is always '#'
 * (core.commentChar is not read).
 */
void msgcheck_strip(const char *buf, size_t len, struct strbuf *out);

#endif
