/* A one-line editor for the `/` filter and the `:` command line: UTF-8 text, a cursor, and
 * the usual keys (Left/Right, Home/End or C-a/C-e, Backspace, Delete, C-u, C-w, C-k). Pure:
 * keys come in as ints (see keymap.h), nothing is drawn here. */
#ifndef SL_UI_LINEEDIT_H
#define SL_UI_LINEEDIT_H

#include <stddef.h>

#define SL_LINEEDIT_MAX 512

struct sl_lineedit {
    char buf[SL_LINEEDIT_MAX]; /* NUL-terminated UTF-8 */
    size_t len;
    size_t cur; /* byte offset of the cursor, at a character boundary */
};

void sl_lineedit_clear(struct sl_lineedit *e);
/* Replaces the text (cut at a character boundary when too long); the cursor goes to the end. */
void sl_lineedit_set(struct sl_lineedit *e, const char *s);
/* Applies an editing key; returns 1 when the text changed, 2 when only the cursor moved, 0
 * when the key is not an editing key (Enter, Esc, Tab, Up, Down, ... are left to the caller).
 * Printable characters (code points) are inserted. */
int sl_lineedit_key(struct sl_lineedit *e, int key);
/* Display columns before the cursor (for placing the terminal cursor). */
int sl_lineedit_cursor_col(const struct sl_lineedit *e);

#endif
