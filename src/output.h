/* The three output formats of the one-shot commands: table (aligned to the terminal, for a
 * person), json (AWS field names, for jq), text (tab-separated, for cut and awk). */
#ifndef SL_OUTPUT_H
#define SL_OUTPUT_H

#include <stddef.h>
#include <stdio.h>

enum sl_output_format { SL_OUT_TABLE, SL_OUT_JSON, SL_OUT_TEXT };

enum sl_col_type { SL_COL_STRING, SL_COL_NUMBER, SL_COL_BOOL };

struct sl_column {
    const char *key; /* AWS field name: JSON key and text/table header; never translated */
    enum sl_col_type type;
};

/* Rows of string cells (numbers and booleans written as text, typed in JSON). */
struct sl_rows {
    const struct sl_column *cols;
    size_t ncols;
    char **cells; /* nrows * ncols, NULL for an absent value */
    size_t nrows;
    size_t cap;
};

/* "table", "json" or "text"; -1 for anything else. */
int sl_output_parse(const char *s, enum sl_output_format *out);

void sl_rows_init(struct sl_rows *r, const struct sl_column *cols, size_t ncols);
/* Copies ncols values (NULL allowed). Returns 0, or -1 when out of memory. */
int sl_rows_add(struct sl_rows *r, const char *const *values);
void sl_rows_free(struct sl_rows *r);

/* Writes the rows. json: an object {list_key: [ {...}, ... ]}, or the single row as an object
 * when list_key is NULL. table: a header and aligned columns, the widest cut to fit width
 * (0: no limit); a single record (list_key NULL) is shown as key/value lines. Cells are
 * sanitized for the terminal in table and text. */
void sl_output_write(FILE *f, enum sl_output_format fmt, const struct sl_rows *r,
                     const char *list_key, int width);

/* The terminal width of stdout (COLUMNS, then the tty), 0 when not a terminal. */
int sl_output_width(void);

#endif
