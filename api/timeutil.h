/* Timestamps as AWS writes them: ISO 8601 (query XML, credential_process), epoch seconds
 * (CloudWatch JSON), epoch milliseconds (Logs) and Lambda's "+0000" strings. */
#ifndef SL_TIMEUTIL_H
#define SL_TIMEUTIL_H

/* Parses "2024-05-01T12:00:00Z", "...00.512Z", "...+0000", "...+02:00" into ms since the
 * epoch. Returns 0 on success, -1 on anything else. */
int sl_time_parse_iso8601(const char *s, long long *ms);
/* "2024-05-01T12:00:00Z" (UTC, seconds precision) into out (>= 21 bytes). */
void sl_time_format_iso8601(long long ms, char *out, unsigned long outlen);

#endif
