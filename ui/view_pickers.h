/* The profile and region pickers (`P`, `R`): the profiles of the AWS files and the common AWS
 * regions, the one in use marked; Enter switches the session to the chosen one (sl_app_switch)
 * and the picker goes. */
#ifndef SL_UI_VIEW_PICKERS_H
#define SL_UI_VIEW_PICKERS_H

#include <stddef.h>

struct sl_view;

struct sl_view *sl_view_profiles_new(void);
struct sl_view *sl_view_regions_new(void);

/* The region codes of the picker ("us-east-1", ...), *n of them, for :region's completion. */
const char *const *sl_region_codes(size_t *n);
/* 1 when name has the form of a region ("us-east-1", "us-gov-west-1"), listed or not. */
int sl_region_name_ok(const char *name);

#endif
