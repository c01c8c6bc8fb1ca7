"""STS (awsQuery, 2011-06-15): GetCallerIdentity, AssumeRole,
AssumeRoleWithWebIdentity (unsigned), GetSessionToken, GetAccessKeyInfo.

Roles and their trust requirements live in the store (store.roles, also
settable through POST /__emulator/roles).  Defaults:
  arn:aws:iam::123456789012:role/ops        no conditions
  arn:aws:iam::123456789012:role/mfa-admin  MFA required, code 123456
  arn:aws:iam::123456789012:role/partner    ExternalId "xyz-123" required
"""

import base64
import json
import re

from ..protocols import get_struct_list
from ..service import AwsError, Service, missing_param
from ..store import iso8601

SERVICE = Service(
    signing_name="sts", protocol="query", api_version="2011-06-15",
    xmlns="https://sts.amazonaws.com/doc/2011-06-15/")

ROLE_ARN_RE = re.compile(
    r"^arn:aws[a-z-]*:iam::(\d{12}):role/((?:[\w+=,.@-]+/)*)([\w+=,.@-]{1,64})$")
SESSION_NAME_RE = re.compile(r"^[\w+=,.@-]*$")
EXTERNAL_ID_RE = re.compile(r"^[\w+=,.@:/-]*$")
SERIAL_RE = re.compile(r"^[\w+=/:,.@-]*$")
TOKEN_CODE_RE = re.compile(r"^\d{6}$")
CHAINING_MAX = 3600
MAX_PACKED = 2048


class _Validation:
    """Collects constraint violations into one ValidationError, worded the
    way STS words them."""

    def __init__(self):
        self.errors = []

    def add(self, value, member, constraint):
        self.errors.append("Value '%s' at '%s' failed to satisfy constraint: "
                           "%s" % (value, member, constraint))

    def length(self, value, member, lo, hi):
        if value is None:
            return
        if len(value) < lo:
            self.add(value, member, "Member must have length greater than or "
                     "equal to %d" % lo)
        elif len(value) > hi:
            self.add(value, member, "Member must have length less than or "
                     "equal to %d" % hi)

    def pattern(self, value, member, regex, text):
        if value is not None and not regex.match(value):
            self.add(value, member, "Member must satisfy regular expression "
                     "pattern: %s" % text)

    def int_range(self, raw, member, lo, hi):
        if raw is None:
            return None
        try:
            n = int(raw)
        except ValueError:
            raise AwsError("ValidationError", "Value '%s' for parameter %s is "
                           "invalid. Must be an integer." % (raw, member), 400)
        if n < lo:
            self.add(n, member, "Member must have value greater than or "
                     "equal to %d" % lo)
        elif n > hi:
            self.add(n, member, "Member must have value less than or equal "
                     "to %d" % hi)
        return n

    def raise_if_any(self):
        if not self.errors:
            return
        n = len(self.errors)
        raise AwsError("ValidationError", "%d validation error%s detected: %s"
                       % (n, "" if n == 1 else "s", "; ".join(self.errors)),
                       400)


def _denied(caller, action, resource):
    return AwsError("AccessDenied", "User: %s is not authorized to perform: "
                    "%s on resource: %s" % (caller, action, resource), 403)


def _credentials(ident):
    return {"AccessKeyId": ident.access_key,
            "SecretAccessKey": ident.secret,
            "SessionToken": ident.session_token,
            "Expiration": iso8601(ident.expires)}


def _session_policy_size(ctx, v):
    """PackedPolicySize (percent of the limit) when a session policy, policy
    ARNs or tags were given, else None."""
    policy = ctx.param("Policy")
    arns = [a.get("arn") for a in get_struct_list(ctx.params, "PolicyArns")
            if isinstance(a, dict)]
    tags = [t for t in get_struct_list(ctx.params, "Tags")
            if isinstance(t, dict)]
    if policy is not None:
        v.length(policy, "policy", 1, 2048)
    for t in tags:
        v.length(t.get("Key"), "tags.member.key", 1, 128)
        v.length(t.get("Value"), "tags.member.value", 0, 256)
    v.raise_if_any()
    if policy is not None:
        try:
            doc = json.loads(policy)
            if not isinstance(doc, dict):
                raise ValueError
        except ValueError:
            raise AwsError("MalformedPolicyDocument",
                           "The policy is not in the valid JSON format.", 400)
    if policy is None and not arns and not tags:
        return None
    packed = len(json.dumps(json.loads(policy), separators=(",", ":"))) \
        if policy else 0
    packed += sum(len(a or "") for a in arns)
    packed += sum(len(t.get("Key", "")) + len(t.get("Value", ""))
                  for t in tags) * 2
    size = max(1, (packed * 100 + MAX_PACKED - 1) // MAX_PACKED)
    if size > 100:
        raise AwsError("PackedPolicyTooLarge", "Packed policy consumes %d%% "
                       "of allotted space, please use smaller policy for "
                       "assumed role." % size, 400)
    return size


def _check_mfa(ctx, serial, code, expected_code, expected_serial):
    if not serial or not code:
        raise AwsError("AccessDenied", "MultiFactorAuthentication failed, "
                       "must provide both MFA serial number and one time pass "
                       "code.", 403)
    if code != expected_code or (expected_serial and serial != expected_serial):
        raise AwsError("AccessDenied", "MultiFactorAuthentication failed with "
                       "invalid MFA one time pass code. ", 403)


@SERVICE.operation("GetCallerIdentity")
def get_caller_identity(ctx):
    ident = ctx.identity
    return {"UserId": ident.user_id, "Account": ident.account_id,
            "Arn": ident.arn}


@SERVICE.operation("GetAccessKeyInfo")
def get_access_key_info(ctx):
    akid = ctx.param("AccessKeyId", required=True)
    v = _Validation()
    v.length(akid, "accessKeyId", 16, 128)
    v.raise_if_any()
    other = ctx.store.lookup_key(akid)
    return {"Account": other.account_id if other else ctx.account_id}


def _validate_role_request(ctx, v):
    arn = ctx.param("RoleArn")
    name = ctx.param("RoleSessionName")
    if arn is None:
        raise missing_param(ctx, "RoleArn")
    if name is None:
        raise missing_param(ctx, "RoleSessionName")
    v.length(arn, "roleArn", 20, 2048)
    v.length(name, "roleSessionName", 2, 64)
    v.pattern(name, "roleSessionName", SESSION_NAME_RE, r"[\w+=,.@-]*")
    return arn, name


@SERVICE.operation("AssumeRole")
def assume_role(ctx):
    v = _Validation()
    arn, name = _validate_role_request(ctx, v)
    duration = v.int_range(ctx.param("DurationSeconds"), "durationSeconds",
                           900, 43200)
    external_id = ctx.param("ExternalId")
    v.length(external_id, "externalId", 2, 1224)
    v.pattern(external_id, "externalId", EXTERNAL_ID_RE, r"[\w+=,.@:\/-]*")
    serial = ctx.param("SerialNumber")
    v.length(serial, "serialNumber", 9, 256)
    v.pattern(serial, "serialNumber", SERIAL_RE, r"[\w+=/:,.@-]*")
    code = ctx.param("TokenCode")
    if code is not None:
        v.length(code, "tokenCode", 6, 6)
        if len(code) == 6:
            v.pattern(code, "tokenCode", TOKEN_CODE_RE, r"[\d]*")
    source_identity = ctx.param("SourceIdentity")
    v.length(source_identity, "sourceIdentity", 2, 64)
    v.raise_if_any()
    if not ROLE_ARN_RE.match(arn):
        raise AwsError("ValidationError", "Request ARN is invalid", 400)
    packed = _session_policy_size(ctx, v)

    caller = ctx.identity
    role = ctx.store.get_role(arn)
    if role is None:
        raise _denied(caller.arn, "sts:AssumeRole", arn)
    if role.allowed_principals is not None and not (
            caller.arn in role.allowed_principals or
            caller.account_id in role.allowed_principals):
        raise _denied(caller.arn, "sts:AssumeRole", arn)
    if role.external_id is not None and external_id != role.external_id:
        raise _denied(caller.arn, "sts:AssumeRole", arn)
    if role.mfa_required:
        _check_mfa(ctx, serial, code, role.mfa_code, role.mfa_serial)
    elif serial is not None and code is not None and \
            code != role.mfa_code:
        # MFA given although not required: AWS still checks it
        _check_mfa(ctx, serial, code, role.mfa_code, role.mfa_serial)

    if duration is None:
        duration = 3600
    chaining = caller.kind == "assumed-role"
    if chaining and duration > CHAINING_MAX:
        raise AwsError("ValidationError", "The requested DurationSeconds "
                       "exceeds the 1 hour session limit for roles assumed by "
                       "role chaining.", 400)
    if duration > role.max_session_duration:
        raise AwsError("ValidationError", "The requested DurationSeconds "
                       "exceeds the MaxSessionDuration set for this role.",
                       400)
    if chaining and caller.source_identity and source_identity and \
            source_identity != caller.source_identity:
        raise AwsError("AccessDenied", "SourceIdentity cannot be changed "
                       "once set.", 403)

    ident = ctx.store.issue_temporary(
        role.account_id, duration, kind="assumed-role", role_arn=role.arn,
        session_name=name, parent=caller.access_key,
        source_identity=source_identity or caller.source_identity)
    result = {}
    if ident.source_identity:
        result["SourceIdentity"] = ident.source_identity
    result["AssumedRoleUser"] = {"AssumedRoleId": ident.user_id,
                                 "Arn": ident.arn}
    result["Credentials"] = _credentials(ident)
    if packed is not None:
        result["PackedPolicySize"] = packed
    return result


def _b64url_json(part):
    pad = "=" * (-len(part) % 4)
    return json.loads(base64.urlsafe_b64decode(part + pad).decode("utf-8"))


@SERVICE.operation("AssumeRoleWithWebIdentity", auth="none")
def assume_role_with_web_identity(ctx):
    v = _Validation()
    arn, name = _validate_role_request(ctx, v)
    token = ctx.param("WebIdentityToken")
    if token is None:
        raise missing_param(ctx, "WebIdentityToken")
    v.length(token, "webIdentityToken", 4, 20000)
    duration = v.int_range(ctx.param("DurationSeconds"), "durationSeconds",
                           900, 43200)
    v.raise_if_any()
    if not ROLE_ARN_RE.match(arn):
        raise AwsError("ValidationError", "Request ARN is invalid", 400)
    _session_policy_size(ctx, v)
    parts = token.split(".")
    try:
        if len(parts) != 3:
            raise ValueError
        claims = _b64url_json(parts[1])
        if not isinstance(claims, dict):
            raise ValueError
    except (ValueError, UnicodeDecodeError):
        raise AwsError("InvalidIdentityToken", "The ID Token provided is not "
                       "a valid JWT. (You may see this error if you sent an "
                       "Access Token)", 400)
    if not claims.get("sub") or not claims.get("iss"):
        raise AwsError("InvalidIdentityToken", "Missing a required claim: "
                       "%s" % ("sub" if not claims.get("sub") else "iss"), 400)
    exp = claims.get("exp")
    if isinstance(exp, (int, float)) and exp < ctx.now:
        raise AwsError("ExpiredTokenException", "Token expired: current date/"
                       "time %d must be before the expiration date/time %d"
                       % (ctx.now, exp), 400)
    role = ctx.store.get_role(arn)
    if role is None:
        raise AwsError("AccessDenied", "Not authorized to perform "
                       "sts:AssumeRoleWithWebIdentity", 403)
    duration = duration or 3600
    if duration > role.max_session_duration:
        raise AwsError("ValidationError", "The requested DurationSeconds "
                       "exceeds the MaxSessionDuration set for this role.",
                       400)
    ident = ctx.store.issue_temporary(role.account_id, duration,
                                      kind="assumed-role", role_arn=role.arn,
                                      session_name=name)
    aud = claims.get("aud")
    if isinstance(aud, list):
        aud = aud[0] if aud else None
    iss = str(claims["iss"])
    provider = iss.split("://", 1)[-1]
    return {
        "Credentials": _credentials(ident),
        "SubjectFromWebIdentityToken": str(claims["sub"]),
        "AssumedRoleUser": {"AssumedRoleId": ident.user_id, "Arn": ident.arn},
        "Provider": provider,
        "Audience": aud,
    }


@SERVICE.operation("GetSessionToken")
def get_session_token(ctx):
    v = _Validation()
    duration = v.int_range(ctx.param("DurationSeconds"), "durationSeconds",
                           900, 129600)
    serial = ctx.param("SerialNumber")
    code = ctx.param("TokenCode")
    v.length(serial, "serialNumber", 9, 256)
    if code is not None:
        v.length(code, "tokenCode", 6, 6)
    v.raise_if_any()
    caller = ctx.identity
    if caller.is_temporary:
        raise AwsError("AccessDenied", "Cannot call GetSessionToken with "
                       "session credentials", 403)
    if serial is not None or code is not None:
        _check_mfa(ctx, serial, code, "123456", None)
    if caller.kind == "root":
        duration = min(duration or 3600, 3600)
    ident = ctx.store.issue_temporary(
        caller.account_id, duration or 43200,
        kind="root" if caller.kind == "root" else "session",
        user=caller.user, parent=caller.access_key)
    return {"Credentials": _credentials(ident)}


@SERVICE.control("GET", "mfa")
def control_mfa(cctx):
    """The MFA codes the roles accept (tests read them rather than
    hard-coding 123456)."""
    return {r.arn: r.mfa_code for r in cctx.store.roles.values()
            if r.mfa_required}
