#include "json.h"

#include <cjson/cJSON.h>
#include <stdlib.h>
#include <string.h>

#include "buf.h"
#include "i18n.h"

#define AS_CJSON(o) ((cJSON *)(void *)(o))

struct sl_json *sl_json_new_object(void)
{
    return (struct sl_json *)(void *)cJSON_CreateObject();
}

struct sl_json *sl_json_new_array(void)
{
    return (struct sl_json *)(void *)cJSON_CreateArray();
}

void sl_json_add(struct sl_json *o, const char *key, struct sl_json *child)
{
    if (!o || !child)
        return;
    if (key)
        cJSON_AddItemToObject(AS_CJSON(o), key, AS_CJSON(child));
    else
        cJSON_AddItemToArray(AS_CJSON(o), AS_CJSON(child));
}

void sl_json_add_string(struct sl_json *o, const char *key, const char *value)
{
    sl_json_add(o, key,
                (struct sl_json *)(void *)(value ? cJSON_CreateString(value) : cJSON_CreateNull()));
}

void sl_json_add_number(struct sl_json *o, const char *key, double value)
{
    sl_json_add(o, key, (struct sl_json *)(void *)cJSON_CreateNumber(value));
}

void sl_json_add_bool(struct sl_json *o, const char *key, int value)
{
    sl_json_add(o, key, (struct sl_json *)(void *)cJSON_CreateBool(value));
}

/* cJSON indents with tabs; the AWS CLI and jq use two spaces. */
static char *tabs_to_spaces(char *s)
{
    struct sl_buf b;
    const char *p;

    if (!s)
        return NULL;
    sl_buf_init(&b, 0);
    for (p = s; *p; p++) {
        if (*p == '\t') {
            sl_buf_append(&b, "  ", 2);
        } else if (*p == ':' && p[1] == '\t') {
            sl_buf_append(&b, ": ", 2);
            p++;
        } else {
            sl_buf_append(&b, p, 1);
        }
    }
    free(s);
    return sl_buf_take(&b);
}

char *sl_json_print(const struct sl_json *o, int pretty)
{
    if (!o)
        return NULL;
    if (!pretty)
        return cJSON_PrintUnformatted((const cJSON *)(const void *)o);
    return tabs_to_spaces(cJSON_Print((const cJSON *)(const void *)o));
}

void sl_json_free(struct sl_json **o)
{
    if (o && *o) {
        cJSON_Delete(AS_CJSON(*o));
        *o = NULL;
    }
}

enum sl_err sl_json_validate(const char *text, size_t len, struct sl_error *err)
{
    const char *end = NULL;
    cJSON *v = cJSON_ParseWithLengthOpts(text, len, &end, 0);
    size_t off, i;
    int line = 1, col = 1;

    if (v) {
        /* Only white space may follow the value. */
        off = (size_t)(end - text);
        while (off < len && strchr(" \t\r\n", text[off]))
            off++;
        cJSON_Delete(v);
        if (off == len)
            return SL_OK;
    } else {
        const char *at = cJSON_GetErrorPtr();
        off = (at && at >= text && at <= text + len) ? (size_t)(at - text) : len;
    }
    for (i = 0; i < off && i < len; i++) {
        if (text[i] == '\n') {
            line++;
            col = 1;
        } else {
            col++;
        }
    }
    return sl_error_set(err, SL_EPARSE, _("not valid JSON at line %d, column %d"), line, col);
}

char *sl_json_pretty(const char *text, size_t len)
{
    cJSON *v = cJSON_ParseWithLength(text, len);
    char *out;

    if (!v)
        return NULL;
    out = tabs_to_spaces(cJSON_Print(v));
    cJSON_Delete(v);
    return out;
}
