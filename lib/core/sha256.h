/*
 * sha256.h: SHA-256 (FIPS 180-4), for checksums of files we write and
 * check again later (deploy-slot's snapshots).
 *
 *	struct sha256 h;
 *	char hex[SHA256_HEX_SIZE];
 *
 *	sha256_init(&h);
 *	sha256_update(&h, buf, len);	// as often as needed
 *	sha256_hex(&h, hex);		// 64 lower-case hex digits and a NUL
 */
#ifndef RELTOOLS_SHA256_H
#define RELTOOLS_SHA256_H

#include <stddef.h>
#include <stdint.h>

#define SHA256_HEX_SIZE 65

struct sha256 {
	uint32_t state[8];
	uint64_t bytes;		/* hashed so far */
	unsigned char block[64];
	size_t fill;		/* bytes waiting in block */
};

void sha256_init(struct sha256 *h);
void sha256_update(struct sha256 *h, const void *data, size_t len);
/* Finish: the digest in hex; h must be initialised again before reuse. */
void sha256_hex(struct sha256 *h, char hex[SHA256_HEX_SIZE]);

/*
 * The SHA-256 of the file at path in hex. Returns 0, or -1 with errno
 * set.
 */
int sha256_file(const char *path, char hex[SHA256_HEX_SIZE]);

#endif
