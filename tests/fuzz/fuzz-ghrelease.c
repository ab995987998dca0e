/* fuzz-ghrelease.c: GitHub release and asset-list answers, and tag
 * messages, on any bytes. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "forge/ghrelease.h"
#include "tag/tagmsg.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct gh_release rel;
	struct gh_assets list = { NULL, 0, 0 };
	char *msg = malloc(size + 1), *notes;
	size_t i;

	memset(&rel, 0, sizeof(rel));
	/* A release has an id and a tag; its upload URL has no template. */
	if (gh_release_parse(&rel, (const char *)data, size) == 0 &&
	    (rel.id <= 0 || rel.tag_name == NULL || rel.upload_url == NULL ||
	    strchr(rel.upload_url, '{')))
		__builtin_trap();
	gh_release_free(&rel);
	gh_assets_parse(&list, (const char *)data, size);
	for (i = 0; i < list.n; i++)
		if (list.v[i].id <= 0 || list.v[i].name == NULL ||
		    (list.v[i].sha256 && strlen(list.v[i].sha256) != 64))
			__builtin_trap();
	gh_assets_free(&list);
	memcpy(msg, data, size);
	msg[size] = '\0';
	notes = tagmsg_notes(msg);
	/* The notes are a part of the message. */
	if (strlen(notes) > strlen(msg) || (*notes && !strstr(msg, notes)))
		__builtin_trap();
	free(notes);
	free(msg);
	return 0;
}
