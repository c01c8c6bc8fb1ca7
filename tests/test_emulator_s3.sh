#!/bin/bash
# Fidelity of the emulator's S3 service, proven with Debian's AWS CLI v2
# (/usr/bin/aws, 2.9.x): buckets, put/get/head/delete object (path style),
# Content-MD5, `s3 cp` / `s3 ls`, byte-exact round trips, S3-shaped errors,
# and (with a small independent signer) a tampered body and virtual-host
# addressing.
#
# Exit 0 when all checks pass, 77 (skip) without /usr/bin/aws, 1 otherwise.
# The last line is "N passed, M failed".

. "$(dirname "$0")/lib/harness.sh"

AWS=${SLEMU_AWS_CLI:-/usr/bin/aws}
if [ ! -x "$AWS" ]; then
  echo "SKIP: $AWS not found (Debian package awscli)"
  rm -rf "$T"
  exit 77
fi
command -v curl >/dev/null 2>&1 || { echo "SKIP: curl not found"; rm -rf "$T"; exit 77; }

export AWS_ACCESS_KEY_ID=$EMU_KEY AWS_SECRET_ACCESS_KEY=$EMU_SECRET AWS_DEFAULT_REGION=us-east-1
export AWS_PAGER="" AWS_CLI_AUTO_PROMPT=off AWS_RETRY_MODE=standard AWS_MAX_ATTEMPTS=2
export AWS_EC2_METADATA_DISABLED=true
unset PYTHONPATH PYTHONHOME
printf '[default]\nregion = us-east-1\noutput = json\n' >"$AWS_CONFIG_FILE"

emu_start
echo "# emulator on $EMU_URL (pid $EMU_PID)"

aws_() { "$AWS" --endpoint-url "$EMU_URL" "$@"; }
jq_() { "$PYTHON3" -c 'import json,sys; d=json.loads(sys.argv[1]); print(eval(sys.argv[2]))' "$1" "$2"; }
md5hex() { "$PYTHON3" -c 'import hashlib,sys; print(hashlib.md5(open(sys.argv[1],"rb").read()).hexdigest())' "$1"; }
md5b64() { "$PYTHON3" -c 'import base64,hashlib,sys; print(base64.b64encode(hashlib.md5(open(sys.argv[1],"rb").read()).digest()).decode())' "$1"; }

B=slemu-test-bucket
head -c 1048576 /dev/urandom >"$T/blob.bin"
printf 'hello, s3\n' >"$T/small.txt"

# --- buckets ---------------------------------------------------------------------
run aws_ s3api create-bucket --bucket "$B" --output json
expect_rc "create-bucket" 0
expect_eq "create-bucket: Location" "$(jq_ "$OUT" 'd["Location"]')" "/$B"
run aws_ s3api create-bucket --bucket Not_A_Valid_Bucket
expect_match "create-bucket with a bad name: InvalidBucketName" "$ERR" 'InvalidBucketName'
run aws_ s3api create-bucket --bucket slemu-eu-bucket --region eu-west-1 \
  --create-bucket-configuration LocationConstraint=eu-west-1
expect_rc "create-bucket in eu-west-1" 0
run aws_ s3api get-bucket-location --bucket slemu-eu-bucket --region eu-west-1 --query LocationConstraint --output text
expect_eq "get-bucket-location" "$OUT" eu-west-1
run curl -s -f -X POST -H 'Content-Type: application/json' --data '{"name":"slemu-control-bucket"}' \
  "$EMU_URL/__emulator/s3/buckets"
expect_match "control: create a bucket" "$OUT" '"name": "slemu-control-bucket"'
run aws_ s3 ls
expect_match "s3 ls lists the buckets" "$OUT" "slemu-control-bucket"

# --- put / get / head ---------------------------------------------------------------
run aws_ s3api put-object --bucket "$B" --key data/blob.bin --body "$T/blob.bin" --output json
expect_rc "put-object (no Content-MD5)" 0
expect_eq "put-object: ETag is the quoted MD5" "$(jq_ "$OUT" 'd["ETag"]')" "\"$(md5hex "$T/blob.bin")\""
run aws_ s3api put-object --bucket "$B" --key data/small.txt --body "$T/small.txt" \
  --content-md5 "$(md5b64 "$T/small.txt")" --content-type text/plain --metadata owner=slemu --output json
expect_rc "put-object --content-md5 (right digest)" 0
run aws_ s3api put-object --bucket "$B" --key data/bad.txt --body "$T/small.txt" --content-md5 "1B2M2Y8AsgTpgAmY7PhCfg=="
expect_rc "put-object --content-md5 (wrong digest)" 254
expect_match "wrong Content-MD5: BadDigest" "$ERR" 'BadDigest'

run aws_ s3api get-object --bucket "$B" --key data/blob.bin "$T/blob.out" --output json
expect_rc "get-object" 0
if cmp -s "$T/blob.bin" "$T/blob.out"; then ok "get-object round trip is byte-exact (1 MiB)"; else not_ok "get-object round trip differs"; fi
expect_eq "get-object: ContentLength" "$(jq_ "$OUT" 'd["ContentLength"]')" 1048576

run aws_ s3api head-object --bucket "$B" --key data/small.txt --output json
expect_rc "head-object" 0
expect_eq "head-object: length, type, metadata" \
  "$(jq_ "$OUT" 'd["ContentLength"], d["ContentType"], d["Metadata"]')" "(10, 'text/plain', {'owner': 'slemu'})"

run aws_ s3api get-object --bucket "$B" --key data/blob.bin --range bytes=100-199 "$T/range.out" --output json
expect_eq "get-object --range: 100 bytes" "$(jq_ "$OUT" 'd["ContentLength"], d["ContentRange"]')" \
  "(100, 'bytes 100-199/1048576')"
if cmp -s "$T/range.out" <(tail -c +101 "$T/blob.bin" | head -c 100); then ok "range bytes are right"; else not_ok "range bytes differ"; fi

# --- s3 cp / ls ------------------------------------------------------------------------
run aws_ s3 cp "$T/blob.bin" "s3://$B/cp/blob copy+1.bin"
expect_rc "s3 cp upload (key with space and plus)" 0
run aws_ s3 cp "s3://$B/cp/blob copy+1.bin" "$T/blob.cp"
expect_rc "s3 cp download" 0
if cmp -s "$T/blob.bin" "$T/blob.cp"; then ok "s3 cp round trip is byte-exact"; else not_ok "s3 cp round trip differs"; fi
run aws_ s3 ls "s3://$B/"
expect_match "s3 ls: prefixes" "$OUT" 'PRE cp/'
expect_match "s3 ls: prefixes (2)" "$OUT" 'PRE data/'
run aws_ s3 ls "s3://$B/" --recursive
expect_match "s3 ls --recursive: the key with a space and a plus" "$OUT" ' 1048576 cp/blob copy\+1\.bin$'
for i in 1 2 3 4 5; do aws_ s3api put-object --bucket "$B" --key "many/k$i" --body "$T/small.txt" >/dev/null; done
curl -s -X DELETE "$EMU_URL/__emulator/requests" >/dev/null
run aws_ s3api list-objects-v2 --bucket "$B" --prefix many/ --page-size 2 --query 'Contents[].Key' --output json
expect_eq "list-objects-v2 --page-size 2 collects every key" "$(jq_ "$OUT" '" ".join(d)')" \
  "many/k1 many/k2 many/k3 many/k4 many/k5"
expect_eq "list-objects-v2 --page-size 2: 3 requests, 2 with a continuation token" \
  "$(curl -s "$EMU_URL/__emulator/requests?operation=ListObjectsV2" |
     "$PYTHON3" -c 'import json,sys; r=json.load(sys.stdin)["requests"]; print(len(r), sum("continuation-token=" in e["path"] for e in r))')" "3 2"
run aws_ s3api list-objects-v2 --bucket "$B" --delimiter / --query 'CommonPrefixes[].Prefix' --output text
expect_eq "list-objects-v2 --delimiter /" "$OUT" "cp/	data/	many/"

# --- errors ------------------------------------------------------------------------------
run aws_ s3api get-object --bucket no-such-bucket-here --key x "$T/x"
expect_rc "get-object from a missing bucket" 254
expect_match "NoSuchBucket" "$ERR" 'NoSuchBucket.*The specified bucket does not exist'
run aws_ s3 ls s3://no-such-bucket-here/
expect_match "s3 ls of a missing bucket: NoSuchBucket" "$ERR" 'NoSuchBucket'
run aws_ s3api get-object --bucket "$B" --key no/such/key "$T/x"
expect_match "NoSuchKey" "$ERR" 'NoSuchKey.*The specified key does not exist'
run aws_ s3api head-object --bucket "$B" --key no/such/key
expect_match "head-object of a missing key: 404" "$ERR" '\(404\).*Not Found'
run aws_ s3api delete-object --bucket "$B" --key data/small.txt
expect_rc "delete-object" 0
run aws_ s3api get-object --bucket "$B" --key data/small.txt "$T/x"
expect_match "deleted key: NoSuchKey" "$ERR" 'NoSuchKey'

# --- signatures and virtual hosts (independent signer) ---------------------------------
cat >"$T/signer.py" <<'PY'
import hashlib, sys
sys.path.insert(0, sys.argv[1])
import slclient
port, bucket = int(sys.argv[2]), sys.argv[3]
c = slclient.Client(port)
host = "127.0.0.1:%d" % port
body = b"the signed body"
path = "/%s/tampered.txt" % bucket

# 1. signed for one body, another body sent
h = slclient.sign_headers("PUT", host, path, [], {}, body, "s3")
r, data = c.raw("PUT", path, b"the forged body", h)
print("tampered-body", r.status, b"XAmzContentSHA256Mismatch" in data)

# 2. the payload hash header changed after signing
forged = b"another payload"
h = slclient.sign_headers("PUT", host, path, [], {}, body, "s3")
h["x-amz-content-sha256"] = hashlib.sha256(forged).hexdigest()
r, data = c.raw("PUT", path, forged, h)
print("tampered-hash", r.status, b"SignatureDoesNotMatch" in data)

# 3. nothing was stored
r, data = c.signed("GET", path, "s3")
print("not-stored", r.status, b"NoSuchKey" in data)

# 4. virtual-host addressing: BUCKET.localhost:PORT, path /KEY
vhost = "%s.localhost:%d" % (bucket, port)
h = slclient.sign_headers("PUT", vhost, "/vhost/key.txt", [], {}, body, "s3")
r, data = c.raw("PUT", "/vhost/key.txt", body, h)
print("vhost-put", r.status, r.getheader("ETag") == '"%s"' % hashlib.md5(body).hexdigest())
r, data = c.signed("GET", "/%s/vhost/key.txt" % bucket, "s3")
print("vhost-get", r.status, data == body)
PY
run "$PYTHON3" "$T/signer.py" "$SRC/tests/emulator_tests" "$EMU_PORT" "$B"
expect_rc "independent signer script" 0
expect_match "a body other than the signed one: 400 XAmzContentSHA256Mismatch" "$OUT" '^tampered-body 400 True$'
expect_match "a payload hash changed after signing: 403 SignatureDoesNotMatch" "$OUT" '^tampered-hash 403 True$'
expect_match "tampered uploads stored nothing" "$OUT" '^not-stored 404 True$'
expect_match "virtual-host PUT (BUCKET.localhost)" "$OUT" '^vhost-put 200 True$'
expect_match "virtual-host object readable path-style" "$OUT" '^vhost-get 200 True$'

finish
