/* The console's one-line prompts on the status line: a label and the text being typed, with
 * Tab completion (a file name) and masking (an MFA code). struct sl_prompt is what the loop
 * keeps while a prompt is open: keys go in, a result comes out, nothing is drawn here.
 * sl_prompt_modal() asks and waits, for the one question that must be answered before
 * anything else can go on: the MFA code the credential chain needs right now. */
#ifndef SL_UI_PROMPT_H
#define SL_UI_PROMPT_H

#include <stddef.h>

#include "lineedit.h"
#include "sl_error.h"

/* Completes line (len bytes) in place; returns the number of candidates and lists them in
 * list when there are several (sl_path_complete fits). */
typedef size_t (*sl_prompt_complete_fn)(char *line, size_t len, char *list, size_t listlen);

struct sl_prompt {
    char label[256]; /* translated, sanitized by whoever sets it */
    struct sl_lineedit edit;
    int masked; /* each character drawn as '*' */
    sl_prompt_complete_fn complete;
    char candidates[1024]; /* Tab's candidates, "" when none */
};

enum sl_prompt_result {
    SL_PROMPT_EDITING, /* still typing */
    SL_PROMPT_ACCEPT,  /* Enter: the text is in p->edit.buf */
    SL_PROMPT_CANCEL,  /* Esc, Ctrl-C, Ctrl-G, or Backspace on an empty line */
};

void sl_prompt_open(struct sl_prompt *p, const char *label, const char *initial, int masked,
                    sl_prompt_complete_fn complete);
enum sl_prompt_result sl_prompt_key(struct sl_prompt *p, int key);
/* The status line: label and text (masked as '*'), its start cut off when the cursor would
 * fall beyond width columns; *cursor is the cursor's column in out. */
void sl_prompt_line(const struct sl_prompt *p, int width, char *out, size_t len, int *cursor);

/* Draws the prompt on the status line of the screen as it is and reads keys until Enter (SL_OK,
 * the text in out) or Esc / Ctrl-C (SL_ECANCELLED). Curses must be on; the caller redraws the
 * whole screen afterwards. */
enum sl_err sl_prompt_modal(const char *label, int masked, char *out, size_t len);
/* An sl_mfa_prompt_fn (api/creds.h) asking for the code in the console, masked. */
enum sl_err sl_prompt_mfa(void *ud, const char *mfa_serial, char *code, size_t len);

#endif
