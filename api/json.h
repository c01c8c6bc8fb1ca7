/* JSON values for the layers above api/: a thin wrapper so cJSON stays inside api/.
 * Used to build the JSON a script reads (--output json) and to check saved events. */
#ifndef SL_JSON_H
#define SL_JSON_H

#include <stddef.h>

#include "buf.h"
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

/* Appends s[0..len) (which may hold NUL bytes) to out as one JSON string literal, quotes
 * included. Nothing is changed but what JSON escaping needs, made safe for a terminal: '"',
 * '\\', C0 controls, DEL, C1 controls, U+2028/U+2029 and the bidi controls become \u escapes
 * (ESC is "\u001b"); other valid UTF-8 is kept as it is; a byte that is not valid UTF-8
 * becomes U+FFFD so the output stays valid JSON. */
enum sl_err sl_json_append_string(struct sl_buf *out, const char *s, size_t len);

/* Parses one JSON value (only white space may follow); NULL when text is not JSON. The
 * caller frees it with sl_json_free() or hands it to sl_json_add(). */
struct sl_json *sl_json_parse(const char *text, size_t len);
/* The string at a dotted path of objects ("newState.stateReason") in o, or NULL when it is
 * absent or not a string. The text belongs to o. */
const char *sl_json_get_string(const struct sl_json *o, const char *path);

#endif
