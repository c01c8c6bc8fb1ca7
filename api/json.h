/* JSON values for the layers above api/: a thin wrapper so cJSON stays inside api/.
 * Used to build the JSON a script reads (--output json) and to check saved events. */
#ifndef SL_JSON_H
#define SL_JSON_H

#include <stddef.h>

#include "sl_error.h"

struct sl_json; /* a cJSON node */

struct sl_json *sl_json_new_object(void);
struct sl_json *sl_json_new_array(void);
/* Adds to an object (key) or appends to an array (key NULL). A NULL string adds null. */
void sl_json_add_string(struct sl_json *o, const char *key, const char *value);
void sl_json_add_number(struct sl_json *o, const char *key, double value);
void sl_json_add_bool(struct sl_json *o, const char *key, int value);
/* Takes ownership of child. */
void sl_json_add(struct sl_json *o, const char *key, struct sl_json *child);
/* Pretty (2-space, like the AWS CLI) or compact text; the caller frees it with free(). */
char *sl_json_print(const struct sl_json *o, int pretty);
void sl_json_free(struct sl_json **o);

/* Checks that text is one JSON value. On failure says where (line and column, 1-based) in
 * err->message and returns SL_EPARSE. */
enum sl_err sl_json_validate(const char *text, size_t len, struct sl_error *err);
/* Re-indents a JSON text for a person; NULL when text is not JSON. Caller frees. */
char *sl_json_pretty(const char *text, size_t len);

#endif
