/* A listing written as its pages arrive, shared by `slctl stacks`, `functions` and `layers`:
 * json collects the items into {"Key": [...]}, text writes each page at once (for pipes),
 * table collects every row and aligns them at the end. */
#ifndef SL_LIST_OUTPUT_H
#define SL_LIST_OUTPUT_H

#include <stddef.h>

#include "output.h"
#include "sl_error.h"

struct sl_client;
struct sl_json;

struct sl_list_output {
    enum sl_output_format fmt;
    const struct sl_column *cols; /* not owned; outlives the listing */
    size_t ncols;
    struct sl_rows rows;  /* table: every item; text: the page being written */
    struct sl_json *list; /* json */
    size_t count;
    int oom;
    int finished;
    enum sl_err rc;
    struct sl_error err;
};

void sl_list_output_init(struct sl_list_output *o, enum sl_output_format fmt,
                         const struct sl_column *cols, size_t ncols);
/* One item in json mode (takes item). */
void sl_list_output_json(struct sl_list_output *o, struct sl_json *item);
/* One item in table and text mode (ncols cells, copied). */
void sl_list_output_row(struct sl_list_output *o, const char *const *cells);
/* After each page: text mode writes the page now. */
void sl_list_output_page_end(struct sl_list_output *o);
/* The listing's end, from its done callback. */
void sl_list_output_done(struct sl_list_output *o, enum sl_err rc, const struct sl_error *err);
/* Drives c until done, then writes json or the table (empty_sentence, a person's sentence,
 * when a table has no rows). Returns the exit code, after one sentence on failure. */
int sl_list_output_finish(struct sl_list_output *o, struct sl_client *c, const char *list_key,
                          const char *empty_sentence);
void sl_list_output_cleanup(struct sl_list_output *o);

#endif
