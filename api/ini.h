/* A parser for the AWS CLI's INI files, following botocore (which uses Python's configparser):
 *
 *   - "[name]" starts a section; text after the last ']' is ignored, the name is trimmed.
 *     A section that appears twice is one section (later keys are added, a repeated key
 *     replaces the earlier value).
 *   - "key = value" (or "key: value", as configparser allows); key and value are trimmed.
 *     Keys compare case-insensitively (configparser lowercases them); section names do not.
 *   - Lines whose first non-blank character is '#' or ';' are comments. There are no inline
 *     comments: "region = us-east-1 # x" has the value "us-east-1 # x".
 *   - Lines indented deeper than the key line continue it. After "key =" with an empty value
 *     they form a nested block of "subkey = value" lines ("s3 =\n  addressing_style = path");
 *     after a non-empty value they are appended to it, joined with '\n'.
 *   - Malformed lines are SL_ECONFIG with "FILE:LINE: what is wrong" in err->message.
 */
#ifndef SL_INI_H
#define SL_INI_H

#include <stddef.h>

#include "sl_error.h"

struct sl_ini_entry {
    char *key;
    char *value;              /* never NULL; "" for a key that opens a nested block */
    struct sl_ini_entry *sub; /* the nested block (one level; sub entries have no sub) */
    size_t nsub;
    int line; /* line of the key, 1-based */
};

struct sl_ini_section {
    char *name; /* between the brackets, trimmed */
    struct sl_ini_entry *entries;
    size_t n;
    int line; /* line of the first header */
};

struct sl_ini {
    char *name; /* the file name used in messages */
    struct sl_ini_section *sections;
    size_t n;
};

/* Largest file sl_ini_load reads. */
#define SL_INI_MAX_SIZE ((size_t)4 * 1024 * 1024)

/* Parses len bytes of text; name is used in error messages ("name:LINE: ..."). */
enum sl_err sl_ini_parse(const char *text, size_t len, const char *name, struct sl_ini **out,
                         struct sl_error *err);
/* Reads and parses a file. A file that does not exist is SL_ENOTFOUND without a message;
 * an unreadable one SL_EIO, a larger one than SL_INI_MAX_SIZE SL_ETOOBIG, both with a
 * sentence naming the file. */
enum sl_err sl_ini_load(const char *path, struct sl_ini **out, struct sl_error *err);
void sl_ini_free(struct sl_ini **ini);

/* The section of that exact name, or NULL (NULL-safe). */
const struct sl_ini_section *sl_ini_find(const struct sl_ini *ini, const char *name);
/* The entry for key (case-insensitive), or NULL (NULL-safe). */
const struct sl_ini_entry *sl_ini_entry_find(const struct sl_ini_section *s, const char *key);
/* The value of key, or NULL. */
const char *sl_ini_get(const struct sl_ini_section *s, const char *key);
/* The value of subkey inside the nested block of key, or NULL. */
const char *sl_ini_get_nested(const struct sl_ini_section *s, const char *key, const char *subkey);

#endif
