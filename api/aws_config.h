/* The AWS CLI's shared files (~/.aws/config and ~/.aws/credentials, or AWS_CONFIG_FILE and
 * AWS_SHARED_CREDENTIALS_FILE), read once into memory, plus region resolution.
 * Profiles: "[default]" and "[profile NAME]" in config, "[NAME]" in credentials (whose keys
 * win); "[services NAME]" and "[sso-session NAME]" sections; an indented block after
 * "key =" is a nested section ("s3 =\n  addressing_style = path"). */
#ifndef SL_AWS_CONFIG_H
#define SL_AWS_CONFIG_H

#include "sl_error.h"

struct sl_aws_config;

/* Reads both files (a missing file is not an error; an unreadable or malformed one is, with
 * the file name and line in err->message). */
enum sl_err sl_aws_config_load(struct sl_aws_config **out, struct sl_error *err);
/* Same from explicit paths (either may be NULL: not present). */
enum sl_err sl_aws_config_load_files(struct sl_aws_config **out, const char *config_path,
                                     const char *credentials_path, struct sl_error *err);
void sl_aws_config_free(struct sl_aws_config **cfg);

/* The profile in force: explicit name, else AWS_PROFILE, AWS_DEFAULT_PROFILE, "default". */
const char *sl_aws_config_profile_name(const char *explicit_profile);
/* 1 when the profile appears in either file. */
int sl_aws_config_has_profile(const struct sl_aws_config *cfg, const char *profile);
/* A key of a profile: the credentials file first, then config; NULL when absent. */
const char *sl_aws_config_get(const struct sl_aws_config *cfg, const char *profile,
                              const char *key);
/* Where the key was found ("credentials" or "config" file path), for error sentences. */
const char *sl_aws_config_origin(const struct sl_aws_config *cfg, const char *profile,
                                 const char *key);
/* A nested key of a profile ("s3", "addressing_style"); NULL when absent. */
const char *sl_aws_config_get_nested(const struct sl_aws_config *cfg, const char *profile,
                                     const char *key, const char *subkey);
/* A key of a [services NAME] section: ("local", "lambda", "endpoint_url"). */
const char *sl_aws_config_service_get(const struct sl_aws_config *cfg, const char *services,
                                      const char *service_key, const char *key);
/* Profile names, for pickers and completion: a NULL-terminated array the caller frees
 * with free() (one block). */
char **sl_aws_config_profiles(const struct sl_aws_config *cfg);

/* The two files, for sl_aws_config_path() and sl_aws_config_get_in(). */
enum sl_aws_file {
    SL_AWS_FILE_CONFIG,
    SL_AWS_FILE_CREDENTIALS,
};
/* The path a file was (or would have been) read from, for error sentences; NULL when
 * sl_aws_config_load_files() was given none. */
const char *sl_aws_config_path(const struct sl_aws_config *cfg, enum sl_aws_file which);
/* A key of a profile in one file only (the provider chain reads them in a fixed order). */
const char *sl_aws_config_get_in(const struct sl_aws_config *cfg, enum sl_aws_file which,
                                 const char *profile, const char *key);

/* Region: --region, AWS_REGION, AWS_DEFAULT_REGION, the profile's region. NULL when none
 * (callers say "no region: use --region, AWS_REGION or region= in the profile"). */
const char *sl_aws_config_region(const struct sl_aws_config *cfg, const char *profile,
                                 const char *cli_region);

#endif
