#include "aws_json.h"

#include <stdlib.h>
#include <string.h>

#include "cloudformation.h"
#include "cloudwatch.h"
#include "format.h"
#include "json.h"
#include "lambda.h"

void sl_awsjson_add_time(struct sl_json *o, const char *key, long long ms)
{
    char iso[SL_FMT_SHORT];

    if (ms <= 0)
        return;
    sl_fmt_iso(ms, iso, sizeof(iso));
    sl_json_add_string(o, key, iso);
}

void sl_awsjson_add_str(struct sl_json *o, const char *key, const char *value)
{
    if (value && *value)
        sl_json_add_string(o, key, value);
}

static struct sl_json *string_array(char *const *v, size_t n)
{
    struct sl_json *a = sl_json_new_array();
    size_t i;

    for (i = 0; i < n; i++)
        if (v[i])
            sl_json_add_string(a, NULL, v[i]);
    return a;
}

/* ---- CloudFormation ------------------------------------------------------------------- */

struct sl_json *sl_awsjson_stack(const struct sl_cfn_stack *s, int full)
{
    struct sl_json *o = sl_json_new_object(), *a, *m;
    size_t i;

    sl_awsjson_add_str(o, "StackId", s->stack_id);
    sl_awsjson_add_str(o, "StackName", s->name);
    sl_awsjson_add_str(o, full ? "Description" : "TemplateDescription", s->description);
    if (full && s->n_params) {
        a = sl_json_new_array();
        for (i = 0; i < s->n_params; i++) {
            m = sl_json_new_object();
            sl_json_add_string(m, "ParameterKey", s->params[i].key);
            sl_json_add_string(m, "ParameterValue", s->params[i].value);
            sl_awsjson_add_str(m, "ResolvedValue", s->params[i].resolved_value);
            sl_json_add(a, NULL, m);
        }
        sl_json_add(o, "Parameters", a);
    }
    sl_awsjson_add_time(o, "CreationTime", s->created_ms);
    sl_awsjson_add_time(o, "LastUpdatedTime", s->updated_ms);
    sl_awsjson_add_time(o, "DeletionTime", s->deleted_ms);
    sl_awsjson_add_str(o, "StackStatus", s->status);
    sl_awsjson_add_str(o, "StackStatusReason", s->status_reason);
    if (full) {
        sl_json_add_bool(o, "DisableRollback", s->disable_rollback);
        if (s->timeout_minutes > 0)
            sl_json_add_number(o, "TimeoutInMinutes", s->timeout_minutes);
        if (s->n_capabilities)
            sl_json_add(o, "Capabilities", string_array(s->capabilities, s->n_capabilities));
        if (s->n_outputs) {
            a = sl_json_new_array();
            for (i = 0; i < s->n_outputs; i++) {
                m = sl_json_new_object();
                sl_json_add_string(m, "OutputKey", s->outputs[i].key);
                sl_json_add_string(m, "OutputValue", s->outputs[i].value);
                sl_awsjson_add_str(m, "Description", s->outputs[i].description);
                sl_awsjson_add_str(m, "ExportName", s->outputs[i].export_name);
                sl_json_add(a, NULL, m);
            }
            sl_json_add(o, "Outputs", a);
        }
        sl_awsjson_add_str(o, "RoleARN", s->role_arn);
        if (s->n_tags) {
            a = sl_json_new_array();
            for (i = 0; i < s->n_tags; i++) {
                m = sl_json_new_object();
                sl_json_add_string(m, "Key", s->tags[i].key);
                sl_json_add_string(m, "Value", s->tags[i].value);
                sl_json_add(a, NULL, m);
            }
            sl_json_add(o, "Tags", a);
        }
        sl_json_add_bool(o, "EnableTerminationProtection", s->termination_protection);
    }
    sl_awsjson_add_str(o, "ParentId", s->parent_id);
    sl_awsjson_add_str(o, "RootId", s->root_id);
    if ((s->drift_status && *s->drift_status) || s->drift_checked_ms > 0) {
        m = sl_json_new_object();
        sl_awsjson_add_str(m, "StackDriftStatus", s->drift_status);
        sl_awsjson_add_time(m, "LastCheckTimestamp", s->drift_checked_ms);
        sl_json_add(o, "DriftInformation", m);
    }
    if (full)
        sl_awsjson_add_str(o, "DetailedStatus", s->detailed_status);
    return o;
}

struct sl_json *sl_awsjson_resource(const struct sl_cfn_resource *r)
{
    struct sl_json *o = sl_json_new_object(), *d;

    sl_awsjson_add_str(o, "LogicalResourceId", r->logical_id);
    sl_awsjson_add_str(o, "PhysicalResourceId", r->physical_id);
    sl_awsjson_add_str(o, "ResourceType", r->type);
    sl_awsjson_add_time(o, "LastUpdatedTimestamp", r->updated_ms);
    sl_awsjson_add_str(o, "ResourceStatus", r->status);
    sl_awsjson_add_str(o, "ResourceStatusReason", r->status_reason);
    if (r->drift_status && *r->drift_status) {
        d = sl_json_new_object();
        sl_json_add_string(d, "StackResourceDriftStatus", r->drift_status);
        sl_json_add(o, "DriftInformation", d);
    }
    return o;
}

struct sl_json *sl_awsjson_event(const struct sl_cfn_event *e)
{
    struct sl_json *o = sl_json_new_object();

    sl_awsjson_add_str(o, "StackId", e->stack_id);
    sl_awsjson_add_str(o, "EventId", e->event_id);
    sl_awsjson_add_str(o, "StackName", e->stack_name);
    sl_awsjson_add_str(o, "LogicalResourceId", e->logical_id);
    sl_awsjson_add_str(o, "PhysicalResourceId", e->physical_id);
    sl_awsjson_add_str(o, "ResourceType", e->type);
    sl_awsjson_add_time(o, "Timestamp", e->timestamp_ms);
    sl_awsjson_add_str(o, "ResourceStatus", e->status);
    sl_awsjson_add_str(o, "ResourceStatusReason", e->status_reason);
    sl_awsjson_add_str(o, "ClientRequestToken", e->client_request_token);
    sl_awsjson_add_str(o, "HookType", e->hook_type);
    sl_awsjson_add_str(o, "HookStatus", e->hook_status);
    sl_awsjson_add_str(o, "HookStatusReason", e->hook_status_reason);
    sl_awsjson_add_str(o, "DetailedStatus", e->detailed_status);
    return o;
}

/* ---- Lambda ------------------------------------------------------------------------------ */

struct sl_json *sl_awsjson_function(const struct sl_lambda_function *f)
{
    struct sl_json *o = sl_json_new_object(), *m, *a;
    size_t i;

    sl_awsjson_add_str(o, "FunctionName", f->name);
    sl_awsjson_add_str(o, "FunctionArn", f->arn);
    sl_awsjson_add_str(o, "Runtime", f->runtime);
    sl_awsjson_add_str(o, "Role", f->role);
    sl_awsjson_add_str(o, "Handler", f->handler);
    if (f->code_size >= 0)
        sl_json_add_number(o, "CodeSize", (double)f->code_size);
    sl_awsjson_add_str(o, "Description", f->description);
    if (f->timeout_s >= 0)
        sl_json_add_number(o, "Timeout", f->timeout_s);
    if (f->memory_mb >= 0)
        sl_json_add_number(o, "MemorySize", f->memory_mb);
    sl_awsjson_add_str(o, "LastModified", f->last_modified);
    sl_awsjson_add_str(o, "CodeSha256", f->code_sha256);
    sl_awsjson_add_str(o, "Version", f->version);
    if (f->vpc_id || f->n_subnet_ids || f->n_security_group_ids) {
        m = sl_json_new_object();
        sl_json_add(m, "SubnetIds", string_array(f->subnet_ids, f->n_subnet_ids));
        sl_json_add(m, "SecurityGroupIds",
                    string_array(f->security_group_ids, f->n_security_group_ids));
        sl_awsjson_add_str(m, "VpcId", f->vpc_id);
        sl_json_add(o, "VpcConfig", m);
    }
    if (f->n_env) {
        struct sl_json *vars = sl_json_new_object();

        m = sl_json_new_object();
        for (i = 0; i < f->n_env; i++)
            if (f->env[i].name)
                sl_json_add_string(vars, f->env[i].name, NULL);
        sl_json_add(m, "Variables", vars);
        sl_json_add(o, "Environment", m);
    }
    if (f->tracing_mode && *f->tracing_mode) {
        m = sl_json_new_object();
        sl_json_add_string(m, "Mode", f->tracing_mode);
        sl_json_add(o, "TracingConfig", m);
    }
    sl_awsjson_add_str(o, "RevisionId", f->revision_id);
    if (f->n_layers) {
        a = sl_json_new_array();
        for (i = 0; i < f->n_layers; i++) {
            m = sl_json_new_object();
            sl_awsjson_add_str(m, "Arn", f->layers[i].arn);
            if (f->layers[i].code_size >= 0)
                sl_json_add_number(m, "CodeSize", (double)f->layers[i].code_size);
            sl_json_add(a, NULL, m);
        }
        sl_json_add(o, "Layers", a);
    }
    sl_awsjson_add_str(o, "State", f->state);
    sl_awsjson_add_str(o, "StateReason", f->state_reason);
    sl_awsjson_add_str(o, "StateReasonCode", f->state_reason_code);
    sl_awsjson_add_str(o, "LastUpdateStatus", f->last_update_status);
    sl_awsjson_add_str(o, "LastUpdateStatusReason", f->last_update_status_reason);
    sl_awsjson_add_str(o, "LastUpdateStatusReasonCode", f->last_update_status_reason_code);
    sl_awsjson_add_str(o, "PackageType", f->package_type);
    if (f->n_architectures)
        sl_json_add(o, "Architectures", string_array(f->architectures, f->n_architectures));
    if (f->ephemeral_storage_mb >= 0) {
        m = sl_json_new_object();
        sl_json_add_number(m, "Size", f->ephemeral_storage_mb);
        sl_json_add(o, "EphemeralStorage", m);
    }
    if (f->log_format && *f->log_format) {
        m = sl_json_new_object();
        sl_json_add_string(m, "LogFormat", f->log_format);
        sl_awsjson_add_str(m, "LogGroup", f->log_group);
        sl_json_add(o, "LoggingConfig", m);
    }
    return o;
}

struct sl_json *sl_awsjson_alias(const struct sl_lambda_alias *a)
{
    struct sl_json *o = sl_json_new_object(), *rc, *w;
    size_t i;

    sl_awsjson_add_str(o, "AliasArn", a->arn);
    sl_awsjson_add_str(o, "Name", a->name);
    sl_awsjson_add_str(o, "FunctionVersion", a->function_version);
    sl_awsjson_add_str(o, "Description", a->description);
    if (a->n_weights) {
        rc = sl_json_new_object();
        w = sl_json_new_object();
        for (i = 0; i < a->n_weights; i++)
            if (a->weights[i].version)
                sl_json_add_number(w, a->weights[i].version, a->weights[i].weight);
        sl_json_add(rc, "AdditionalVersionWeights", w);
        sl_json_add(o, "RoutingConfig", rc);
    }
    sl_awsjson_add_str(o, "RevisionId", a->revision_id);
    return o;
}

struct sl_json *sl_awsjson_layer_version(const struct sl_lambda_layer_version *v,
                                         int with_layer_arn)
{
    struct sl_json *o = sl_json_new_object(), *c;

    if (with_layer_arn)
        sl_awsjson_add_str(o, "LayerArn", v->layer_arn);
    sl_awsjson_add_str(o, "LayerVersionArn", v->arn);
    sl_json_add_number(o, "Version", (double)v->version);
    sl_awsjson_add_str(o, "Description", v->description);
    sl_awsjson_add_str(o, "CreatedDate", v->created_date);
    if (v->n_compatible_runtimes)
        sl_json_add(o, "CompatibleRuntimes",
                    string_array(v->compatible_runtimes, v->n_compatible_runtimes));
    sl_awsjson_add_str(o, "LicenseInfo", v->license_info);
    if (v->n_compatible_architectures)
        sl_json_add(o, "CompatibleArchitectures",
                    string_array(v->compatible_architectures, v->n_compatible_architectures));
    /* Content.Location is a bearer link: never printed. */
    if (with_layer_arn && (v->content_sha256 || v->content_size >= 0)) {
        c = sl_json_new_object();
        sl_awsjson_add_str(c, "CodeSha256", v->content_sha256);
        if (v->content_size >= 0)
            sl_json_add_number(c, "CodeSize", (double)v->content_size);
        sl_json_add(o, "Content", c);
    }
    return o;
}

struct sl_json *sl_awsjson_layer(const struct sl_lambda_layer *l)
{
    struct sl_json *o = sl_json_new_object();

    sl_awsjson_add_str(o, "LayerName", l->name);
    sl_awsjson_add_str(o, "LayerArn", l->arn);
    if (l->latest)
        sl_json_add(o, "LatestMatchingVersion", sl_awsjson_layer_version(l->latest, 0));
    return o;
}

/* ---- CloudWatch ---------------------------------------------------------------------- */

static struct sl_json *dimensions(const struct sl_cw_dimension *d, size_t n)
{
    struct sl_json *a = sl_json_new_array(), *m;
    size_t i;

    for (i = 0; i < n; i++) {
        m = sl_json_new_object();
        sl_json_add_string(m, "Name", d[i].name);
        sl_json_add_string(m, "Value", d[i].value);
        sl_json_add(a, NULL, m);
    }
    return a;
}

static struct sl_json *alarm_query(const struct sl_cw_alarm_metric *q)
{
    struct sl_json *o = sl_json_new_object(), *ms, *m;

    sl_awsjson_add_str(o, "Id", q->id);
    if (q->metric_name && *q->metric_name) {
        ms = sl_json_new_object();
        m = sl_json_new_object();
        sl_awsjson_add_str(m, "Namespace", q->metric_namespace);
        sl_awsjson_add_str(m, "MetricName", q->metric_name);
        sl_json_add(m, "Dimensions", dimensions(q->dims, q->n_dims));
        sl_json_add(ms, "Metric", m);
        if (q->period > 0)
            sl_json_add_number(ms, "Period", q->period);
        sl_awsjson_add_str(ms, "Stat", q->stat);
        sl_json_add(o, "MetricStat", ms);
    }
    sl_awsjson_add_str(o, "Expression", q->expression);
    sl_awsjson_add_str(o, "Label", q->label);
    sl_json_add_bool(o, "ReturnData", q->return_data);
    if (!(q->metric_name && *q->metric_name) && q->period > 0)
        sl_json_add_number(o, "Period", q->period);
    return o;
}

struct sl_json *sl_awsjson_alarm(const struct sl_cw_alarm *a)
{
    struct sl_json *o = sl_json_new_object(), *q;
    size_t i;

    sl_awsjson_add_str(o, "AlarmName", a->name);
    sl_awsjson_add_str(o, "AlarmArn", a->arn);
    sl_awsjson_add_str(o, "AlarmDescription", a->description);
    sl_awsjson_add_time(o, "AlarmConfigurationUpdatedTimestamp", a->config_updated_ms);
    sl_json_add_bool(o, "ActionsEnabled", a->actions_enabled);
    sl_json_add(o, "OKActions", string_array(a->ok_actions, a->n_ok_actions));
    sl_json_add(o, "AlarmActions", string_array(a->alarm_actions, a->n_alarm_actions));
    sl_json_add(o, "InsufficientDataActions",
                string_array(a->insufficient_data_actions, a->n_insufficient_data_actions));
    sl_awsjson_add_str(o, "StateValue", a->state);
    sl_awsjson_add_str(o, "StateReason", a->state_reason);
    sl_awsjson_add_str(o, "StateReasonData", a->state_reason_data);
    sl_awsjson_add_time(o, "StateUpdatedTimestamp", a->state_updated_ms);
    if (a->type == SL_CW_COMPOSITE_ALARM) {
        sl_awsjson_add_str(o, "AlarmRule", a->alarm_rule);
        sl_awsjson_add_time(o, "StateTransitionedTimestamp", a->state_transitioned_ms);
        sl_awsjson_add_str(o, "ActionsSuppressedBy", a->actions_suppressed_by);
        sl_awsjson_add_str(o, "ActionsSuppressor", a->actions_suppressor);
        return o;
    }
    sl_awsjson_add_str(o, "MetricName", a->metric_name);
    sl_awsjson_add_str(o, "Namespace", a->metric_namespace);
    sl_awsjson_add_str(o, "Statistic", a->statistic);
    sl_awsjson_add_str(o, "ExtendedStatistic", a->extended_statistic);
    if (a->metric_name && *a->metric_name)
        sl_json_add(o, "Dimensions", dimensions(a->dims, a->n_dims));
    if (a->period > 0)
        sl_json_add_number(o, "Period", a->period);
    sl_awsjson_add_str(o, "Unit", a->unit);
    if (a->evaluation_periods > 0)
        sl_json_add_number(o, "EvaluationPeriods", a->evaluation_periods);
    if (a->datapoints_to_alarm > 0)
        sl_json_add_number(o, "DatapointsToAlarm", a->datapoints_to_alarm);
    if (a->has_threshold)
        sl_json_add_number(o, "Threshold", a->threshold);
    sl_awsjson_add_str(o, "ComparisonOperator", a->comparison_operator);
    sl_awsjson_add_str(o, "TreatMissingData", a->treat_missing_data);
    if (a->n_metrics) {
        q = sl_json_new_array();
        for (i = 0; i < a->n_metrics; i++)
            sl_json_add(q, NULL, alarm_query(&a->metrics[i]));
        sl_json_add(o, "Metrics", q);
    }
    sl_awsjson_add_str(o, "ThresholdMetricId", a->threshold_metric_id);
    sl_awsjson_add_time(o, "StateTransitionedTimestamp", a->state_transitioned_ms);
    return o;
}

int sl_awsjson_print(FILE *f, struct sl_json **o)
{
    char *s;

    if (!o || !*o)
        return -1;
    s = sl_json_print(*o, 1);
    sl_json_free(o);
    if (!s)
        return -1;
    fprintf(f, "%s\n", s);
    free(s);
    return 0;
}
