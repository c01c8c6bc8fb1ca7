/* Small pure formatters for the cells of the console's lists (times, sizes, joined names),
 * on top of src/format.h. */
#ifndef SL_UI_CELLS_H
#define SL_UI_CELLS_H

#include <stddef.h>

/* Local time "2024-05-01 12:00:03" (the TZ in force); "" when ms <= 0. */
void sl_cell_time(long long ms, char *out, size_t len);
/* "256 MB" for a memory size in MB; "" when negative. */
void sl_cell_mb(long long mb, char *out, size_t len);
/* "10 s" for seconds; "" when negative. */
void sl_cell_seconds(long long s, char *out, size_t len);
/* The n strings joined with ", " into out (cut when long). */
void sl_cell_join(char *const *items, size_t n, char *out, size_t len);
/* The name of a layer from a layer (version) ARN "arn:aws:lambda:R:A:layer:NAME[:V]"; the
 * version in *version (-1 when none). out gets arn itself when it is not such an ARN. */
void sl_cell_layer_name(const char *arn, char *out, size_t len, long long *version);

#endif
