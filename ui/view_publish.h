/* Publishing a new version of a Lambda layer from the console (`p` on a layer): a path prompt
 * with Tab completion (a folder is zipped reproducibly, a .zip is taken as it is, both with
 * src/layer_zip.h), a summary to confirm (layer, source, zip size, runtimes and architectures
 * of the latest version, a warning when the layout does not fit them), then PublishLayerVersion
 * without blocking; the new version's ARN goes to the status line and the versions are shown
 * again. Only inline zips (up to 50 MiB): larger ones are for `slctl publish-layer --s3-bucket`. */
#ifndef SL_UI_VIEW_PUBLISH_H
#define SL_UI_VIEW_PUBLISH_H

struct sl_view;
struct sl_lambda_layer_version;

/* A publish view for layer; latest (may be NULL: it is looked up) gives the runtimes and
 * architectures. NULL when out of memory. */
struct sl_view *sl_view_publish_new(const char *layer,
                                    const struct sl_lambda_layer_version *latest);

#endif
