/* Asking a person for an MFA code on the terminal (the console has its own prompt). */
#ifndef SL_MFA_PROMPT_H
#define SL_MFA_PROMPT_H

#include <stddef.h>

#include "sl_error.h"

/* Reads the code from /dev/tty (prompt on stderr); without a terminal, one line from standard
 * input when it is not a terminal; else SL_ECANCELLED. Fits sl_mfa_prompt_fn. */
enum sl_err sl_mfa_prompt_tty(void *ud, const char *mfa_serial, char *code, size_t len);

#endif
