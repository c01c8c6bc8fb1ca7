/* A small read-only DOM for the XML answers of the query and S3 protocols, built on expat.
 * Elements are matched by local name: any namespace prefix is dropped ("ns:Code" is "Code").
 * Each element keeps the character data found directly inside it, concatenated ("" when none).
 * DOCTYPE declarations are refused (no entity expansion, no external entities); nesting and
 * the number of elements are capped. */
#ifndef SL_XML_H
#define SL_XML_H

#include <stddef.h>

#include "sl_error.h"

#define SL_XML_MAX_DEPTH 64
#define SL_XML_MAX_NODES 500000

struct sl_xml_node;

/* Parses data[0..len) into a tree; *root is the document element (free it with
 * sl_xml_free). Malformed or truncated input, a DOCTYPE or a passed cap give SL_EPARSE with
 * the line number in err->message; out of memory gives SL_ENOMEM. *root is NULL on failure. */
enum sl_err sl_xml_parse(const char *data, size_t len, struct sl_xml_node **root,
                         struct sl_error *err);
void sl_xml_free(struct sl_xml_node **root);

/* Every lookup is NULL-safe: a NULL node gives NULL (or "" for text). */
/* Local name of the element ("" for NULL). */
const char *sl_xml_name(const struct sl_xml_node *n);
/* Character data directly inside the element, "" when none; never NULL. */
const char *sl_xml_text(const struct sl_xml_node *n);
size_t sl_xml_text_len(const struct sl_xml_node *n);
/* First child element named name, or NULL. */
const struct sl_xml_node *sl_xml_child(const struct sl_xml_node *n, const char *name);
/* The next sibling with the same name as n (the next <member> of a list), or NULL. */
const struct sl_xml_node *sl_xml_next_sibling_named(const struct sl_xml_node *n);
/* Follows "A/B/C" from n through first children of those names; NULL if one is missing. */
const struct sl_xml_node *sl_xml_path(const struct sl_xml_node *n, const char *path);
/* Iteration: for (c = sl_xml_first_child(n); c; c = sl_xml_next(c)) ... */
const struct sl_xml_node *sl_xml_first_child(const struct sl_xml_node *n);
const struct sl_xml_node *sl_xml_next(const struct sl_xml_node *n);
const struct sl_xml_node *sl_xml_parent(const struct sl_xml_node *n);
/* Number of child elements named name (all children when name is NULL). */
size_t sl_xml_count(const struct sl_xml_node *n, const char *name);

#endif
