"""Wire encodings: parse requests and build answers for the four protocols.

* query     -- awsQuery: form body in, <OpResponse xmlns=...> XML out,
               <ErrorResponse> errors (STS, CloudFormation, CloudWatch)
* json      -- awsJson 1.0/1.1: X-Amz-Target, JSON in and out, errors with
               "__type" and x-amzn-RequestId (Logs, CloudWatch)
* rest-json -- restJson1: REST paths, JSON bodies, errors with
               X-Amzn-ErrorType (Lambda)
* rest-xml  -- restXml: S3 (<Error><Code>...)

Handlers return plain Python data; the helpers here turn it into bytes:
dict -> elements/object in insertion order, list -> <member> items / array,
bool -> true/false, datetime -> ISO 8601 (XML) or epoch seconds (JSON),
bytes -> base64, None -> omitted.
"""

import base64
import datetime
import json
import urllib.parse
from xml.sax.saxutils import escape as _xml_escape

from .service import AwsError, Response

S3_XMLNS = "http://s3.amazonaws.com/doc/2006-03-01/"


# ------------------------------------------------------------ query input

def parse_form(body):
    """Form body (bytes) -> flat dict; '+' is a space, last value wins."""
    text = body.decode("utf-8", errors="replace") if isinstance(
        body, (bytes, bytearray)) else body
    return dict(urllib.parse.parse_qsl(text, keep_blank_values=True))


def get_list(params, name):
    """Values of Name.member.N (1-based), in N order."""
    prefix = name + ".member."
    items = []
    for k, v in params.items():
        if k.startswith(prefix):
            rest = k[len(prefix):]
            if rest.isdigit():
                items.append((int(rest), v))
    return [v for _, v in sorted(items)]


def get_struct_list(params, name):
    """Name.member.N.Field(.Sub...) -> [ {Field: value or nested}, ... ]."""
    tree = unflatten(params)
    val = tree.get(name)
    if val is None:
        return []
    if isinstance(val, list):
        return val
    return [val]


def get_map(params, name, key="key", value="value"):
    """Name.entry.N.key / Name.entry.N.value -> dict."""
    prefix = name + ".entry."
    ents = {}
    for k, v in params.items():
        if k.startswith(prefix):
            n, _, field = k[len(prefix):].partition(".")
            if n.isdigit():
                ents.setdefault(int(n), {})[field] = v
    return {e.get(key): e.get(value) for _, e in sorted(ents.items())
            if key in e}


def unflatten(params):
    """Flat query keys -> nested data.  'A.member.N' becomes a list,
    'A.entry.N.key/value' a dict, 'A.B' a nested dict."""
    root = {}
    for k, v in params.items():
        parts = k.split(".")
        node = root
        for p in parts[:-1]:
            nxt = node.get(p)
            if not isinstance(nxt, dict):
                nxt = node[p] = {}
            node = nxt
        if not isinstance(node.get(parts[-1]), dict):
            node[parts[-1]] = v
    return _fold(root)


def _fold(node):
    if not isinstance(node, dict):
        return node
    if set(node) == {"member"} and isinstance(node["member"], dict) and \
            all(k.isdigit() for k in node["member"]):
        return [_fold(node["member"][k])
                for k in sorted(node["member"], key=int)]
    if set(node) == {"entry"} and isinstance(node["entry"], dict) and \
            all(k.isdigit() for k in node["entry"]):
        out = {}
        for k in sorted(node["entry"], key=int):
            e = node["entry"][k]
            if isinstance(e, dict) and "key" in e:
                out[e["key"]] = _fold(e.get("value"))
        return out
    return {k: _fold(v) for k, v in node.items()}


# --------------------------------------------------------------- XML output

class XmlMap(dict):
    """A map rendered as <entry><key>k</key><value>v</value></entry>."""


class XmlFlat(list):
    """A list rendered flattened: the element repeats, no <member>."""


class XmlText(str):
    """A string inserted verbatim (already XML)."""


def xml_escape(s):
    return _xml_escape(s, {'"': "&quot;"})


def iso_ms(dt):
    """datetime -> '2024-05-01T12:00:00.000Z'."""
    if dt.tzinfo is not None:
        dt = dt.astimezone(datetime.timezone.utc)
    return dt.strftime("%Y-%m-%dT%H:%M:%S.") + "%03dZ" % (dt.microsecond // 1000)


def scalar_text(v):
    if isinstance(v, bool):
        return "true" if v else "false"
    if isinstance(v, datetime.datetime):
        return iso_ms(v)
    if isinstance(v, (bytes, bytearray)):
        return base64.b64encode(bytes(v)).decode("ascii")
    if isinstance(v, float) and v.is_integer():
        return repr(v)
    return str(v)


def xml_children(value):
    """Render the *content* of an element holding `value`."""
    if value is None:
        return ""
    if isinstance(value, XmlText):
        return str(value)
    if isinstance(value, XmlMap):
        return "".join("<entry><key>%s</key><value>%s</value></entry>"
                       % (xml_escape(scalar_text(k)), xml_children(v))
                       for k, v in value.items())
    if isinstance(value, dict):
        return "".join(xml_element(k, v) for k, v in value.items())
    if isinstance(value, (list, tuple)):
        return "".join("<member>%s</member>" % xml_children(item)
                       for item in value)
    return xml_escape(scalar_text(value))


def xml_element(name, value, xmlns=None):
    if value is None:
        return ""
    if isinstance(value, XmlFlat):
        return "".join(xml_element(name, item) for item in value)
    attr = ' xmlns="%s"' % xmlns if xmlns else ""
    inner = xml_children(value)
    if inner == "":
        return "<%s%s/>" % (name, attr)
    return "<%s%s>%s</%s>" % (name, attr, inner, name)


# ---------------------------------------------------------- JSON output

def _json_default(o):
    if isinstance(o, datetime.datetime):
        return o.timestamp()
    if isinstance(o, (bytes, bytearray)):
        return base64.b64encode(bytes(o)).decode("ascii")
    if isinstance(o, (set, frozenset)):
        return sorted(o)
    raise TypeError("cannot encode %r" % type(o))


def json_bytes(data):
    return json.dumps(data, default=_json_default,
                      separators=(",", ":")).encode("utf-8")


def json_content_type(service):
    return "application/x-amz-json-%s" % service.json_version


# ------------------------------------------------------ results per protocol

def render_result(service, protocol, op_name, result, request_id):
    """Turn a handler's return value into a Response."""
    if isinstance(result, Response):
        resp = result
    elif protocol == "query":
        resp = query_response(service, op_name, result, request_id)
    elif protocol == "json":
        resp = Response(200, json_bytes({} if result is None else result),
                        content_type=json_content_type(service))
    elif protocol == "rest-json":
        resp = _rest_tuple(result, "application/json",
                           lambda d: json_bytes(d))
    else:
        resp = _rest_tuple(result, "application/xml", _s3_body)
    add_request_id(service, resp, request_id)
    return resp


def _rest_tuple(result, ctype, encode):
    status, headers = 200, []
    data = result
    if isinstance(result, tuple):
        status = result[0]
        data = result[1] if len(result) > 1 else None
        headers = list(result[2]) if len(result) > 2 else []
    if data is None:
        return Response(status, b"", headers)
    if isinstance(data, (bytes, str)):
        return Response(status, data, headers, content_type=ctype)
    return Response(status, encode(data), headers, content_type=ctype)


def _s3_body(data):
    # {"ListBucketResult": {...}} -> document with the S3 namespace
    if isinstance(data, dict) and len(data) == 1:
        (root, inner), = data.items()
        return ('<?xml version="1.0" encoding="UTF-8"?>\n'
                + xml_element(root, inner, S3_XMLNS)).encode("utf-8")
    raise TypeError("rest-xml results must be {RootElement: {...}}")


def query_response(service, op_name, result, request_id):
    """<OpResponse xmlns><OpResult>...</OpResult><ResponseMetadata>."""
    parts = ['<%sResponse xmlns="%s">' % (op_name, service.xmlns)]
    if result is not None:
        parts.append("\n  " + xml_element(op_name + "Result", result))
    parts.append("\n  <ResponseMetadata>\n    <RequestId>%s</RequestId>\n"
                 "  </ResponseMetadata>\n</%sResponse>\n"
                 % (request_id, op_name))
    return Response(200, "".join(parts), content_type="text/xml")


def add_request_id(service, resp, request_id):
    if service is not None and service.is_s3:
        if not resp.get_header("x-amz-request-id"):
            resp.headers.append(("x-amz-request-id", request_id[:16].upper()))
            resp.headers.append(("x-amz-id-2", base64.b64encode(
                request_id.encode()).decode()))
    elif not resp.get_header("x-amzn-RequestId"):
        resp.headers.append(("x-amzn-RequestId", request_id))


# ------------------------------------------------------- errors per protocol

def render_error(service, protocol, err, request_id, method="POST"):
    """AwsError -> Response in the protocol's shape."""
    if protocol == "query":
        xmlns = service.xmlns if service is not None and service.xmlns else \
            "https://sts.amazonaws.com/doc/2011-06-15/"
        extra = "".join(xml_element(k, v) for k, v in err.fields.items())
        body = ('<ErrorResponse xmlns="%s">\n  <Error>\n'
                '    <Type>%s</Type>\n    <Code>%s</Code>\n'
                '    <Message>%s</Message>%s\n  </Error>\n'
                '  <RequestId>%s</RequestId>\n</ErrorResponse>\n'
                % (xmlns, "Sender" if err.sender else "Receiver",
                   xml_escape(err.code), xml_escape(err.message), extra,
                   request_id))
        resp = Response(err.status, body, content_type="text/xml")
    elif protocol == "json":
        data = {"__type": err.code, "message": err.message}
        data.update(err.fields)
        ctype = json_content_type(service) if service is not None else \
            "application/x-amz-json-1.1"
        resp = Response(err.status, json_bytes(data), content_type=ctype)
        if err.query_code and service is not None and \
                service.query_compatible:
            resp.headers.append(("x-amzn-query-error", "%s;%s" % (
                err.query_code, "Sender" if err.sender else "Receiver")))
    elif protocol == "rest-json":
        style = service.rest_error_style if service is not None else "generic"
        if style == "lambda":
            data = {"Type": "User" if err.sender else "Service",
                    "Message": err.message}
        else:
            data = {"message": err.message}
        data.update(err.fields)
        resp = Response(err.status, json_bytes(data),
                        content_type="application/json")
        resp.headers.append(("X-Amzn-ErrorType", err.code))
    else:
        extra = "".join(xml_element(k, v) for k, v in err.fields.items())
        body = ('<?xml version="1.0" encoding="UTF-8"?>\n<Error><Code>%s</Code>'
                '<Message>%s</Message>%s<RequestId>%s</RequestId>'
                '<HostId>%s</HostId></Error>'
                % (xml_escape(err.code), xml_escape(err.message), extra,
                   request_id[:16].upper(),
                   base64.b64encode(request_id.encode()).decode()))
        resp = Response(err.status, b"" if method == "HEAD" else body,
                        content_type="application/xml")
    for h in err.headers:
        resp.headers.append(h)
    add_request_id(service, resp, request_id)
    return resp


def throttle_error(service, protocol, retry_after=None):
    """The service's real throttling error."""
    if service is not None and service.throttle_error is not None:
        return service.throttle_error(protocol)
    if protocol == "query":
        return AwsError("Throttling", "Rate exceeded", 400)
    if protocol == "json":
        return AwsError("ThrottlingException", "Rate exceeded", 400,
                        query_code="Throttling")
    if protocol == "rest-json":
        return AwsError("TooManyRequestsException", "Rate exceeded.", 429,
                        fields={"Reason": "CallerRateLimitExceeded"},
                        headers=[("Retry-After", str(retry_after or 1))])
    return AwsError("SlowDown", "Please reduce your request rate.", 503)


def server_error(service, protocol, status=500, code=None, message=None):
    """A 5xx in the protocol's usual wording."""
    if protocol == "rest-xml":
        if status == 503:
            dc, dm = "ServiceUnavailable", "Please reduce your request rate."
        else:
            dc, dm = "InternalError", ("We encountered an internal error. "
                                       "Please try again.")
    elif protocol == "rest-json":
        if status == 503:
            dc, dm = "ServiceUnavailableException", "Service Unavailable"
        else:
            dc, dm = "ServiceException", "An internal error has occurred."
    elif protocol == "json":
        if status == 503:
            dc, dm = "ServiceUnavailableException", "Service Unavailable"
        else:
            dc, dm = "InternalFailure", ("The request processing has failed "
                                         "because of an unknown error, "
                                         "exception or failure.")
    else:
        if status == 503:
            dc, dm = "ServiceUnavailable", "Service is unavailable"
        else:
            dc, dm = "InternalFailure", ("The request processing has failed "
                                         "because of an unknown error, "
                                         "exception or failure.")
    return AwsError(code or dc, message or dm, status, sender=False)


def unknown_operation(service, protocol, name, version=None):
    if protocol == "query":
        return AwsError("InvalidAction", "Could not find operation %s for "
                        "version %s" % (name, version or service.api_version),
                        400)
    if protocol == "json":
        return AwsError("UnknownOperationException", "", 400)
    if protocol == "rest-json":
        return AwsError("UnknownOperationException",
                        "Unknown operation %s" % name, 404,
                        fields={"Type": "User"})
    return AwsError("MethodNotAllowed", "The specified method is not allowed "
                    "against this resource.", 405)
