/* test-drain.c: established connections counted from the kernel's tables. */
#include <arpa/inet.h>
#include <errno.h>
#include <netinet/in.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

#include "core/clock.h"
#include "deploy/drain.h"
#include "tap.h"

#define CLIENTS 5

/* A listener on addr (AF_INET or AF_INET6 loopback), port chosen by the kernel. */
static int
listen_on(int family, unsigned *port)
{
	struct sockaddr_storage ss;
	socklen_t len;
	int fd = socket(family, SOCK_STREAM, 0);

	if (fd < 0)
		return -1;
	memset(&ss, 0, sizeof(ss));
	if (family == AF_INET) {
		struct sockaddr_in *in = (struct sockaddr_in *)&ss;

		in->sin_family = AF_INET;
		in->sin_addr.s_addr = htonl(INADDR_LOOPBACK);
		len = sizeof(*in);
	} else {
		struct sockaddr_in6 *in6 = (struct sockaddr_in6 *)&ss;

		in6->sin6_family = AF_INET6;
		in6->sin6_addr = in6addr_loopback;
		len = sizeof(*in6);
	}
	if (bind(fd, (struct sockaddr *)&ss, len) != 0 || listen(fd, 16) != 0 ||
	    getsockname(fd, (struct sockaddr *)&ss, &len) != 0) {
		close(fd);
		return -1;
	}
	*port = ntohs(family == AF_INET ? ((struct sockaddr_in *)&ss)->sin_port :
	    ((struct sockaddr_in6 *)&ss)->sin6_port);
	return fd;
}

static int
connect_to(int family, unsigned port)
{
	struct sockaddr_storage ss;
	socklen_t len;
	int fd = socket(family, SOCK_STREAM, 0);

	memset(&ss, 0, sizeof(ss));
	if (family == AF_INET) {
		struct sockaddr_in *in = (struct sockaddr_in *)&ss;

		in->sin_family = AF_INET;
		in->sin_addr.s_addr = htonl(INADDR_LOOPBACK);
		in->sin_port = htons(port);
		len = sizeof(*in);
	} else {
		struct sockaddr_in6 *in6 = (struct sockaddr_in6 *)&ss;

		in6->sin6_family = AF_INET6;
		in6->sin6_addr = in6addr_loopback;
		in6->sin6_port = htons(port);
		len = sizeof(*in6);
	}
	if (fd >= 0 && connect(fd, (struct sockaddr *)&ss, len) != 0) {
		close(fd);
		return -1;
	}
	return fd;
}

static void
check_family(int family, const char *name)
{
	int lfd, client[CLIENTS], server[CLIENTS], i;
	unsigned port = 0;
	long long t;

	lfd = listen_on(family, &port);
	if (lfd < 0) {
		ok(family == AF_INET6, "%s: listening (%s)", name, strerror(errno));
		return;
	}
	is_int(drain_count(port), 0, "%s: a listener alone: 0", name);
	for (i = 0; i < CLIENTS; i++) {
		client[i] = connect_to(family, port);
		server[i] = accept(lfd, NULL, NULL);
	}
	ok(client[CLIENTS - 1] >= 0 && server[CLIENTS - 1] >= 0,
	    "%s: %d clients connected", name, CLIENTS);
	is_int(drain_count(port), CLIENTS, "%s: %d established", name, CLIENTS);
	for (i = 0; i < 2; i++) {
		close(client[i]);
		close(server[i]);
	}
	is_int(drain_count(port), CLIENTS - 2, "%s: two closed, %d left", name,
	    CLIENTS - 2);
	t = clock_ms();
	is_int(drain_wait(port, 200, 20), CLIENTS - 2,
	    "%s: drain_wait times out with them still there", name);
	ok(clock_ms() - t >= 200, "%s: after its timeout", name);
	/* The clients close; the server side is then CLOSE_WAIT, not counted. */
	for (i = 2; i < CLIENTS; i++)
		close(client[i]);
	is_int(drain_wait(port, 2000, 20), 0,
	    "%s: closed by the clients: drained", name);
	for (i = 2; i < CLIENTS; i++)
		close(server[i]);
	close(lfd);
}

int
main(void)
{
	static const char table[] =
	    "  sl  local_address rem_address   st tx_queue rx_queue tr tm->when retrnsmt   uid  timeout inode\n"
	    "   0: 0100007F:1F91 00000000:0000 0A 00000000:00000000 00:00000000 00000000     0        0 1 1 0 100 0 0 10 0\n"
	    "   1: 0100007F:1F91 0100007F:C350 01 00000000:00000000 00:00000000 00000000     0        0 2 1 0 20 4 30 10 -1\n"
	    "   2: 0100007F:C350 0100007F:1F91 01 00000000:00000000 00:00000000 00000000     0        0 3 1 0 20 4 30 10 -1\n"
	    "   3: 0100007F:1F91 0100007F:C351 06 00000000:00000000 03:00001217 00000000     0        0 0 3 0\n"
	    "   4: 0100007F:1F91 0100007F:C352 01 00000000:00000000 00:00000000 00000000     0        0 4 1 0 20 4 30 10 -1\n"
	    "   5: 00000000000000000000000000000000:1F91 00000000000000000000000000000000:0000 01 0\n"
	    "garbage\n"
	    "   6: 0100007F:1F9X 0100007F:C352 01 x\n"
	    "   7: 0100007F:1F91";

	is_int(drain_count_text(table, sizeof(table) - 1, 8081), 3,
	    "a table: established on local port 8081 only, not listening, "
	    "TIME_WAIT or outgoing");
	is_int(drain_count_text(table, sizeof(table) - 1, 50000), 1,
	    "the outgoing side counts for its own local port");
	is_int(drain_count_text("", 0, 8081), 0, "an empty table");
	errno = 0;
	ok(drain_count(0) == -1 && errno == EINVAL, "port 0 is EINVAL");
	check_family(AF_INET, "IPv4");
	check_family(AF_INET6, "IPv6");
	return tap_done();
}
