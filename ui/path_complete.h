/* Tab completion of file names for the console's path prompts (publishing a layer from a
 * folder or zip): the last part of what was typed completes over the entries of its folder,
 * like a shell. Reads folders; draws nothing. */
#ifndef SL_UI_PATH_COMPLETE_H
#define SL_UI_PATH_COMPLETE_H

#include <stddef.h>

/* The path meant by what was typed: a leading "~" or "~/" is $HOME. malloc'ed (NULL when out
 * of memory). */
char *sl_path_expand(const char *typed);

/* Completes line (a buffer of len bytes) in place and returns the number of entries that
 * match the last part: with one, that name is completed (a folder gets a '/', so Tab goes on
 * inside it); with several, the part grows to their longest common prefix and list gets the
 * names (folders with '/'), sorted, separated by two spaces (cut to listlen). Entries starting
 * with '.' match only when the part does. 0 when nothing matches or the folder cannot be read
 * (line is then unchanged). */
size_t sl_path_complete(char *line, size_t len, char *list, size_t listlen);

#endif
