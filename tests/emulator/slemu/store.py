"""Thread-safe in-memory state of the emulator.

One ``Store`` per server.  Everything mutable lives here and is guarded by
``store.lock`` (a re-entrant lock):

* the credential store (access keys -> Identity), including temporary
  credentials issued by STS;
* IAM-ish roles that STS can assume, with their trust requirements;
* per-service state, per account and region (``region_state``) or per account
  (``account_state``), as plain dicts/lists created on first use.

Service handlers run with the lock held by default (see service.py), so they
can read and write ``ctx.state`` freely.
"""

import base64
import copy
import datetime
import hashlib
import json
import os
import secrets
import string
import sys
import threading
import time

DEFAULT_ACCOUNT = "123456789012"
DEFAULT_ACCESS_KEY = "AKIDEMULATOR"
DEFAULT_SECRET = "emulator-secret-key"
DEFAULT_USER = "demo"
DEFAULT_REGION = "us-east-1"
DEFAULT_MFA_CODE = "123456"

_B32 = string.ascii_uppercase + "234567"


def stable_id(prefix, seed, length=17):
    """Deterministic AWS-looking id: prefix + `length` base32 chars."""
    digest = hashlib.sha256(seed.encode("utf-8")).digest()
    out = []
    for b in digest:
        out.append(_B32[b % 32])
        if len(out) == length:
            break
    return prefix + "".join(out)


def random_id(prefix, length=16):
    alphabet = string.ascii_uppercase + string.digits
    return prefix + "".join(secrets.choice(alphabet) for _ in range(length))


def random_secret(length=40):
    alphabet = string.ascii_letters + string.digits + "+/"
    return "".join(secrets.choice(alphabet) for _ in range(length))


def random_session_token():
    # Looks like a real token: base64 with '+', '/', '=' in it.
    raw = b"slemu-session\x00" + secrets.token_bytes(180)
    return "IQoJb3JpZ2luX2VjE" + base64.b64encode(raw).decode("ascii")


def iso8601(ts, millis=False):
    """Epoch seconds -> '2024-05-01T12:00:00Z' (or '...00.000Z')."""
    dt = datetime.datetime.fromtimestamp(ts, datetime.timezone.utc)
    if millis:
        return dt.strftime("%Y-%m-%dT%H:%M:%S.") + "%03dZ" % (
            dt.microsecond // 1000)
    return dt.strftime("%Y-%m-%dT%H:%M:%SZ")


class Identity:
    """An access key and who it belongs to.

    kind: 'user' (permanent key of an IAM user or root), 'assumed-role'
    (temporary, from AssumeRole), 'session' (temporary, GetSessionToken).
    """

    def __init__(self, access_key, secret, account_id, kind="user",
                 user=DEFAULT_USER, session_token=None, expires=None,
                 role_arn=None, session_name=None, source_identity=None,
                 parent=None):
        self.access_key = access_key
        self.secret = secret
        self.account_id = account_id
        self.kind = kind
        self.user = user
        self.session_token = session_token
        self.expires = expires              # epoch seconds or None
        self.role_arn = role_arn
        self.session_name = session_name
        self.source_identity = source_identity
        self.parent = parent                # access key that created it

    # -- derived fields, as GetCallerIdentity shows them
    @property
    def role_name(self):
        if not self.role_arn:
            return None
        return self.role_arn.rsplit("/", 1)[-1]

    @property
    def arn(self):
        if self.kind == "assumed-role":
            return "arn:aws:sts::%s:assumed-role/%s/%s" % (
                self.account_id, self.role_name, self.session_name)
        if self.kind == "root" or self.user is None:
            return "arn:aws:iam::%s:root" % self.account_id
        if self.kind == "federated-user":
            return "arn:aws:sts::%s:federated-user/%s" % (self.account_id,
                                                          self.user)
        return "arn:aws:iam::%s:user/%s" % (self.account_id, self.user)

    @property
    def user_id(self):
        if self.kind == "assumed-role":
            return "%s:%s" % (role_id(self.role_arn), self.session_name)
        if self.kind == "root" or self.user is None:
            return self.account_id
        return stable_id("AIDA", "user:%s:%s" % (self.account_id, self.user))

    @property
    def is_temporary(self):
        return self.session_token is not None

    def public(self):
        """JSON view for the control API (no secret, no token)."""
        return {"access_key_id": self.access_key, "account_id": self.account_id,
                "kind": self.kind, "arn": self.arn, "user_id": self.user_id,
                "expires": iso8601(self.expires) if self.expires else None,
                "temporary": self.is_temporary}

    def to_json(self):
        return dict(self.__dict__)

    @classmethod
    def from_json(cls, d):
        obj = cls.__new__(cls)
        obj.__dict__.update(d)
        return obj


def role_id(role_arn):
    return stable_id("AROA", "role:" + role_arn)


class Role:
    """A role STS can assume and what its trust policy demands."""

    def __init__(self, arn, external_id=None, mfa_required=False,
                 mfa_code=DEFAULT_MFA_CODE, mfa_serial=None,
                 max_session_duration=43200, allowed_principals=None):
        self.arn = arn
        self.external_id = external_id
        self.mfa_required = mfa_required
        self.mfa_code = mfa_code
        self.mfa_serial = mfa_serial        # None: any serial accepted
        self.max_session_duration = max_session_duration
        self.allowed_principals = allowed_principals  # None: any caller

    @property
    def name(self):
        return self.arn.rsplit("/", 1)[-1]

    @property
    def account_id(self):
        return self.arn.split(":")[4]

    @property
    def role_id(self):
        return role_id(self.arn)

    def public(self):
        d = dict(self.__dict__)
        d["mfa_code"] = self.mfa_code if self.mfa_required else None
        d["role_id"] = self.role_id
        return d

    def to_json(self):
        return dict(self.__dict__)

    @classmethod
    def from_json(cls, d):
        obj = cls.__new__(cls)
        obj.__dict__.update(d)
        return obj


class Store:
    """All mutable emulator state, behind one re-entrant lock."""

    def __init__(self, account_id=DEFAULT_ACCOUNT,
                 access_key=DEFAULT_ACCESS_KEY, secret=DEFAULT_SECRET,
                 user=DEFAULT_USER, state_dir=None, clock=time.time):
        self.lock = threading.RLock()
        self.default_account = account_id
        self.default_access_key = access_key
        self.default_secret = secret
        self.default_user = user
        self.state_dir = state_dir
        self.clock = clock
        self.identities = {}
        self.roles = {}
        self.services = {}      # (service, scope-key) -> state object
        self.generation = 0     # bumped by reset()
        self._seed()

    # ------------------------------------------------------------- seeding
    def _seed(self):
        acct = self.default_account
        self.identities = {
            self.default_access_key: Identity(
                self.default_access_key, self.default_secret, acct,
                user=self.default_user)}
        self.roles = {}
        for r in (Role("arn:aws:iam::%s:role/ops" % acct),
                  Role("arn:aws:iam::%s:role/mfa-admin" % acct,
                       mfa_required=True, mfa_code=DEFAULT_MFA_CODE),
                  Role("arn:aws:iam::%s:role/partner" % acct,
                       external_id="xyz-123")):
            self.roles[r.arn] = r
        self.services = {}

    def reset(self):
        with self.lock:
            self._seed()
            self.generation += 1

    # --------------------------------------------------------- credentials
    def lookup_key(self, access_key):
        """Identity for an access key or None.  The returned object must be
        treated as read-only."""
        with self.lock:
            return self.identities.get(access_key)

    def add_key(self, access_key, secret, account_id=None, user=None,
                session_token=None, expires=None, root=False):
        """Add (or replace) a key.  `expires` is epoch seconds or None."""
        with self.lock:
            ident = Identity(access_key, secret,
                             account_id or self.default_account,
                             kind="root" if root else "user",
                             user=None if root else (user or self.default_user),
                             session_token=session_token or None,
                             expires=expires)
            self.identities[access_key] = ident
            return ident

    def remove_key(self, access_key):
        with self.lock:
            return self.identities.pop(access_key, None) is not None

    def issue_temporary(self, account_id, duration, kind="assumed-role",
                        role_arn=None, session_name=None, user=None,
                        source_identity=None, parent=None):
        """Create temporary credentials valid for `duration` seconds."""
        with self.lock:
            now = self.clock()
            akid = random_id("ASIA")
            while akid in self.identities:
                akid = random_id("ASIA")
            ident = Identity(akid, random_secret(), account_id, kind=kind,
                             user=user, session_token=random_session_token(),
                             expires=int(now) + int(duration),
                             role_arn=role_arn, session_name=session_name,
                             source_identity=source_identity, parent=parent)
            self.identities[akid] = ident
            self._gc_expired(now)
            return ident

    def _gc_expired(self, now):
        # keep expired temporary keys for a day so that they answer
        # ExpiredToken rather than InvalidClientTokenId, then forget them
        dead = [k for k, i in self.identities.items()
                if i.expires is not None and i.expires < now - 86400]
        for k in dead:
            del self.identities[k]

    # --------------------------------------------------------------- roles
    def get_role(self, arn):
        with self.lock:
            return self.roles.get(arn)

    def put_role(self, role):
        with self.lock:
            self.roles[role.arn] = role
            return role

    # ------------------------------------------------------- service state
    def region_state(self, service, account_id, region, factory=dict):
        """The state object of `service` for one account and region; created
        with factory() on first use.  Call with the lock held."""
        key = (service, account_id, region)
        with self.lock:
            st = self.services.get(key)
            if st is None:
                st = self.services[key] = factory()
            return st

    def account_state(self, service, account_id, factory=dict):
        """State shared by all regions of an account (e.g. S3 buckets)."""
        return self.region_state(service, account_id, "*", factory)

    def global_state(self, service, factory=dict):
        """State shared by all accounts (e.g. the S3 bucket namespace)."""
        return self.region_state(service, "*", "*", factory)

    def scopes(self, service):
        """[(account, region)] that have state for `service`."""
        with self.lock:
            return [(a, r) for (s, a, r) in self.services if s == service]

    # --------------------------------------------------------- persistence
    def snapshot(self):
        with self.lock:
            services = {}
            for (svc, acct, region), st in self.services.items():
                try:
                    json.dumps(st, default=_encode_json)
                except (TypeError, ValueError):
                    print("slemu: state of %s/%s/%s is not JSON-serialisable;"
                          " not saved" % (svc, acct, region), file=sys.stderr)
                    continue
                services["%s|%s|%s" % (svc, acct, region)] = copy.deepcopy(st)
            return {
                "version": 1,
                "identities": {k: v.to_json()
                               for k, v in self.identities.items()},
                "roles": {k: v.to_json() for k, v in self.roles.items()},
                "services": services,
            }

    def save(self, path=None):
        if path is None:
            if not self.state_dir:
                return None
            path = os.path.join(self.state_dir, "state.json")
        data = self.snapshot()
        tmp = path + ".tmp.%d" % os.getpid()
        with open(tmp, "w", encoding="utf-8") as f:
            json.dump(data, f, default=_encode_json, indent=1)
        os.replace(tmp, path)
        return path

    def load(self, path=None):
        if path is None:
            if not self.state_dir:
                return False
            path = os.path.join(self.state_dir, "state.json")
        if not os.path.exists(path):
            return False
        with open(path, encoding="utf-8") as f:
            data = json.load(f, object_hook=_decode_json)
        with self.lock:
            self.identities = {k: Identity.from_json(v)
                               for k, v in data.get("identities", {}).items()}
            self.roles = {k: Role.from_json(v)
                          for k, v in data.get("roles", {}).items()}
            self.services = {}
            for key, st in data.get("services", {}).items():
                svc, acct, region = key.split("|", 2)
                self.services[(svc, acct, region)] = st
        return True


def _encode_json(o):
    if isinstance(o, (bytes, bytearray)):
        return {"__bytes__": base64.b64encode(bytes(o)).decode("ascii")}
    if isinstance(o, datetime.datetime):
        return {"__datetime__": o.isoformat()}
    if isinstance(o, (set, frozenset)):
        return {"__set__": sorted(o)}
    raise TypeError("not serialisable: %r" % type(o))


def _decode_json(d):
    if len(d) == 1:
        if "__bytes__" in d:
            return base64.b64decode(d["__bytes__"])
        if "__datetime__" in d:
            return datetime.datetime.fromisoformat(d["__datetime__"])
        if "__set__" in d:
            return set(d["__set__"])
    return d
