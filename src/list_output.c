#include "list_output.h"

#include <stdio.h>
#include <string.h>

#include "aws_json.h"
#include "cli.h"
#include "client.h"
#include "format.h"
#include "json.h"

void sl_list_output_init(struct sl_list_output *o, enum sl_output_format fmt,
                         const struct sl_column *cols, size_t ncols)
{
    memset(o, 0, sizeof(*o));
    o->fmt = fmt;
    o->cols = cols;
    o->ncols = ncols;
    sl_rows_init(&o->rows, cols, ncols);
    if (fmt == SL_OUT_JSON)
        o->list = sl_json_new_array();
}

void sl_list_output_json(struct sl_list_output *o, struct sl_json *item)
{
    sl_json_add(o->list, NULL, item);
    o->count++;
}

void sl_list_output_row(struct sl_list_output *o, const char *const *cells)
{
    if (!o->oom && sl_rows_add(&o->rows, cells) < 0)
        o->oom = 1;
    o->count++;
}

void sl_list_output_page_end(struct sl_list_output *o)
{
    if (o->fmt != SL_OUT_TEXT || o->oom)
        return;
    sl_output_write(stdout, SL_OUT_TEXT, &o->rows, NULL, 0);
    fflush(stdout);
    sl_rows_free(&o->rows);
    sl_rows_init(&o->rows, o->cols, o->ncols);
}

void sl_list_output_done(struct sl_list_output *o, enum sl_err rc, const struct sl_error *err)
{
    o->finished = 1;
    o->rc = rc;
    if (err)
        o->err = *err;
}

int sl_list_output_finish(struct sl_list_output *o, struct sl_client *c, const char *list_key,
                          const char *empty_sentence)
{
    while (!o->finished)
        sl_client_run(c, 1000, -1);
    if (o->rc)
        return sl_fmt_fail(o->rc, &o->err);
    if (o->oom)
        return sl_fmt_fail(SL_ENOMEM, NULL);
    if (o->fmt == SL_OUT_JSON) {
        struct sl_json *top = sl_json_new_object();

        sl_json_add(top, list_key, o->list);
        o->list = NULL;
        if (sl_awsjson_print(stdout, &top) < 0)
            return sl_fmt_fail(SL_ENOMEM, NULL);
    } else if (o->fmt == SL_OUT_TABLE) {
        if (o->count)
            sl_output_write(stdout, SL_OUT_TABLE, &o->rows, list_key, sl_output_width());
        else
            fputs(empty_sentence, stdout);
    }
    return SL_EXIT_OK;
}

void sl_list_output_cleanup(struct sl_list_output *o)
{
    sl_rows_free(&o->rows);
    sl_json_free(&o->list);
}
