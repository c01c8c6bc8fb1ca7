#include "xml.h"

#include <expat.h>
#include <limits.h>
#include <stdlib.h>
#include <string.h>

#include "buf.h"
#include "i18n.h"

struct sl_xml_node {
    char *text; /* NULL when the element holds no character data */
    size_t text_len;
    struct sl_xml_node *parent;
    struct sl_xml_node *first_child;
    struct sl_xml_node *last_child;
    struct sl_xml_node *next;
    char name[]; /* local name */
};

struct sl_xml_state {
    XML_Parser parser;
    struct sl_xml_node *root;
    struct sl_xml_node *cur;
    int depth;
    size_t nodes;
    struct sl_buf text[SL_XML_MAX_DEPTH]; /* character data of each open element */
    enum sl_err rc;                       /* our own reason to stop, SL_OK if none */
    const char *why;                      /* its sentence (untranslated) */
};

/* Parse in slices: expat takes an int length. */
#define SL_XML_CHUNK (1 << 20)

static void sl_xml_node_free(struct sl_xml_node *n)
{
    while (n) {
        struct sl_xml_node *next = n->next;

        sl_xml_node_free(n->first_child);
        free(n->text);
        free(n);
        n = next;
    }
}

void sl_xml_free(struct sl_xml_node **root)
{
    if (!root || !*root)
        return;
    sl_xml_node_free(*root);
    *root = NULL;
}

static void sl_xml_abort(struct sl_xml_state *st, enum sl_err rc, const char *why)
{
    if (st->rc)
        return;
    st->rc = rc;
    st->why = why;
    XML_StopParser(st->parser, XML_FALSE);
}

static void XMLCALL sl_xml_start(void *ud, const XML_Char *name, const XML_Char **atts)
{
    struct sl_xml_state *st = ud;
    struct sl_xml_node *n;
    const char *local = strrchr(name, ':');
    size_t len;

    (void)atts;
    if (st->rc)
        return;
    if (st->depth >= SL_XML_MAX_DEPTH) {
        sl_xml_abort(st, SL_EPARSE, N_("the XML answer is nested too deeply"));
        return;
    }
    if (st->nodes >= SL_XML_MAX_NODES) {
        sl_xml_abort(st, SL_EPARSE, N_("the XML answer has too many elements"));
        return;
    }
    local = local ? local + 1 : name;
    len = strlen(local);
    n = calloc(1, sizeof(*n) + len + 1);
    if (!n) {
        sl_xml_abort(st, SL_ENOMEM, N_("out of memory"));
        return;
    }
    memcpy(n->name, local, len + 1);
    n->parent = st->cur;
    if (!st->cur) {
        st->root = n;
    } else {
        if (st->cur->last_child)
            st->cur->last_child->next = n;
        else
            st->cur->first_child = n;
        st->cur->last_child = n;
    }
    st->cur = n;
    sl_buf_reset(&st->text[st->depth]);
    st->depth++;
    st->nodes++;
}

static void XMLCALL sl_xml_end(void *ud, const XML_Char *name)
{
    struct sl_xml_state *st = ud;
    struct sl_buf *b;

    (void)name;
    if (st->rc || !st->cur || st->depth <= 0)
        return;
    b = &st->text[st->depth - 1];
    if (b->len) {
        st->cur->text_len = b->len;
        st->cur->text = malloc(b->len + 1);
        if (!st->cur->text) {
            sl_xml_abort(st, SL_ENOMEM, N_("out of memory"));
            return;
        }
        memcpy(st->cur->text, b->data, b->len + 1);
    }
    sl_buf_reset(b);
    st->cur = st->cur->parent;
    st->depth--;
}

static void XMLCALL sl_xml_chars(void *ud, const XML_Char *s, int len)
{
    struct sl_xml_state *st = ud;
    enum sl_err rc;

    if (st->rc || st->depth <= 0 || len <= 0)
        return;
    rc = sl_buf_append(&st->text[st->depth - 1], s, (size_t)len);
    if (rc)
        sl_xml_abort(st, rc,
                     rc == SL_ENOMEM ? N_("out of memory") : N_("the XML answer is too large"));
}

static void XMLCALL sl_xml_doctype(void *ud, const XML_Char *name, const XML_Char *sysid,
                                   const XML_Char *pubid, int has_internal_subset)
{
    (void)name;
    (void)sysid;
    (void)pubid;
    (void)has_internal_subset;
    sl_xml_abort(ud, SL_EPARSE, N_("the XML answer has a DOCTYPE, which is not accepted"));
}

static void XMLCALL sl_xml_entity_decl(void *ud, const XML_Char *name, int is_param,
                                       const XML_Char *value, int value_len, const XML_Char *base,
                                       const XML_Char *sysid, const XML_Char *pubid,
                                       const XML_Char *notation)
{
    (void)name;
    (void)is_param;
    (void)value;
    (void)value_len;
    (void)base;
    (void)sysid;
    (void)pubid;
    (void)notation;
    sl_xml_abort(ud, SL_EPARSE, N_("the XML answer declares entities, which is not accepted"));
}

enum sl_err sl_xml_parse(const char *data, size_t len, struct sl_xml_node **root,
                         struct sl_error *err)
{
    struct sl_xml_state st;
    enum sl_err rc = SL_OK;
    size_t off = 0;
    int i;

    *root = NULL;
    memset(&st, 0, sizeof(st));
    for (i = 0; i < SL_XML_MAX_DEPTH; i++)
        sl_buf_init(&st.text[i], 0);
    st.parser = XML_ParserCreate(NULL);
    if (!st.parser) {
        rc = SL_ENOMEM;
        goto cleanup;
    }
    XML_SetUserData(st.parser, &st);
    XML_SetElementHandler(st.parser, sl_xml_start, sl_xml_end);
    XML_SetCharacterDataHandler(st.parser, sl_xml_chars);
    XML_SetStartDoctypeDeclHandler(st.parser, sl_xml_doctype);
    XML_SetEntityDeclHandler(st.parser, sl_xml_entity_decl);
    XML_SetParamEntityParsing(st.parser, XML_PARAM_ENTITY_PARSING_NEVER);

    if (!data)
        len = 0;
    do {
        size_t n = len - off > SL_XML_CHUNK ? SL_XML_CHUNK : len - off;
        int final = off + n == len;

        if (XML_Parse(st.parser, n ? data + off : "", (int)n, final) != XML_STATUS_OK) {
            unsigned long line = (unsigned long)XML_GetCurrentLineNumber(st.parser);

            if (st.rc == SL_ENOMEM) {
                rc = SL_ENOMEM;
            } else if (st.rc) {
                rc = sl_error_set(err, st.rc, _("Malformed XML at line %lu: %s."), line, _(st.why));
            } else {
                rc = sl_error_set(err, SL_EPARSE, _("Malformed XML at line %lu: %s."), line,
                                  XML_ErrorString(XML_GetErrorCode(st.parser)));
            }
            goto cleanup;
        }
        off += n;
    } while (off < len);
    if (!st.root || st.depth != 0) {
        rc = sl_error_set(err, SL_EPARSE, "%s", _("The XML answer is empty or incomplete."));
        goto cleanup;
    }
    *root = st.root;
    st.root = NULL;
cleanup:
    sl_xml_node_free(st.root);
    for (i = 0; i < SL_XML_MAX_DEPTH; i++)
        sl_buf_free(&st.text[i]);
    if (st.parser)
        XML_ParserFree(st.parser);
    return rc;
}

const char *sl_xml_name(const struct sl_xml_node *n)
{
    return n ? n->name : "";
}

const char *sl_xml_text(const struct sl_xml_node *n)
{
    return n && n->text ? n->text : "";
}

size_t sl_xml_text_len(const struct sl_xml_node *n)
{
    return n ? n->text_len : 0;
}

const struct sl_xml_node *sl_xml_first_child(const struct sl_xml_node *n)
{
    return n ? n->first_child : NULL;
}

const struct sl_xml_node *sl_xml_next(const struct sl_xml_node *n)
{
    return n ? n->next : NULL;
}

const struct sl_xml_node *sl_xml_parent(const struct sl_xml_node *n)
{
    return n ? n->parent : NULL;
}

const struct sl_xml_node *sl_xml_child(const struct sl_xml_node *n, const char *name)
{
    const struct sl_xml_node *c;

    if (!n || !name)
        return NULL;
    for (c = n->first_child; c; c = c->next)
        if (!strcmp(c->name, name))
            return c;
    return NULL;
}

const struct sl_xml_node *sl_xml_next_sibling_named(const struct sl_xml_node *n)
{
    const struct sl_xml_node *c;

    if (!n)
        return NULL;
    for (c = n->next; c; c = c->next)
        if (!strcmp(c->name, n->name))
            return c;
    return NULL;
}

const struct sl_xml_node *sl_xml_path(const struct sl_xml_node *n, const char *path)
{
    char seg[256];

    if (!path)
        return NULL;
    while (n && *path) {
        const char *slash = strchr(path, '/');
        size_t len = slash ? (size_t)(slash - path) : strlen(path);

        if (len >= sizeof(seg))
            return NULL;
        if (len) {
            memcpy(seg, path, len);
            seg[len] = '\0';
            n = sl_xml_child(n, seg);
        }
        path += len + (slash ? 1 : 0);
    }
    return n;
}

size_t sl_xml_count(const struct sl_xml_node *n, const char *name)
{
    const struct sl_xml_node *c;
    size_t k = 0;

    for (c = sl_xml_first_child(n); c; c = c->next)
        if (!name || !strcmp(c->name, name))
            k++;
    return k;
}
