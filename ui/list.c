#include "list.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <wctype.h>

#include "buf.h"
#include "i18n.h"
#include "text.h"

/* ---- row text ------------------------------------------------------------------------------ */

void sl_row_set(struct sl_row *r, size_t col, const char *fmt, ...)
{
    va_list ap;
    struct sl_buf b;

    if (col >= SL_LIST_MAX_COLS)
        return;
    sl_buf_init(&b, 0);
    va_start(ap, fmt);
    sl_buf_vappendf(&b, fmt, ap);
    va_end(ap);
    free(r->cell[col]);
    r->cell[col] = sl_buf_take(&b);
}

void sl_row_clear(struct sl_row *r)
{
    size_t i;

    for (i = 0; i < SL_LIST_MAX_COLS; i++)
        free(r->cell[i]);
    memset(r, 0, sizeof(*r));
}

enum sl_err sl_list_row_text(const struct sl_list_ops *ops, const void *item,
                             const struct sl_row_ctx *ctx, struct sl_row *out)
{
    size_t i;

    memset(out, 0, sizeof(*out));
    ops->row(item, ctx, out);
    for (i = 0; i < SL_LIST_MAX_COLS; i++) {
        char *s;

        if (i >= ops->ncols) {
            free(out->cell[i]);
            out->cell[i] = NULL;
            continue;
        }
        s = sl_text_sanitized(out->cell[i] ? out->cell[i] : "");
        if (!s) {
            sl_row_clear(out);
            return SL_ENOMEM;
        }
        free(out->cell[i]);
        out->cell[i] = s;
    }
    return SL_OK;
}

void sl_list_sort_letters(const struct sl_list_ops *ops, char *out, size_t len)
{
    size_t i, n = 0;

    if (!len)
        return;
    for (i = 0; i < ops->ncols && n + 1 < len; i++)
        if (ops->cols[i].sort_key)
            out[n++] = ops->cols[i].sort_key;
    out[n] = '\0';
}

/* ---- case folding -------------------------------------------------------------------------- */

static size_t utf8_get(const unsigned char *s, unsigned *cp)
{
    unsigned c = s[0];
    size_t n, i;

    if (c < 0x80) {
        *cp = c;
        return 1;
    }
    if (c >= 0xC2 && c <= 0xDF)
        n = 2, c &= 0x1F;
    else if (c >= 0xE0 && c <= 0xEF)
        n = 3, c &= 0x0F;
    else if (c >= 0xF0 && c <= 0xF4)
        n = 4, c &= 0x07;
    else
        return 0;
    for (i = 1; i < n; i++) {
        if ((s[i] & 0xC0) != 0x80)
            return 0;
        c = (c << 6) | (s[i] & 0x3F);
    }
    *cp = c;
    return n;
}

static enum sl_err utf8_append(struct sl_buf *b, unsigned cp)
{
    unsigned char o[4];
    size_t n;

    if (cp < 0x80) {
        o[0] = (unsigned char)cp;
        n = 1;
    } else if (cp < 0x800) {
        o[0] = (unsigned char)(0xC0 | (cp >> 6));
        o[1] = (unsigned char)(0x80 | (cp & 0x3F));
        n = 2;
    } else if (cp < 0x10000) {
        o[0] = (unsigned char)(0xE0 | (cp >> 12));
        o[1] = (unsigned char)(0x80 | ((cp >> 6) & 0x3F));
        o[2] = (unsigned char)(0x80 | (cp & 0x3F));
        n = 3;
    } else {
        o[0] = (unsigned char)(0xF0 | (cp >> 18));
        o[1] = (unsigned char)(0x80 | ((cp >> 12) & 0x3F));
        o[2] = (unsigned char)(0x80 | ((cp >> 6) & 0x3F));
        o[3] = (unsigned char)(0x80 | (cp & 0x3F));
        n = 4;
    }
    return sl_buf_append(b, o, n);
}

static enum sl_err fold_append(struct sl_buf *b, const char *s)
{
    const unsigned char *p = (const unsigned char *)s;
    enum sl_err rc = SL_OK;

    while (*p && !rc) {
        unsigned cp;
        size_t n = utf8_get(p, &cp);

        if (!n) {
            rc = sl_buf_append(b, p, 1);
            p++;
            continue;
        }
        if (cp < 0x80)
            cp = (cp >= 'A' && cp <= 'Z') ? cp + 32 : cp;
        else
            cp = (unsigned)towlower((wint_t)cp);
        rc = utf8_append(b, cp);
        p += n;
    }
    return rc;
}

char *sl_list_fold(const char *s)
{
    struct sl_buf b;

    sl_buf_init(&b, 0);
    if (sl_buf_append(&b, "", 0) || fold_append(&b, s ? s : "")) {
        sl_buf_free(&b);
        return NULL;
    }
    return sl_buf_take(&b);
}

/* ---- the model ----------------------------------------------------------------------------- */

void sl_list_init(struct sl_list *l, const struct sl_list_ops *ops, long long now_ms)
{
    memset(l, 0, sizeof(*l));
    l->ops = ops;
    l->ctx.now_ms = now_ms;
    l->sort_col = ops->sort_col;
    l->sort_desc = ops->sort_desc;
}

static void row_free(struct sl_list_row *r)
{
    sl_row_clear(&r->r);
    free(r->key);
    free(r->folded);
}

void sl_list_clear(struct sl_list *l)
{
    size_t i;

    for (i = 0; i < l->nrows; i++)
        row_free(&l->rows[i]);
    for (i = 0; i < l->nchunks; i++)
        l->ops->free_items(l->chunks[i].items, l->chunks[i].n);
    free(l->rows);
    free(l->chunks);
    l->rows = NULL;
    l->chunks = NULL;
    l->nrows = l->caprows = l->nchunks = l->capchunks = 0;
    l->nvis = 0;
    l->sel = l->top = 0;
    memset(l->natural, 0, sizeof(l->natural));
}

void sl_list_cleanup(struct sl_list *l)
{
    sl_list_clear(l);
    free(l->vis);
    free(l->needle);
    l->vis = NULL;
    l->needle = NULL;
    l->capvis = 0;
}

static int row_matches(const struct sl_list *l, const struct sl_list_row *r)
{
    int m;

    if (!l->needle || !l->needle[0])
        return 1;
    m = strstr(r->folded, l->needle) != NULL;
    return l->invert ? !m : m;
}

static int row_cmp(const struct sl_list *l, size_t ia, size_t ib)
{
    const struct sl_list_row *a = &l->rows[ia], *b = &l->rows[ib];
    int c = 0, col = l->sort_col;

    if (col >= 0 && (size_t)col < l->ops->ncols) {
        if (l->ops->cols[col].numeric)
            c = a->r.num[col] < b->r.num[col] ? -1 : a->r.num[col] > b->r.num[col];
        else
            c = strcasecmp(a->r.cell[col] ? a->r.cell[col] : "",
                           b->r.cell[col] ? b->r.cell[col] : "");
        if (l->sort_desc)
            c = -c;
        if (!c)
            c = strcmp(a->key, b->key);
    }
    if (!c)
        c = a->seq < b->seq ? -1 : a->seq > b->seq;
    return c;
}

/* A stable merge sort of vis with the list as context. */
static void merge_sort(const struct sl_list *l, size_t *v, size_t *tmp, size_t n)
{
    size_t mid = n / 2, i = 0, j = mid, k = 0;

    if (n < 2)
        return;
    merge_sort(l, v, tmp, mid);
    merge_sort(l, v + mid, tmp, n - mid);
    while (i < mid && j < n)
        tmp[k++] = row_cmp(l, v[j], v[i]) < 0 ? v[j++] : v[i++];
    while (i < mid)
        tmp[k++] = v[i++];
    while (j < n)
        tmp[k++] = v[j++];
    memcpy(v, tmp, n * sizeof(*v));
}

static int vis_reserve(struct sl_list *l, size_t n)
{
    size_t *nv;

    if (n <= l->capvis)
        return 0;
    nv = realloc(l->vis, n * sizeof(*nv));
    if (!nv)
        return -1;
    l->vis = nv;
    l->capvis = n;
    return 0;
}

/* Recomputes vis from the filter and sort, keeping the selected row when it stays visible
 * (else the one at the same position). */
static void list_rebuild(struct sl_list *l, const char *keep_key)
{
    size_t i, n = 0, old_sel = l->sel;
    size_t *tmp;

    if (vis_reserve(l, l->nrows) < 0) {
        l->nvis = 0;
        return;
    }
    for (i = 0; i < l->nrows; i++)
        if (row_matches(l, &l->rows[i]))
            l->vis[n++] = i;
    l->nvis = n;
    if (l->sort_col >= 0 && n > 1) {
        tmp = malloc(n * sizeof(*tmp));
        if (tmp) {
            merge_sort(l, l->vis, tmp, n);
            free(tmp);
        }
    }
    if (!keep_key || !sl_list_select_key(l, keep_key))
        l->sel = n ? (old_sel < n ? old_sel : n - 1) : 0;
}

static char *selected_key_dup(const struct sl_list *l)
{
    const struct sl_list_row *r = sl_list_selected(l);

    return r ? strdup(r->key) : NULL;
}

static enum sl_err row_build(struct sl_list *l, struct sl_list_row *r, const void *item)
{
    struct sl_buf b;
    const char *key;
    size_t c;

    memset(r, 0, sizeof(*r));
    if (sl_list_row_text(l->ops, item, &l->ctx, &r->r))
        return SL_ENOMEM;
    r->item = item;
    key = l->ops->key(item);
    r->key = strdup(key ? key : "");
    sl_buf_init(&b, 0);
    for (c = 0; c < l->ops->ncols; c++) {
        if ((c && sl_buf_append(&b, "\x1f", 1)) || fold_append(&b, r->r.cell[c]))
            break;
    }
    if (sl_buf_append(&b, "", 0) == SL_OK)
        r->folded = sl_buf_take(&b);
    sl_buf_free(&b);
    if (!r->key || !r->folded) {
        row_free(r);
        return SL_ENOMEM;
    }
    for (c = 0; c < l->ops->ncols; c++) {
        int w = sl_text_width(r->r.cell[c]);
        if (w > l->natural[c])
            l->natural[c] = w;
    }
    return SL_OK;
}

enum sl_err sl_list_add(struct sl_list *l, void *items, size_t n)
{
    size_t i, first = l->nrows;
    char *keep;

    if (!n) {
        if (items)
            l->ops->free_items(items, 0);
        return SL_OK;
    }
    if (l->nchunks == l->capchunks) {
        size_t nc = l->capchunks ? l->capchunks * 2 : 8;
        struct sl_list_chunk *c = realloc(l->chunks, nc * sizeof(*c));
        if (!c)
            goto oom;
        l->chunks = c;
        l->capchunks = nc;
    }
    if (l->nrows + n > l->caprows) {
        size_t nr = l->caprows ? l->caprows * 2 : 64;
        struct sl_list_row *r;

        while (nr < l->nrows + n)
            nr *= 2;
        r = realloc(l->rows, nr * sizeof(*r));
        if (!r)
            goto oom;
        l->rows = r;
        l->caprows = nr;
    }
    if (vis_reserve(l, l->nrows + n) < 0)
        goto oom;
    l->chunks[l->nchunks].items = items;
    l->chunks[l->nchunks].n = n;
    l->nchunks++;
    for (i = 0; i < n; i++) {
        const void *item = (const char *)items + i * l->ops->item_size;
        if (row_build(l, &l->rows[l->nrows], item))
            break; /* out of memory: the rows built so far stay */
        l->rows[l->nrows].seq = l->nrows;
        l->nrows++;
    }
    if (l->sort_col < 0) {
        /* arrival order: the new rows go to the end, nothing moves */
        for (i = first; i < l->nrows; i++)
            if (row_matches(l, &l->rows[i]))
                l->vis[l->nvis++] = i;
        return l->nrows == first + n ? SL_OK : SL_ENOMEM;
    }
    keep = selected_key_dup(l);
    list_rebuild(l, keep);
    free(keep);
    return l->nrows == first + n ? SL_OK : SL_ENOMEM;
oom:
    l->ops->free_items(items, n);
    return SL_ENOMEM;
}

void sl_list_take(struct sl_list *l, struct sl_list *src)
{
    char *keep = selected_key_dup(l);
    size_t sel = l->sel, top = l->top;
    size_t i;

    sl_list_clear(l);
    l->chunks = src->chunks;
    l->nchunks = src->nchunks;
    l->capchunks = src->capchunks;
    l->rows = src->rows;
    l->nrows = src->nrows;
    l->caprows = src->caprows;
    memcpy(l->natural, src->natural, sizeof(l->natural));
    src->chunks = NULL;
    src->rows = NULL;
    src->nchunks = src->capchunks = src->nrows = src->caprows = 0;
    src->nvis = src->sel = src->top = 0;
    memset(src->natural, 0, sizeof(src->natural));
    for (i = 0; i < l->nrows; i++)
        l->rows[i].seq = i;
    l->sel = sel;
    l->top = top;
    list_rebuild(l, keep);
    free(keep);
}

void sl_list_set_filter(struct sl_list *l, const char *text)
{
    char *keep = selected_key_dup(l);
    const char *t = text ? text : "";

    snprintf(l->filter, sizeof(l->filter), "%s", t);
    free(l->needle);
    l->invert = t[0] == '!';
    l->needle = sl_list_fold(t + (l->invert ? 1 : 0));
    list_rebuild(l, keep);
    free(keep);
}

void sl_list_sort(struct sl_list *l, int col, int desc)
{
    char *keep = selected_key_dup(l);

    l->sort_col = (col >= 0 && (size_t)col < l->ops->ncols) ? col : -1;
    l->sort_desc = desc;
    list_rebuild(l, keep);
    free(keep);
}

int sl_list_sort_key(struct sl_list *l, int letter)
{
    size_t i;

    for (i = 0; i < l->ops->ncols; i++) {
        if (l->ops->cols[i].sort_key && l->ops->cols[i].sort_key == letter) {
            int desc = (l->sort_col == (int)i) ? !l->sort_desc : 0;
            sl_list_sort(l, (int)i, desc);
            return 1;
        }
    }
    return 0;
}

enum sl_err sl_list_sort_named(struct sl_list *l, const char *name, struct sl_error *err)
{
    char word[64];
    const char *p = name ? name : "";
    size_t i, n;
    int desc = -1;

    while (*p == ' ')
        p++;
    if (*p == '-') {
        desc = 1;
        p++;
    }
    n = strcspn(p, " ");
    snprintf(word, sizeof(word), "%.*s", (int)(n < sizeof(word) ? n : sizeof(word) - 1), p);
    p += n;
    while (*p == ' ')
        p++;
    if (!strcasecmp(p, "desc"))
        desc = 1;
    else if (!strcasecmp(p, "asc"))
        desc = 0;
    for (i = 0; word[0] && i < l->ops->ncols; i++) {
        const struct sl_col *c = &l->ops->cols[i];

        if (!strncasecmp(c->id, word, strlen(word)) ||
            !strncasecmp(_(c->title), word, strlen(word))) {
            if (desc < 0)
                desc = (l->sort_col == (int)i) ? !l->sort_desc : 0;
            sl_list_sort(l, (int)i, desc);
            return SL_OK;
        }
    }
    {
        struct sl_buf b;

        sl_buf_init(&b, 1024);
        for (i = 0; i < l->ops->ncols; i++)
            sl_buf_appendf(&b, "%s%s", i ? ", " : "", l->ops->cols[i].id);
        if (word[0])
            sl_error_set(err, SL_EINVAL, _("There is no column \"%s\" here; try one of: %s."), word,
                         sl_buf_str(&b));
        else
            sl_error_set(err, SL_EINVAL, _(":sort needs a column: %s."), sl_buf_str(&b));
        sl_buf_free(&b);
    }
    return SL_EINVAL;
}

const struct sl_list_row *sl_list_selected(const struct sl_list *l)
{
    if (!l->nvis || l->sel >= l->nvis)
        return NULL;
    return &l->rows[l->vis[l->sel]];
}

const void *sl_list_selected_item(const struct sl_list *l)
{
    const struct sl_list_row *r = sl_list_selected(l);

    return r ? r->item : NULL;
}

void sl_list_move(struct sl_list *l, long delta)
{
    long s;

    if (!l->nvis)
        return;
    s = (long)l->sel + delta;
    if (s < 0)
        s = 0;
    if ((size_t)s >= l->nvis)
        s = (long)l->nvis - 1;
    l->sel = (size_t)s;
}

void sl_list_first(struct sl_list *l)
{
    l->sel = 0;
}

void sl_list_last(struct sl_list *l)
{
    l->sel = l->nvis ? l->nvis - 1 : 0;
}

int sl_list_select_key(struct sl_list *l, const char *key)
{
    size_t i;

    for (i = 0; key && i < l->nvis; i++) {
        if (!strcmp(l->rows[l->vis[i]].key, key)) {
            l->sel = i;
            return 1;
        }
    }
    return 0;
}

void sl_list_scroll(struct sl_list *l, size_t height)
{
    if (!height)
        return;
    if (l->sel < l->top)
        l->top = l->sel;
    if (l->sel >= l->top + height)
        l->top = l->sel - height + 1;
    if (l->nvis <= height)
        l->top = 0;
    else if (l->top > l->nvis - height)
        l->top = l->nvis - height;
}

void sl_list_layout(const struct sl_list *l, int width, int *widths)
{
    const struct sl_list_ops *ops = l->ops;
    int total = 1, excess, i, n = (int)ops->ncols;

    for (i = 0; i < n; i++) {
        int w = l->natural[i], t = sl_text_width(_(ops->cols[i].title)) + 1;

        if (w < t)
            w = t; /* the heading and its sort mark */
        if (ops->cols[i].max && w > ops->cols[i].max)
            w = ops->cols[i].max;
        widths[i] = w;
        total += w + (i ? 2 : 0);
    }
    excess = total - width;
    for (i = n - 1; i >= 0 && excess > 0; i--) {
        int can = widths[i] - ops->cols[i].min;

        if (can <= 0)
            continue;
        if (can > excess)
            can = excess;
        widths[i] -= can;
        excess -= can;
    }
    for (i = n - 1; i > 0 && excess > 0; i--) {
        excess -= widths[i] + 2;
        widths[i] = 0;
    }
    if (excess > 0)
        widths[0] = widths[0] - excess > 1 ? widths[0] - excess : 1;
}
