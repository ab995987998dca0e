/* test-jsonout.c: streamed documents equal whole ones. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "jsonout.h"
#include "tap.h"

static char *
streamed(int pretty)
{
	struct json_stream js;
	char *buf = NULL;
	size_t len = 0;
	FILE *f = open_memstream(&buf, &len);

	json_stream_init(&js, f, pretty);
	json_stream_begin_object(&js);
	json_stream_key(&js, "schema");
	json_stream_value(&js, json_string("t/1"));
	json_stream_key(&js, "list");
	json_stream_begin_array(&js);
	json_stream_value(&js, json_pack("{s:i,s:[i,i]}", "a", 1, "b", 2, 3));
	json_stream_value(&js, json_pack("{s:{}}", "c"));
	json_stream_end_array(&js);
	json_stream_key(&js, "empty");
	json_stream_begin_array(&js);
	json_stream_end_array(&js);
	json_stream_key(&js, "n");
	json_stream_value(&js, json_null());
	json_stream_end_object(&js);
	ok(json_stream_finish(&js) == 0, "stream finished (pretty %d)", pretty);
	fclose(f);
	return buf;
}

static char *
whole(int pretty)
{
	json_t *doc = json_pack("{s:s,s:[{s:i,s:[i,i]},{s:{}}],s:[],s:n}",
	    "schema", "t/1", "list", "a", 1, "b", 2, 3, "c", "empty", "n");
	char *buf = NULL;
	size_t len = 0;
	FILE *f = open_memstream(&buf, &len);

	ok(json_print(f, doc, pretty) == 0, "printed (pretty %d)", pretty);
	fclose(f);
	json_decref(doc);
	return buf;
}

int
main(void)
{
	int pretty;
	char *a, *b;

	for (pretty = 0; pretty <= 1; pretty++) {
		a = streamed(pretty);
		b = whole(pretty);
		is_str(a, b, "streamed equals whole, pretty %d", pretty);
		free(a);
		free(b);
	}
	return tap_done();
}
