"""The demo serverless application, one description shared by every service module.

A typical SAM "users API" (an API stack with functions, a DynamoDB table, a shared layer with
versions, alarms in every state) plus a second stack whose last update failed and rolled back.
Service modules seed their own part from here in their ``on_reset(store, demo=True)`` hooks,
so stacks, functions, log groups, layers and alarms always agree with each other.

Times are offsets in seconds before the moment the emulator is (re)seeded, so the demo always
looks recent.
"""

ACCOUNT = "123456789012"
REGION = "us-east-1"

HOUR = 3600
DAY = 24 * HOUR

LAYER = {
    "name": "users-deps",
    "versions": [
        {"version": 1, "description": "aws-sdk v3 and zod", "runtimes": ["nodejs18.x", "nodejs20.x"],
         "architectures": ["x86_64", "arm64"], "license": "MIT", "age": 40 * DAY,
         "files": {"nodejs/node_modules/zod/package.json": '{"name":"zod","version":"3.22.4"}'}},
        {"version": 2, "description": "aws-sdk v3, zod, pino logger",
         "runtimes": ["nodejs18.x", "nodejs20.x"], "architectures": ["x86_64", "arm64"],
         "license": "MIT", "age": 12 * DAY,
         "files": {"nodejs/node_modules/zod/package.json": '{"name":"zod","version":"3.23.8"}',
                   "nodejs/node_modules/pino/package.json": '{"name":"pino","version":"9.1.0"}'}},
        {"version": 3, "description": "pino 9.2 (fixes redact paths)",
         "runtimes": ["nodejs20.x"], "architectures": ["arm64"], "license": "MIT", "age": 2 * DAY,
         "files": {"nodejs/node_modules/zod/package.json": '{"name":"zod","version":"3.23.8"}',
                   "nodejs/node_modules/pino/package.json": '{"name":"pino","version":"9.2.0"}'}},
    ],
}

# behaviour: what Invoke does (see services/lambda_.py); handler: file under demo/functions/.
FUNCTIONS = [
    {"name": "users-api-GetUserFunction-4XJ2K9LQ7ZAB", "stack": "users-api",
     "logical_id": "GetUserFunction", "runtime": "nodejs20.x", "handler": "get-user.handler",
     "memory": 256, "timeout": 10, "architecture": "arm64", "layer_version": 3,
     "behaviour": "get-user", "description": "GET /users/{id}",
     "env": {"TABLE_NAME": "users-api-UsersTable-1M3T2ZK0Q9XY", "LOG_LEVEL": "info",
             "POWERTOOLS_SERVICE_NAME": "users"},
     "age": 2 * DAY, "code_size": 48213},
    {"name": "users-api-CreateUserFunction-9PL2MX0WQ1RT", "stack": "users-api",
     "logical_id": "CreateUserFunction", "runtime": "nodejs20.x",
     "handler": "create-user.handler", "memory": 512, "timeout": 15, "architecture": "arm64",
     "layer_version": 3, "behaviour": "create-user", "description": "POST /users",
     "env": {"TABLE_NAME": "users-api-UsersTable-1M3T2ZK0Q9XY", "LOG_LEVEL": "info"},
     "age": 2 * DAY, "code_size": 51377},
    {"name": "users-api-ListUsersFunction-2HD8RT5KXV0C", "stack": "users-api",
     "logical_id": "ListUsersFunction", "runtime": "nodejs20.x", "handler": "list-users.handler",
     "memory": 256, "timeout": 10, "architecture": "arm64", "layer_version": 2,
     "behaviour": "list-users", "description": "GET /users",
     "env": {"TABLE_NAME": "users-api-UsersTable-1M3T2ZK0Q9XY", "LOG_LEVEL": "warn"},
     "age": 12 * DAY, "code_size": 47102},
    {"name": "users-api-SlowReportFunction-7TQ1ZP3NNB4E", "stack": "users-api",
     "logical_id": "SlowReportFunction", "runtime": "nodejs20.x", "handler": "slow-report.handler",
     "memory": 1024, "timeout": 3, "architecture": "x86_64", "layer_version": None,
     "behaviour": "timeout", "description": "Nightly report (times out)",
     "env": {}, "age": 30 * DAY, "code_size": 12044},
    {"name": "orders-pipeline-ProcessOrderFunction-QW81LZ0XK2PD", "stack": "orders-pipeline",
     "logical_id": "ProcessOrderFunction", "runtime": "python3.12", "handler": "app.handler",
     "memory": 128, "timeout": 30, "architecture": "x86_64", "layer_version": None,
     "behaviour": "process-order", "description": "SQS consumer for orders",
     "env": {"QUEUE_URL": "https://sqs.us-east-1.amazonaws.com/123456789012/orders"},
     "age": 5 * DAY, "code_size": 8391},
]

TABLE = {"logical_id": "UsersTable", "physical_id": "users-api-UsersTable-1M3T2ZK0Q9XY"}

STACKS = [
    {"name": "users-api", "status": "UPDATE_COMPLETE", "created": 40 * DAY, "updated": 2 * DAY,
     "description": "Users API (SAM): API Gateway, Lambda, DynamoDB",
     "parameters": {"Stage": "prod", "LogLevel": "info", "TableBillingMode": "PAY_PER_REQUEST"},
     "outputs": [
         ("ApiUrl", "https://k3x9q2m1za.execute-api.us-east-1.amazonaws.com/prod/",
          "Users API endpoint", "users-api-ApiUrl"),
         ("UsersTableName", "users-api-UsersTable-1M3T2ZK0Q9XY", "DynamoDB table", None),
         ("UsersDepsLayerArn", "arn:aws:lambda:us-east-1:123456789012:layer:users-deps:3",
          "Shared dependencies", "users-deps-layer"),
     ],
     "tags": {"team": "identity", "cost-center": "cc-1042"},
     "drift": "IN_SYNC"},
    {"name": "orders-pipeline", "status": "UPDATE_ROLLBACK_COMPLETE", "created": 20 * DAY,
     "updated": 3 * HOUR, "description": "Orders pipeline: SQS queue and consumer",
     "parameters": {"Stage": "prod", "BatchSize": "10"},
     "outputs": [("QueueUrl", "https://sqs.us-east-1.amazonaws.com/123456789012/orders",
                  "Orders queue", None)],
     "tags": {"team": "commerce"}, "drift": "DRIFTED",
     # The failed update, oldest first: (seconds ago, logical id, type, status, reason)
     "failed_update": [
         (3 * HOUR + 300, "orders-pipeline", "AWS::CloudFormation::Stack", "UPDATE_IN_PROGRESS",
          "User Initiated"),
         (3 * HOUR + 280, "OrdersQueue", "AWS::SQS::Queue", "UPDATE_IN_PROGRESS", ""),
         (3 * HOUR + 250, "OrdersQueue", "AWS::SQS::Queue", "UPDATE_FAILED",
          "Resource handler returned message: \"Invalid value for the parameter "
          "VisibilityTimeout. Reason: must be at least the function timeout (30 seconds).\" "
          "(RequestToken: 5c1e0d7a-2f0b-4a8e-9c1d-7e3b6a2f9d10, HandlerErrorCode: InvalidRequest)"),
         (3 * HOUR + 249, "ProcessOrderFunction", "AWS::Lambda::Function", "UPDATE_FAILED",
          "Resource update cancelled"),
         (3 * HOUR + 240, "orders-pipeline", "AWS::CloudFormation::Stack",
          "UPDATE_ROLLBACK_IN_PROGRESS",
          "The following resource(s) failed to update: [OrdersQueue]. "),
         (3 * HOUR + 200, "OrdersQueue", "AWS::SQS::Queue", "UPDATE_COMPLETE", ""),
         (3 * HOUR + 190, "orders-pipeline", "AWS::CloudFormation::Stack",
          "UPDATE_ROLLBACK_COMPLETE_CLEANUP_IN_PROGRESS", ""),
         (3 * HOUR + 180, "orders-pipeline", "AWS::CloudFormation::Stack",
          "UPDATE_ROLLBACK_COMPLETE", ""),
     ]},
    {"name": "legacy-cron", "status": "DELETE_COMPLETE", "created": 80 * DAY, "deleted": 10 * DAY,
     "description": "Old cron jobs (deleted)", "parameters": {}, "outputs": [], "tags": {},
     "drift": "NOT_CHECKED"},
]

# Alarms: (name, state, function logical id or None, metric, statistic, threshold, reason, since)
ALARMS = [
    {"name": "users-api-GetUser-Errors", "state": "ALARM",
     "function": "users-api-GetUserFunction-4XJ2K9LQ7ZAB", "metric": "Errors", "statistic": "Sum",
     "threshold": 5, "comparison": "GreaterThanThreshold", "period": 60, "evaluation_periods": 1,
     "reason": "Threshold Crossed: 1 out of the last 1 datapoints [17.0 (%(t)s)] was greater "
               "than the threshold (5.0) (minimum 1 datapoint for OK -> ALARM transition).",
     "since": 25 * 60},
    {"name": "users-api-CreateUser-Duration-p99", "state": "OK",
     "function": "users-api-CreateUserFunction-9PL2MX0WQ1RT", "metric": "Duration",
     "extended_statistic": "p99", "threshold": 3000, "comparison": "GreaterThanThreshold",
     "period": 300, "evaluation_periods": 3,
     "reason": "Threshold Crossed: 3 datapoints [412.3, 388.9, 401.0] were not greater than "
               "the threshold (3000.0).", "since": 6 * HOUR},
    {"name": "users-api-SlowReport-Errors", "state": "ALARM",
     "function": "users-api-SlowReportFunction-7TQ1ZP3NNB4E", "metric": "Errors",
     "statistic": "Sum", "threshold": 0, "comparison": "GreaterThanThreshold", "period": 300,
     "evaluation_periods": 1,
     "reason": "Threshold Crossed: 1 datapoint [1.0] was greater than the threshold (0.0).",
     "since": 9 * HOUR},
    {"name": "orders-pipeline-ProcessOrder-Throttles", "state": "INSUFFICIENT_DATA",
     "function": "orders-pipeline-ProcessOrderFunction-QW81LZ0XK2PD", "metric": "Throttles",
     "statistic": "Sum", "threshold": 1, "comparison": "GreaterThanOrEqualToThreshold",
     "period": 60, "evaluation_periods": 5,
     "reason": "Insufficient Data: 5 datapoints were unknown.", "since": 3 * HOUR},
    {"name": "users-api-health", "state": "ALARM", "composite": True,
     "rule": 'ALARM("users-api-GetUser-Errors") OR ALARM("users-api-CreateUser-Duration-p99")',
     "reason": "arn:aws:cloudwatch:us-east-1:123456789012:alarm:users-api-GetUser-Errors "
               "transitioned to ALARM at %(t)s", "since": 25 * 60},
]


def function_by_logical_id(stack, logical_id):
    for f in FUNCTIONS:
        if f["stack"] == stack and f["logical_id"] == logical_id:
            return f
    return None


def functions_of(stack):
    return [f for f in FUNCTIONS if f["stack"] == stack]


def log_group_of(function):
    return "/aws/lambda/" + function["name"]
