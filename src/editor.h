/* Editing text in the user's editor ($VISUAL, else $EDITOR, else vi), as git does: the command
 * runs through the shell (so "code --wait" works) on a file, and slctl waits for it with Ctrl-C
 * left to the editor. Used by `slctl events edit` and the console's Invoke view (which leaves
 * curses around it). */
#ifndef SL_EDITOR_H
#define SL_EDITOR_H

#include <stddef.h>

#include "sl_error.h"

/* $VISUAL, else $EDITOR, else "vi" (empty values count as unset). */
const char *sl_editor_command(void);

/* Runs editor on path and waits. Returns its exit status, -1 when it could not be started or
 * was killed. */
int sl_editor_run(const char *editor, const char *path);

/* Edits text (len bytes) in a temporary file named name.json in a private folder (removed
 * afterwards): *out receives what the file holds when the editor ends well (malloc'ed,
 * NUL-terminated, *out_len bytes, at most SL_EVENT_MAX_SIZE; not checked as JSON). SL_EIO with a
 * sentence when the file cannot be written or read back, or the editor fails ("exited with
 * status 1"); SL_ETOOBIG with a sentence when the result is too large. */
enum sl_err sl_editor_edit_text(const char *editor, const char *name, const char *text, size_t len,
                                char **out, size_t *out_len, struct sl_error *err);

#endif
