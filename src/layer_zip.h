/* The zip of a Lambda layer: built from a folder (with libzip, reproducibly) or taken from an
 * existing .zip file (checked by opening it with libzip), and the check that its layout fits
 * the runtimes it is published for. */
#ifndef SL_LAYER_ZIP_H
#define SL_LAYER_ZIP_H

#include <stddef.h>

#include "sl_error.h"

/* Unzipped, a function and all its layers must fit in 250 MB (aws-wire.md §6.2). */
#define SL_LAYER_UNZIPPED_MAX ((unsigned long long)262144000)
/* Entries and folder depth walked before a folder is refused as unreasonable. */
#define SL_LAYER_ZIP_ENTRIES_MAX 200000
#define SL_LAYER_ZIP_DEPTH_MAX   64

struct sl_layer_zip {
    const unsigned char *data; /* the zip's bytes */
    size_t len;
    char **names; /* entry names in archive order ("nodejs/", "nodejs/node_modules/x.js") */
    size_t n_names;
    void *mem_; /* private: the zip built in memory */
    void *map_; /* private: an existing zip mapped read-only */
    size_t map_len_;
};

/* Zips the folder dir in memory. The same folder always gives the same bytes: entries in byte
 * order of their paths (folders as "name/", before their contents), every time stamp
 * 1980-01-01 00:00:00, permissions 0755 for folders and executables and 0644 for other files
 * (no owner, no extra fields), deflate. A symbolic link to a file inside the folder is stored
 * as that file; a link to a folder, to something outside the folder, or to nothing, and
 * special files (sockets, devices, FIFOs), are refused. SL_EINVAL with one sentence naming the
 * path for a folder that cannot be zipped (or holds no files, or more than 250 MB), SL_EIO
 * when reading fails. */
enum sl_err sl_layer_zip_dir(const char *dir, struct sl_layer_zip *out, struct sl_error *err);

/* Maps an existing zip file read-only after opening it with libzip (SL_EINVAL "... is not a
 * zip file" when it is not one; SL_EIO when it cannot be read). */
enum sl_err sl_layer_zip_open(const char *path, struct sl_layer_zip *out, struct sl_error *err);

/* Writes the zip to path through a temporary file next to it, renamed into place; nothing is
 * left behind on failure. SL_EIO with a sentence naming path. */
enum sl_err sl_layer_zip_write(const struct sl_layer_zip *z, const char *path,
                               struct sl_error *err);

/* Releases the zip and zeroes it (NULL-safe; a zeroed zip is fine). */
void sl_layer_zip_free(struct sl_layer_zip *z);

/* The layout a runtime looks for: NULL when the names fit it (or the runtime has no rule),
 * else a sentence for a person (malloc'ed, translated) saying what was expected:
 * nodejs* reads nodejs/node_modules/ (or nodejs/nodeNN/node_modules/), python* reads python/
 * (or python/lib/pythonX.Y/site-packages/). */
char *sl_layer_zip_layout_warning(char *const *names, size_t n, const char *runtime);

#endif
