#include "output.h"

#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <unistd.h>

#include "json.h"
#include "text.h"

int sl_output_parse(const char *s, enum sl_output_format *out)
{
    if (!s)
        return -1;
    if (!strcmp(s, "table"))
        *out = SL_OUT_TABLE;
    else if (!strcmp(s, "json"))
        *out = SL_OUT_JSON;
    else if (!strcmp(s, "text"))
        *out = SL_OUT_TEXT;
    else
        return -1;
    return 0;
}

void sl_rows_init(struct sl_rows *r, const struct sl_column *cols, size_t ncols)
{
    memset(r, 0, sizeof(*r));
    r->cols = cols;
    r->ncols = ncols;
}

int sl_rows_add(struct sl_rows *r, const char *const *values)
{
    size_t i;

    if (r->nrows == r->cap) {
        size_t ncap = r->cap ? r->cap * 2 : 16;
        char **p = realloc(r->cells, ncap * r->ncols * sizeof(*p));
        if (!p)
            return -1;
        r->cells = p;
        r->cap = ncap;
    }
    for (i = 0; i < r->ncols; i++) {
        char **cell = &r->cells[r->nrows * r->ncols + i];
        *cell = values[i] ? strdup(values[i]) : NULL;
        if (values[i] && !*cell)
            return -1;
    }
    r->nrows++;
    return 0;
}

void sl_rows_free(struct sl_rows *r)
{
    size_t i;

    for (i = 0; i < r->nrows * r->ncols; i++)
        free(r->cells[i]);
    free(r->cells);
    memset(r, 0, sizeof(*r));
}

static const char *cell(const struct sl_rows *r, size_t row, size_t col)
{
    return r->cells[row * r->ncols + col];
}

static struct sl_json *row_json(const struct sl_rows *r, size_t row)
{
    struct sl_json *o = sl_json_new_object();
    size_t c;

    for (c = 0; c < r->ncols; c++) {
        const char *v = cell(r, row, c);
        if (!v) {
            sl_json_add_string(o, r->cols[c].key, NULL);
        } else if (r->cols[c].type == SL_COL_NUMBER) {
            char *end;
            double d = strtod(v, &end);
            if (*v && !*end)
                sl_json_add_number(o, r->cols[c].key, d);
            else
                sl_json_add_string(o, r->cols[c].key, v);
        } else if (r->cols[c].type == SL_COL_BOOL) {
            sl_json_add_bool(o, r->cols[c].key, !strcmp(v, "true"));
        } else {
            sl_json_add_string(o, r->cols[c].key, v);
        }
    }
    return o;
}

static void write_json(FILE *f, const struct sl_rows *r, const char *list_key)
{
    struct sl_json *top;
    char *s;
    size_t i;

    if (list_key) {
        struct sl_json *arr = sl_json_new_array();
        top = sl_json_new_object();
        for (i = 0; i < r->nrows; i++)
            sl_json_add(arr, NULL, row_json(r, i));
        sl_json_add(top, list_key, arr);
    } else {
        top = r->nrows ? row_json(r, 0) : sl_json_new_object();
    }
    s = sl_json_print(top, 1);
    if (s)
        fprintf(f, "%s\n", s);
    free(s);
    sl_json_free(&top);
}

static void write_text(FILE *f, const struct sl_rows *r)
{
    size_t i, c;

    for (i = 0; i < r->nrows; i++) {
        for (c = 0; c < r->ncols; c++) {
            char *s = sl_text_sanitized(cell(r, i, c) ? cell(r, i, c) : "None");
            fprintf(f, "%s%s", c ? "\t" : "", s ? s : "");
            free(s);
        }
        fputc('\n', f);
    }
}

static void put_padded(FILE *f, const char *s, int width, int last)
{
    size_t n = sl_text_fit(s, width);
    int w;

    if (n < strlen(s) && width > 0) {
        /* Cut with an ellipsis so a person sees that something is missing. */
        n = sl_text_fit(s, width - 1);
        fwrite(s, 1, n, f);
        fputs("\xe2\x80\xa6", f);
        w = width;
    } else {
        fwrite(s, 1, n, f);
        w = sl_text_width(s);
    }
    if (!last)
        for (; w < width; w++)
            fputc(' ', f);
}

static void write_table(FILE *f, const struct sl_rows *r, int width)
{
    size_t n = r->nrows * r->ncols, i, c;
    char **san = calloc(n ? n : 1, sizeof(*san));
    int *w = calloc(r->ncols, sizeof(*w));
    int total;

    if (!san || !w)
        goto out;
    for (c = 0; c < r->ncols; c++)
        w[c] = sl_text_width(r->cols[c].key);
    for (i = 0; i < n; i++) {
        san[i] = sl_text_sanitized(r->cells[i] ? r->cells[i] : "-");
        if (san[i] && sl_text_width(san[i]) > w[i % r->ncols])
            w[i % r->ncols] = sl_text_width(san[i]);
    }
    /* Shrink the widest column until the table fits the terminal. */
    for (;;) {
        size_t widest = 0;
        total = 0;
        for (c = 0; c < r->ncols; c++) {
            total += w[c] + (c ? 2 : 0);
            if (w[c] > w[widest])
                widest = c;
        }
        if (width <= 0 || total <= width || w[widest] <= 8)
            break;
        w[widest] -= total - width < w[widest] - 8 ? total - width : w[widest] - 8;
    }
    for (c = 0; c < r->ncols; c++) {
        fputs(c ? "  " : "", f);
        put_padded(f, r->cols[c].key, w[c], c + 1 == r->ncols);
    }
    fputc('\n', f);
    for (i = 0; i < r->nrows; i++) {
        for (c = 0; c < r->ncols; c++) {
            fputs(c ? "  " : "", f);
            put_padded(f, san[i * r->ncols + c] ? san[i * r->ncols + c] : "", w[c],
                       c + 1 == r->ncols);
        }
        fputc('\n', f);
    }
out:
    if (san)
        for (i = 0; i < n; i++)
            free(san[i]);
    free(san);
    free(w);
}

static void write_record(FILE *f, const struct sl_rows *r, int width)
{
    size_t c;
    int kw = 0;

    for (c = 0; c < r->ncols; c++)
        if (sl_text_width(r->cols[c].key) > kw)
            kw = sl_text_width(r->cols[c].key);
    for (c = 0; r->nrows && c < r->ncols; c++) {
        char *s = sl_text_sanitized(cell(r, 0, c) ? cell(r, 0, c) : "-");
        put_padded(f, r->cols[c].key, kw, 0);
        fputs("  ", f);
        put_padded(f, s ? s : "", width > 0 ? width - kw - 2 : 1 << 20, 1);
        fputc('\n', f);
        free(s);
    }
}

void sl_output_write(FILE *f, enum sl_output_format fmt, const struct sl_rows *r,
                     const char *list_key, int width)
{
    switch (fmt) {
    case SL_OUT_JSON:
        write_json(f, r, list_key);
        break;
    case SL_OUT_TEXT:
        write_text(f, r);
        break;
    case SL_OUT_TABLE:
        if (list_key)
            write_table(f, r, width);
        else
            write_record(f, r, width);
        break;
    }
}

int sl_output_width(void)
{
    const char *cols = getenv("COLUMNS");
    struct winsize ws;

    if (cols && *cols) {
        long v = strtol(cols, NULL, 10);
        if (v > 0 && v < 10000)
            return (int)v;
    }
    if (isatty(STDOUT_FILENO) && ioctl(STDOUT_FILENO, TIOCGWINSZ, &ws) == 0 && ws.ws_col > 0)
        return ws.ws_col;
    return 0;
}
