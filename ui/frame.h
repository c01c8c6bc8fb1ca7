/* The screen frame around a view: the header line (profile, region, account, identity,
 * read-only marker), the breadcrumb, the status line (an error in red, progress with a
 * spinner and page count, a prompt, information) and the hint bar built from the view's key
 * map. Layout, top to bottom: header, breadcrumb, view area, status line, hint bar. Also the
 * drawing helpers the views share (text cut to a width by display columns). */
#ifndef SL_UI_FRAME_H
#define SL_UI_FRAME_H

#include <stddef.h>

#include "keymap.h"
#include "theme.h"

#define SL_FRAME_MIN_COLS 20
#define SL_FRAME_MIN_ROWS 6

enum sl_status_kind {
    SL_STATUS_NONE,
    SL_STATUS_INFO,
    SL_STATUS_ERROR,
    SL_STATUS_PROGRESS,
    SL_STATUS_PROMPT,
};

struct sl_frame {
    /* header */
    const char *profile;  /* NULL or "": not shown */
    const char *region;   /* */
    const char *account;  /* "" while unknown */
    const char *identity; /* short form: "user/demo" */
    int readonly;
    int demo;
    /* breadcrumb: "stacks > users-api > events" */
    const char *crumb;
    /* status line */
    enum sl_status_kind kind;
    const char *status;       /* the sentence, the prompt text, or the progress text */
    const char *status_right; /* right-aligned summary, or NULL */
    int cursor;               /* SL_STATUS_PROMPT: display column of the cursor in status */
    /* hint bar */
    const struct sl_hint *hints;
    size_t nhints;
};

/* The rows of the view area for a screen of rows lines. */
void sl_frame_body(int rows, int *top, int *height);
/* Draws everything but the view area on stdscr (rows x cols). Leaves the cursor on the prompt
 * when there is one (and returns 1), else returns 0. */
int sl_frame_draw(const struct sl_frame *f, int rows, int cols);

/* The short form of an identity ARN: what follows the account ("user/demo",
 * "assumed-role/Admin/alice"); arn itself when it is not an ARN. Pure. */
const char *sl_frame_short_arn(const char *arn);
/* The spinner's frame i (ASCII, one column). Pure. */
char sl_frame_spinner(unsigned i);

/* Draws s at (y, x) within width columns (display width, UTF-8): cut with an ellipsis when
 * longer, padded with spaces (right-aligned when right). Returns the columns used (width). */
int sl_draw_text(int y, int x, int width, const char *s, unsigned int attr, int right);
/* Text cut to width columns with an ellipsis when longer, into out (pure). */
void sl_fit_text(const char *s, int width, char *out, size_t len);

#endif
