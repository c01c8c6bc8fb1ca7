/* Gettext wrappers shared by every layer: _() for text a person reads, N_() to mark it in
 * static tables. Text a script parses is never wrapped. */
#ifndef SL_I18N_H
#define SL_I18N_H

#include "config.h"

#ifdef ENABLE_NLS
#include <libintl.h>
#define _(s) gettext(s)
#else
#define _(s)                   (s)
#define ngettext(one, many, n) ((n) == 1 ? (one) : (many))
#endif
#define N_(s) (s)

#endif
