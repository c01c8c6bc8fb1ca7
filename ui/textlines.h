/* Lines of text for a person, each with a colour role (enum sl_role): a payload, a log tail, a
 * saved event. Text goes in as it came (from AWS, from a file) and is split at newlines and
 * sanitized (api/text.h) on the way in, so drawing never meets a control character. Building
 * is pure; sl_text_lines_draw() draws on stdscr. */
#ifndef SL_UI_TEXTLINES_H
#define SL_UI_TEXTLINES_H

#include <stddef.h>

#include "keymap.h"
#include "sl_error.h"

#define SL_TEXT_LINES_MAX 200000 /* lines kept; more are dropped (a 6 MB payload of newlines) */

struct sl_text_line {
    char *text; /* sanitized UTF-8 */
    unsigned char role;
};

struct sl_text_lines {
    struct sl_text_line *v;
    size_t n, cap;
    int oom;       /* a line could not be added */
    int truncated; /* SL_TEXT_LINES_MAX was reached */
};

void sl_text_lines_init(struct sl_text_lines *t);
/* Frees every line and zeroes t. */
void sl_text_lines_clear(struct sl_text_lines *t);
/* Appends text[0..len) (NUL bytes and controls are made visible) as lines: one per '\n'; a
 * final newline adds no empty line, "" adds one empty line. */
void sl_text_lines_add(struct sl_text_lines *t, unsigned char role, const char *text, size_t len);
/* Appends one printf-formatted line (sanitized too). */
void sl_text_lines_addf(struct sl_text_lines *t, unsigned char role, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));
/* SL_ENOMEM when a line was lost for memory, else SL_OK. */
enum sl_err sl_text_lines_status(const struct sl_text_lines *t);

/* The first line to draw so that a screen of height rows is full: top clamped to the end. */
size_t sl_text_lines_clamp(const struct sl_text_lines *t, size_t top, size_t height);
/* Moves *top for a scrolling request of the list scope (down, up, pages, first, last) on a
 * screen of height rows; returns 0 (and leaves *top) for any other request. */
int sl_text_lines_scroll(const struct sl_text_lines *t, size_t *top, size_t height,
                         enum sl_req req);
/* Draws lines [top, top + height) at rows y.., width columns wide (cut with an ellipsis). */
void sl_text_lines_draw(const struct sl_text_lines *t, size_t top, int y, int height, int width);

#endif
