/* fuzz-deployconf.c: any .deploy.conf.ENV parses or is refused with FILE:LINE. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "core/strbuf.h"
#include "deploy/config.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct deploy_config c;
	struct strbuf err = STRBUF_INIT;
	size_t i;

	if (deploy_config_parse(&c, "fuzz", "conf", (const char *)data, size, 0,
	    &err) != 0) {
		/* Every refusal says where: the file, then a line or a colon. */
		if (err.len == 0 || strncmp(err.buf, "conf:", 5) != 0)
			__builtin_trap();
	} else if (c.nhosts > 0) {
		/* A file for hosts names them and nothing a deploy needs. */
		if (c.remote_config == NULL || c.start_cmd.argc != 0 ||
		    c.database_url != NULL || c.state_dir != NULL ||
		    (c.multi ? c.db_host >= c.nhosts : c.nhosts != 1))
			__builtin_trap();
		deploy_config_release(&c);
	} else {
		if (c.start_cmd.argc == 0 || c.public_url == NULL ||
		    c.caddy_upstream_id == NULL || c.slots[0].port == c.slots[1].port ||
		    c.nverify_asserts == 0 || c.state_dir == NULL)
			__builtin_trap();
		for (i = 0; i < c.start_cmd.argc; i++)
			if (c.start_cmd.argv[i] == NULL)
				__builtin_trap();
		deploy_config_release(&c);
	}
	strbuf_release(&err);
	return 0;
}
