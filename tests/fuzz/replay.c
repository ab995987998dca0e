/*
 * replay.c: the standalone driver for a fuzz target. Without libFuzzer it
 * runs LLVMFuzzerTestOneInput over every file of the target's corpus,
 * tests/fuzz/corpus/NAME/ for a binary called replay-NAME (or over the
 * files and directories given), and reports TAP; a crash or sanitizer
 * report fails the run.
 */
#include <dirent.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static int count;

static int
replay_file(const char *path)
{
	FILE *f = fopen(path, "rb");
	unsigned char *buf = NULL;
	size_t len = 0, cap = 0, n;

	if (f == NULL) {
		printf("not ok %d - cannot open %s\n", ++count, path);
		return 1;
	}
	for (;;) {
		if (len == cap) {
			cap = cap ? cap * 2 : 4096;
			buf = realloc(buf, cap);
			if (buf == NULL)
				abort();
		}
		n = fread(buf + len, 1, cap - len, f);
		if (n == 0)
			break;
		len += n;
	}
	fclose(f);
	LLVMFuzzerTestOneInput(buf, len);
	free(buf);
	printf("ok %d - %s\n", ++count, path);
	fflush(stdout);
	return 0;
}

static int
names_cmp(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

static int
replay(const char *path)
{
	struct stat st;
	DIR *d;
	struct dirent *e;
	char **names = NULL, full[4096];
	size_t n = 0, i;
	int bad = 0;

	if (stat(path, &st) != 0 || !S_ISDIR(st.st_mode))
		return replay_file(path);
	if ((d = opendir(path)) == NULL)
		return replay_file(path);
	while ((e = readdir(d)) != NULL) {
		if (e->d_name[0] == '.')
			continue;
		names = realloc(names, (n + 1) * sizeof(*names));
		if (names == NULL || (names[n++] = strdup(e->d_name)) == NULL)
			abort();
	}
	closedir(d);
	if (n)
		qsort(names, n, sizeof(*names), names_cmp);
	for (i = 0; i < n; i++) {
		snprintf(full, sizeof(full), "%s/%s", path, names[i]);
		bad |= replay(full);
		free(names[i]);
	}
	free(names);
	return bad;
}

int
main(int argc, char **argv)
{
	const char *name = strrchr(argv[0], '-');
	char dir[4096];
	int bad = 0, i;

	if (argc < 2) {
		snprintf(dir, sizeof(dir), "tests/fuzz/corpus/%s",
		    name ? name + 1 : "");
		bad = replay(dir);
	}
	for (i = 1; i < argc; i++)
		bad |= replay(argv[i]);
	if (count == 0)
		printf("not ok 1 - empty corpus\n"), count = 1, bad = 1;
	printf("1..%d\n", count);
	return bad;
}
