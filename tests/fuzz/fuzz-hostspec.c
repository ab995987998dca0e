/* fuzz-hostspec.c: HOSTS lists on any bytes; what parses is safe for ssh. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "core/strbuf.h"
#include "deploy/hostspec.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char *list = malloc(size + 1), *error = NULL, *again_error = NULL;
	struct deploy_host *hosts = NULL, *again = NULL;
	size_t n = 0, m = 0, i;

	memcpy(list, data, size);
	list[size] = '\0';
	if (deploy_hosts_parse(list, &hosts, &n, &error) == 0) {
		if (error != NULL || n == 0)
			__builtin_trap();
		for (i = 0; i < n; i++) {
			/* Nothing ssh could take for an option or a shell word. */
			if (hosts[i].dest[0] == '-' || hosts[i].dest[0] == '\0' ||
			    strpbrk(hosts[i].dest, " \t\n'\"\\$;&|<>`,") ||
			    hosts[i].port < 0 || hosts[i].port > 65535)
				__builtin_trap();
		}
		/* A spec parses to itself. */
		if (deploy_hosts_parse(hosts[0].spec, &again, &m,
		    &again_error) != 0 || m != 1 ||
		    strcmp(again[0].dest, hosts[0].dest) != 0 ||
		    again[0].port != hosts[0].port)
			__builtin_trap();
		deploy_hosts_release(again, m);
		deploy_hosts_release(hosts, n);
	} else if (error == NULL || hosts != NULL || n != 0) {
		__builtin_trap();
	}
	free(error);
	free(again_error);
	free(list);
	return 0;
}
