/* credential_process (aws-wire.md §11.1, step 6): the command line is split the way
 * Python's shlex.split does it (quotes and backslashes, no expansion) and run with
 * fork/execvp, without a shell. Its stdout (at most 64 KiB) must be
 * {"Version": 1, "AccessKeyId": ..., "SecretAccessKey": ..., "SessionToken": ...,
 *  "Expiration": "ISO 8601"}. stdin and the environment are inherited (helpers may ask on
 * /dev/tty); stderr is captured, and its first line appears in the sentence of a failure. */
#ifndef SL_CREDENTIAL_PROCESS_H
#define SL_CREDENTIAL_PROCESS_H

#include <stddef.h>

#include "creds.h"
#include "sl_error.h"

#define SL_CREDENTIAL_PROCESS_MAX_OUTPUT ((size_t)64 * 1024)
#define SL_CREDENTIAL_PROCESS_TIMEOUT_MS 60000L

/* Splits cmdline into a NULL-terminated argv (freed with sl_credential_process_argv_free):
 * blanks separate words; '...' is literal; inside "..." a backslash escapes only '"' and
 * '\'; outside quotes a backslash escapes any character. An unterminated quote, a trailing
 * backslash or an empty command is SL_ECONFIG with a sentence. */
enum sl_err sl_credential_process_split(const char *cmdline, char ***argv, struct sl_error *err);
void sl_credential_process_argv_free(char ***argv);

/* Runs cmdline for profile (named in sentences) and parses what it prints into out
 * (source SL_CREDS_PROCESS, profile copied). timeout_ms <= 0: the default. Errors:
 * SL_ECONFIG (cannot be split or started), SL_ENOCREDS (non-zero exit or killed by a
 * signal), SL_ETIMEOUT (killed after timeout_ms), SL_ETOOBIG (more than 64 KiB on stdout),
 * SL_EPARSE (not the JSON above). The output is wiped from memory after parsing. */
enum sl_err sl_credential_process_run(const char *cmdline, const char *profile, long timeout_ms,
                                      struct sl_credentials *out, struct sl_error *err);

/* Parses the JSON a credential process prints (SL_EPARSE with a sentence that never quotes
 * the output). */
enum sl_err sl_credential_process_parse(const char *json, size_t len, const char *profile,
                                        struct sl_credentials *out, struct sl_error *err);

#endif
