/* slctl publish-layer NAME PATH: publishes a new version of a Lambda layer from a folder
 * (zipped reproducibly) or a .zip file, inline up to 50 MiB or through S3 (--s3-bucket).
 * Prints the new LayerVersionArn (--output json: the PublishLayerVersion answer). Nothing is
 * left half-done: when the upload fails nothing is published, and when publishing fails the
 * uploaded zip is removed again. */
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "aws_json.h"
#include "cli.h"
#include "client.h"
#include "format.h"
#include "i18n.h"
#include "interrupt.h"
#include "json.h"
#include "lambda.h"
#include "layer_zip.h"
#include "s3.h"
#include "settings.h"
#include "text.h"

#define PUBLISH_KEY_PREFIX "slctl-layers/"

struct publish_opts {
    const char *name;
    const char *path;
    const char *runtimes[SL_LAMBDA_LAYER_RUNTIMES_MAX + 1];
    size_t n_runtimes;
    const char *archs[SL_LAMBDA_LAYER_ARCHITECTURES_MAX + 1];
    size_t n_archs;
    const char *description;
    const char *license;
    const char *s3_bucket;
    const char *s3_key;
    const char *zip_only;
};

/* "slctl: <step> failed: <what went wrong>" with the names made safe, as one line. */
static int step_failed(const char *step, enum sl_err rc, const struct sl_error *err,
                       const char *tail)
{
    char msg[1400], *safe;
    int ex;

    sl_error_format(rc, err, msg, sizeof(msg));
    safe = sl_text_sanitized(msg);
    if (safe && safe[0] && safe[strlen(safe) - 1] == '.')
        safe[strlen(safe) - 1] = '\0'; /* the sentence goes on */
    fprintf(stderr, _("slctl: %s failed: %s%s.\n"), step, safe ? safe : msg, tail ? tail : "");
    free(safe);
    ex = rc == SL_ENOTFOUND                     ? SL_EXIT_NOTFOUND
         : (rc == SL_EINVAL || rc == SL_EUSAGE) ? SL_EXIT_USAGE
         : rc == SL_ECANCELLED                  ? SL_EXIT_INTERRUPTED
                                                : SL_EXIT_AWS;
    return ex;
}

static int parse_args(int argc, char **argv, struct publish_opts *o)
{
    static const struct option longopts[] = {
        {"runtime", required_argument, NULL, 'r'},     {"arch", required_argument, NULL, 'a'},
        {"description", required_argument, NULL, 'd'}, {"license", required_argument, NULL, 'l'},
        {"s3-bucket", required_argument, NULL, 'b'},   {"s3-key", required_argument, NULL, 'k'},
        {"zip-only", required_argument, NULL, 'z'},    {NULL, 0, NULL, 0},
    };
    int ch;

    opterr = 0;
    optind = 0;
    while ((ch = getopt_long(argc, argv, ":", longopts, NULL)) != -1) {
        switch (ch) {
        case 'r':
            if (o->n_runtimes >= SL_LAMBDA_LAYER_RUNTIMES_MAX)
                return sl_cli_usage("publish-layer", _("at most %d --runtime options are allowed"),
                                    SL_LAMBDA_LAYER_RUNTIMES_MAX);
            o->runtimes[o->n_runtimes++] = optarg;
            break;
        case 'a':
            if (strcmp(optarg, "x86_64") && strcmp(optarg, "arm64"))
                return sl_cli_usage("publish-layer",
                                    _("--arch must be x86_64 or arm64, not \"%s\""), optarg);
            if (o->n_archs >= SL_LAMBDA_LAYER_ARCHITECTURES_MAX)
                return sl_cli_usage("publish-layer", _("at most %d --arch options are allowed"),
                                    SL_LAMBDA_LAYER_ARCHITECTURES_MAX);
            o->archs[o->n_archs++] = optarg;
            break;
        case 'd':
            o->description = optarg;
            break;
        case 'l':
            o->license = optarg;
            break;
        case 'b':
            o->s3_bucket = optarg;
            break;
        case 'k':
            o->s3_key = optarg;
            break;
        case 'z':
            o->zip_only = optarg;
            break;
        case ':':
            return sl_cli_usage("publish-layer", _("%s needs a value"), argv[optind - 1]);
        default:
            return sl_cli_usage("publish-layer", _("unknown option \"%s\""), argv[optind - 1]);
        }
    }
    if (argc - optind != 2)
        return sl_cli_usage("publish-layer", "%s",
                            _("publish-layer takes a layer name and a folder or .zip file"));
    o->name = argv[optind];
    o->path = argv[optind + 1];
    if (!o->name[0])
        return sl_cli_usage("publish-layer", "%s", _("the layer name is empty"));
    if (o->s3_key && !o->s3_bucket)
        return sl_cli_usage("publish-layer", "%s", _("--s3-key needs --s3-bucket"));
    if (o->zip_only && o->s3_bucket)
        return sl_cli_usage(
            "publish-layer", "%s",
            _("--zip-only only writes the zip; it cannot be used with --s3-bucket"));
    return 0;
}

/* The zip of PATH: a folder is zipped, a file must be a zip. */
static int load_zip(const struct publish_opts *o, struct sl_layer_zip *z)
{
    struct sl_error err;
    struct stat st;
    enum sl_err rc;
    char *safe;

    sl_error_clear(&err);
    if (stat(o->path, &st) != 0) {
        safe = sl_text_sanitized(o->path);
        fprintf(stderr, _("slctl: %s does not exist.\n"), safe ? safe : "?");
        free(safe);
        return SL_EXIT_USAGE;
    }
    rc = S_ISDIR(st.st_mode) ? sl_layer_zip_dir(o->path, z, &err)
                             : sl_layer_zip_open(o->path, z, &err);
    if (rc) {
        fprintf(stderr, "slctl: %s\n", err.message[0] ? err.message : sl_strerror(rc));
        return rc == SL_EINVAL ? SL_EXIT_USAGE : SL_EXIT_AWS;
    }
    return 0;
}

static void warn_layout(const struct publish_opts *o, const struct sl_layer_zip *z)
{
    int warned_node = 0, warned_python = 0;
    size_t i;

    for (i = 0; i < o->n_runtimes; i++) {
        int *warned = !strncmp(o->runtimes[i], "nodejs", 6)   ? &warned_node
                      : !strncmp(o->runtimes[i], "python", 6) ? &warned_python
                                                              : NULL;
        char *w;

        if (!warned || *warned)
            continue;
        w = sl_layer_zip_layout_warning(z->names, z->n_names, o->runtimes[i]);
        if (w) {
            fprintf(stderr, _("slctl: warning: %s\n"), w);
            free(w);
        }
        *warned = 1;
    }
}

static int print_result(const struct sl_globals *g, const struct sl_lambda_layer_version *lv)
{
    struct sl_json *j;

    if (g->output_set && g->output == SL_OUT_JSON) {
        j = sl_awsjson_layer_version(lv, 1);
        if (!j || sl_awsjson_print(stdout, &j) < 0) {
            sl_json_free(&j);
            return sl_cli_fail(SL_ENOMEM, NULL);
        }
        return SL_EXIT_OK;
    }
    printf("%s\n", lv->arn ? lv->arn : "");
    return SL_EXIT_OK;
}

int sl_cmd_publish_layer(const struct sl_globals *g, int argc, char **argv)
{
    struct publish_opts o;
    struct sl_layer_zip z;
    struct sl_lambda_publish_layer_params p;
    struct sl_lambda_layer_version *lv = NULL;
    struct sl_s3_put_result put;
    struct sl_client *c = NULL;
    struct sl_error err;
    char sha[65], key[1100], where[1200], step[1400], *safe_where = NULL;
    int ex;
    enum sl_err rc;

    memset(&o, 0, sizeof(o));
    memset(&z, 0, sizeof(z));
    ex = parse_args(argc, argv, &o);
    if (ex)
        return ex;
    /* Writes are refused in read-only mode; --zip-only writes nothing to AWS. */
    if (!o.zip_only && (ex = sl_settings_readonly(g, _("publish the layer"))) != 0)
        return ex;
    memset(&p, 0, sizeof(p));
    p.layer = o.name;
    p.description = o.description;
    p.license_info = o.license;
    p.compatible_runtimes = o.runtimes;
    p.n_compatible_runtimes = o.n_runtimes;
    p.compatible_architectures = o.archs;
    p.n_compatible_architectures = o.n_archs;
    /* The limits on names, runtimes and texts, before any work. */
    p.s3_bucket = "check";
    p.s3_key = "check";
    sl_error_clear(&err);
    rc = sl_lambda_check_publish_layer(&p, &err);
    if (rc)
        return sl_cli_fail(rc == SL_ETOOBIG ? SL_EINVAL : rc, &err);
    p.s3_bucket = p.s3_key = NULL;

    sl_interrupt_install(NULL);
    ex = load_zip(&o, &z);
    if (ex)
        goto out;
    warn_layout(&o, &z);
    if (sl_interrupt_pending()) {
        ex = SL_EXIT_INTERRUPTED;
        goto out;
    }
    if (o.zip_only) {
        rc = sl_layer_zip_write(&z, o.zip_only, &err);
        ex = rc ? sl_cli_fail(rc, &err) : SL_EXIT_OK;
        goto out;
    }
    if (!o.s3_bucket) {
        /* Inline, the zip goes base64 into the request: both have a limit. */
        p.zip = z.data;
        p.zip_len = z.len;
        rc = sl_lambda_check_publish_layer(&p, &err);
        if (rc == SL_ETOOBIG || z.len > SL_LAMBDA_LAYER_ZIP_MAX) {
            fprintf(stderr,
                    _("slctl: The zip is %.1f MiB, too large to send to Lambda directly (at most "
                      "50 MiB, and less once base64-encoded); give --s3-bucket BUCKET to "
                      "publish it through S3.\n"),
                    (double)z.len / (1024.0 * 1024.0));
            ex = SL_EXIT_USAGE;
            goto out;
        }
        if (rc) {
            ex = sl_cli_fail(rc, &err);
            goto out;
        }
    }
    ex = sl_cli_client(g, &c);
    if (ex)
        goto out;
    sl_interrupt_set_client(c);

    if (o.s3_bucket) {
        if (o.s3_key) {
            snprintf(key, sizeof(key), "%s", o.s3_key);
        } else {
            rc = sl_s3_payload_sha256(z.data, z.len, sha);
            if (rc) {
                ex = sl_cli_fail(rc, NULL);
                goto out;
            }
            snprintf(key, sizeof(key), "%s%s/%s.zip", PUBLISH_KEY_PREFIX, o.name, sha);
        }
        snprintf(where, sizeof(where), "s3://%s/%s", o.s3_bucket, key);
        safe_where = sl_text_sanitized(where);
        snprintf(step, sizeof(step), _("Uploading the zip to %s"), safe_where ? safe_where : "S3");
        rc = sl_s3_put_object(c, o.s3_bucket, key, z.data, z.len, SL_S3_CONTENT_TYPE_ZIP, &put,
                              &err);
        if (rc) {
            ex = step_failed(step, rc, &err, _("; nothing was published"));
            goto out;
        }
        if (sl_interrupt_pending()) {
            rc = SL_ECANCELLED;
            sl_error_clear(&err);
        } else {
            p.s3_bucket = o.s3_bucket;
            p.s3_key = key;
            p.s3_object_version = put.version_id[0] ? put.version_id : NULL;
            rc = sl_lambda_publish_layer_version(c, &p, &lv, &err);
        }
        if (rc) {
            struct sl_error derr;

            /* Nothing may stay behind: the zip goes again. */
            sl_error_clear(&derr);
            if (sl_s3_delete_object(c, o.s3_bucket, key, &derr) == SL_OK)
                snprintf(step, sizeof(step), _("; the uploaded zip %s was removed again"),
                         safe_where ? safe_where : "");
            else
                snprintf(step, sizeof(step), _("; the uploaded zip %s could not be removed"),
                         safe_where ? safe_where : "");
            if (rc == SL_ECANCELLED) {
                fprintf(stderr, _("slctl: Interrupted before publishing%s.\n"), step);
                ex = SL_EXIT_INTERRUPTED;
            } else {
                ex = step_failed(_("Publishing the layer"), rc, &err, step);
            }
            goto out;
        }
    } else {
        if (sl_interrupt_pending()) {
            ex = SL_EXIT_INTERRUPTED;
            goto out;
        }
        rc = sl_lambda_publish_layer_version(c, &p, &lv, &err);
        if (rc) {
            ex = step_failed(_("Publishing the layer"), rc, &err, NULL);
            goto out;
        }
    }
    ex = print_result(g, lv);
out:
    sl_interrupt_restore();
    free(safe_where);
    sl_lambda_layer_version_free(&lv);
    sl_layer_zip_free(&z);
    sl_client_free(&c);
    return ex;
}
