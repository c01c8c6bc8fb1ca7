#include "service.h"

const struct sl_service sl_service_sts = {"sts",        "sts", "STS", "sts", SL_PROTO_QUERY,
                                          "2011-06-15", "",    "",    0};
const struct sl_service sl_service_cloudformation = {"cloudformation",
                                                     "cloudformation",
                                                     "CLOUDFORMATION",
                                                     "cloudformation",
                                                     SL_PROTO_QUERY,
                                                     "2010-05-15",
                                                     "",
                                                     "",
                                                     0};
const struct sl_service sl_service_lambda = {
    "lambda", "lambda", "LAMBDA", "lambda", SL_PROTO_REST_JSON, "", "", "application/json", 0};
const struct sl_service sl_service_logs = {"logs",
                                           "logs",
                                           "CLOUDWATCH_LOGS",
                                           "cloudwatch_logs",
                                           SL_PROTO_JSON,
                                           "",
                                           "Logs_20140328",
                                           "application/x-amz-json-1.1",
                                           0};
const struct sl_service sl_service_cloudwatch = {"monitoring",
                                                 "monitoring",
                                                 "CLOUDWATCH",
                                                 "cloudwatch",
                                                 SL_PROTO_QUERY,
                                                 "2010-08-01",
                                                 "",
                                                 "",
                                                 0};
const struct sl_service sl_service_s3 = {"s3", "s3", "S3", "s3", SL_PROTO_REST_XML, "", "", "", 1};
