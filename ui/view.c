#include "view.h"

void sl_view_free(struct sl_view **v)
{
    if (!v || !*v)
        return;
    (*v)->ops->free(*v);
    *v = NULL;
}
