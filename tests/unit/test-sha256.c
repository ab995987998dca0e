/* test-sha256.c: SHA-256 against FIPS 180-4's examples and sha256sum. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "core/sha256.h"
#include "tap.h"

static void
check(const char *data, size_t len, size_t step, const char *want,
    const char *name)
{
	struct sha256 h;
	char hex[SHA256_HEX_SIZE];
	size_t i;

	sha256_init(&h);
	for (i = 0; i < len; i += step)
		sha256_update(&h, data + i, len - i < step ? len - i : step);
	sha256_hex(&h, hex);
	is_str(hex, want, "%s (in pieces of %zu)", name, step);
}

int
main(void)
{
	static const char two[] = "abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq";
	char *million = malloc(1000000), hex[SHA256_HEX_SIZE];
	char path[] = "/tmp/test-sha256.XXXXXX";
	FILE *f;
	int fd;

	check("", 0, 1, "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855", "empty");
	check("abc", 3, 1, "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad", "abc");
	check(two, strlen(two), 1, "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1", "two blocks");
	check(two, strlen(two), 7, "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1", "two blocks");
	memset(million, 'a', 1000000);
	check(million, 1000000, 1000000, "cdc76e5c9914fb9281a1c7e284d73e67f1809a48a497200e046d39ccc7112cd0", "a million a");
	check(million, 1000000, 63, "cdc76e5c9914fb9281a1c7e284d73e67f1809a48a497200e046d39ccc7112cd0", "a million a");
	check(million, 64, 64, "ffe054fe7ae0cb6dc65c3af9b61d5209f439851db43d0ba5997337df154668eb", "one block of a");
	check(million, 55, 10, "9f4390f8d30c2dd92ec9f095b65e2b9ae9b0a925a5258e241c9f1e910f734318", "55 bytes");
	check(million, 56, 10, "b35439a4ac6f0948b6d6f9e3c6af0f5f590ce20f1bde7090ef7970686ec6738a", "56 bytes");

	fd = mkstemp(path);
	f = fdopen(fd, "w");
	fwrite(million, 1, 1000000, f);
	fclose(f);
	ok(sha256_file(path, hex) == 0, "a file hashed");
	is_str(hex, "cdc76e5c9914fb9281a1c7e284d73e67f1809a48a497200e046d39ccc7112cd0", "its digest");
	unlink(path);
	ok(sha256_file(path, hex) == -1, "a missing file: -1");
	free(million);
	return tap_done();
}
