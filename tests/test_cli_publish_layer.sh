#!/bin/sh
# slctl publish-layer against the emulator: a folder and a zip become the next version, the
# same folder gives the same zip bytes, layout warnings, refusals (not a zip, missing folder,
# too big without S3, read-only), large zips through S3, and nothing left behind when a step
# fails.
. "$(dirname "$0")/lib/harness.sh"

emu_start --demo
export AWS_REGION=us-east-1 AWS_ACCESS_KEY_ID=$EMU_KEY AWS_SECRET_ACCESS_KEY=$EMU_SECRET
SL() { "$SLCTL" --endpoint-url "$EMU_URL" "$@"; }
ARN=arn:aws:lambda:us-east-1:$EMU_ACCOUNT:layer

# versions NAME: the layer's version numbers in the emulator, space-separated.
versions() {
  emu_ctl GET "state?service=lambda" | "$PYTHON3" -c '
import json, sys
d = json.load(sys.stdin)["lambda|'$EMU_ACCOUNT'|us-east-1"]["layers"]
print(" ".join(sorted(d.get(sys.argv[1], {}).get("versions", {}), key=int)))' "$1"
}
# objects BUCKET: how many objects the bucket holds.
objects() {
  emu_ctl GET s3/buckets | "$PYTHON3" -c '
import json, sys
print([b["objects"] for b in json.load(sys.stdin)["buckets"] if b["name"] == sys.argv[1]][0])' "$1"
}

# A nodejs layer folder: nested, an executable, an in-folder link (like node_modules/.bin).
L=$T/layer
mkdir -p "$L/nodejs/node_modules/greet/bin" "$L/nodejs/node_modules/.bin"
printf '{"name":"greet","version":"1.0.0"}\n' >"$L/nodejs/node_modules/greet/package.json"
printf 'module.exports = (n) => `hello ${n}`;\n' >"$L/nodejs/node_modules/greet/index.js"
printf '#!/usr/bin/env node\nconsole.log(require("..")("cli"));\n' >"$L/nodejs/node_modules/greet/bin/greet.js"
chmod 755 "$L/nodejs/node_modules/greet/bin/greet.js"
ln -s ../greet/bin/greet.js "$L/nodejs/node_modules/.bin/greet"

# --- a folder becomes version N+1 -----------------------------------------------------------
expect_eq "demo layer has three versions" "$(versions users-deps)" "1 2 3"
run SL publish-layer users-deps "$L" --runtime nodejs20.x --arch arm64 --description "greet 1.0"
expect_rc "publish a folder" 0
expect_eq "publish a folder: the new version's ARN" "$OUT" "$ARN:users-deps:4"
expect_eq "publish a folder: nothing on stderr (layout fits)" "$ERR" ""
expect_eq "publish a folder: version 4 exists" "$(versions users-deps)" "1 2 3 4"

run SL --output json publish-layer users-deps "$L" --runtime nodejs20.x --runtime nodejs18.x --license MIT
expect_rc "publish, json output" 0
printf '%s\n' "$OUT" >"$T/pub.json"
expect_eq "json: the AWS-shaped answer" "$("$PYTHON3" - "$T/pub.json" <<'PY'
import json, sys
o = json.load(open(sys.argv[1]))
print(o["LayerVersionArn"], o["LayerArn"], o["Version"], ",".join(o["CompatibleRuntimes"]),
      o["LicenseInfo"], o["Content"]["CodeSize"] > 0, len(o["Content"]["CodeSha256"]))
PY
)" "$ARN:users-deps:5 $ARN:users-deps 5 nodejs20.x,nodejs18.x MIT True 44"

run SL publish-layer brand-new-layer "$L"
expect_eq "a new layer starts at version 1" "$OUT" "$ARN:brand-new-layer:1"

# --- the same folder gives the same bytes ---------------------------------------------------
run SL publish-layer users-deps "$L" --zip-only "$T/a.zip"
expect_rc "--zip-only" 0
expect_eq "--zip-only: prints nothing" "$OUT" ""
expect_eq "--zip-only: publishes nothing" "$(versions users-deps)" "1 2 3 4 5"
touch -d '2001-02-03 04:05:06' "$L/nodejs/node_modules/greet/index.js" "$L/nodejs"
chmod 600 "$L/nodejs/node_modules/greet/package.json"
run env TZ=Asia/Kolkata sh -c "umask 077; '$SLCTL' publish-layer users-deps '$L' --zip-only '$T/b.zip'"
expect_rc "--zip-only again" 0
if cmp -s "$T/a.zip" "$T/b.zip"; then ok "same folder, same zip bytes (times, modes, umask, zone changed)"; else not_ok "same folder, same zip bytes"; fi
if command -v unzip >/dev/null 2>&1; then
  expect_eq "zip entries in sorted order" "$(unzip -Z1 "$T/a.zip")" "nodejs/
nodejs/node_modules/
nodejs/node_modules/.bin/
nodejs/node_modules/.bin/greet
nodejs/node_modules/greet/
nodejs/node_modules/greet/bin/
nodejs/node_modules/greet/bin/greet.js
nodejs/node_modules/greet/index.js
nodejs/node_modules/greet/package.json"
  expect_eq "zip: fixed times and modes" "$(unzip -Zl "$T/a.zip" | sed -n '3,11p' | awk '{print $1, $8, $9}' | sort -u)" \
"-rw-r--r-- 80-Jan-01 00:00
-rwxr-xr-x 80-Jan-01 00:00
drwxr-xr-x 80-Jan-01 00:00"
  expect_eq "zip: the link is stored as its file" "$(unzip -p "$T/a.zip" nodejs/node_modules/.bin/greet | head -1)" "#!/usr/bin/env node"
  unzip -tq "$T/a.zip" >/dev/null 2>&1
  RC=$?; expect_rc "zip: unzip -t finds no error" 0
else
  echo "# unzip is not installed: the listing checks are skipped"
fi

# An existing zip is published as it is.
run SL publish-layer users-deps "$T/a.zip"
expect_eq "publish an existing zip" "$OUT" "$ARN:users-deps:6"

# --- layout warnings ------------------------------------------------------------------------
run SL publish-layer users-deps "$L" --runtime python3.12 --zip-only "$T/c.zip"
expect_rc "layout warning: still exit 0" 0
expect_eq "layout warning: python" "$ERR" "slctl: warning: The layer is published for python3.12 but has no python/ folder, so functions will not find its packages: put them in python/ (or python/lib/python3.12/site-packages/)."
mkdir -p "$T/flat/zod" && echo '{}' >"$T/flat/zod/package.json"
run SL publish-layer flat-layer "$T/flat" --runtime nodejs20.x --runtime nodejs18.x
expect_rc "layout warning: published all the same" 0
expect_eq "layout warning: published" "$OUT" "$ARN:flat-layer:1"
expect_eq "layout warning: node, one sentence naming the layout" "$ERR" "slctl: warning: The layer is published for nodejs20.x but has no nodejs/node_modules/ folder, so functions will not find its modules: put them in nodejs/node_modules/ (or nodejs/node20/node_modules/)."

# --- refusals -------------------------------------------------------------------------------
printf 'just text\n' >"$T/notes.zip"
run SL publish-layer users-deps "$T/notes.zip"
expect_rc "not a zip" 2
expect_eq "not a zip: one sentence" "$ERR" "slctl: $T/notes.zip is not a zip file."
run SL publish-layer users-deps "$T/missing-folder"
expect_rc "missing folder" 2
expect_eq "missing folder: one sentence" "$ERR" "slctl: $T/missing-folder does not exist."
mkdir "$T/empty"
run SL publish-layer users-deps "$T/empty"
expect_rc "empty folder" 2
expect_lines "empty folder: one sentence" "$ERR" 1
ln -s /etc/hostname "$L/leak"
run SL publish-layer users-deps "$L"
expect_rc "link out of the folder" 2
expect_match "link out of the folder: named" "$ERR" "^slctl: .*/leak is a symbolic link to .*outside the folder"
rm "$L/leak"
run SL publish-layer users-deps "$L" --arch sparc
expect_rc "bad --arch" 2
run SL publish-layer users-deps
expect_rc "missing PATH" 2
run SL publish-layer users-deps "$L" --s3-key k.zip
expect_rc "--s3-key without --s3-bucket" 2
expect_eq "refusals published nothing" "$(versions users-deps)" "1 2 3 4 5 6"

run SL --readonly publish-layer users-deps "$L"
expect_rc "read-only" 1
expect_match "read-only: says so" "$ERR" '^slctl: Refusing to publish the layer: profile "default" is read-only'
expect_lines "read-only: one sentence" "$ERR" 1
mkdir -p "$XDG_CONFIG_HOME/slctl"
printf '[profile prod]\nreadonly = true\n' >"$XDG_CONFIG_HOME/slctl/config"
run SL --profile prod publish-layer users-deps "$L"
expect_rc "read-only profile" 1
rm "$XDG_CONFIG_HOME/slctl/config"
expect_eq "read-only published nothing" "$(versions users-deps)" "1 2 3 4 5 6"

# --- large zips: refused inline, published through S3 ---------------------------------------
# 51 MiB of random bytes, stored: a valid zip above the 50 MiB limit, made in a moment.
"$PYTHON3" -c '
import os, sys, zipfile
with zipfile.ZipFile(sys.argv[1], "w", zipfile.ZIP_STORED) as z:
    z.writestr("nodejs/node_modules/big/blob.bin", os.urandom(51 << 20))' "$T/big.zip"
run SL publish-layer users-deps "$T/big.zip"
expect_rc "zip over 50 MiB without S3" 2
expect_match "over 50 MiB: says to use --s3-bucket" "$ERR" "^slctl: The zip is 51.0 MiB, too large to send to Lambda directly .*--s3-bucket BUCKET"
expect_lines "over 50 MiB: one sentence" "$ERR" 1

emu_ctl POST s3/buckets '{"name": "slctl-test-layers"}' >/dev/null
SHA=$(sha256sum "$T/big.zip" | cut -d' ' -f1)
run SL publish-layer users-deps "$T/big.zip" --s3-bucket slctl-test-layers
expect_rc "over 50 MiB through S3" 0
expect_eq "through S3: the new version" "$OUT" "$ARN:users-deps:7"
expect_eq "through S3: uploaded under slctl-layers/NAME/<sha256>.zip" \
  "$(emu_ctl GET "requests?operation=PutObject" | "$PYTHON3" -c '
import json, sys
print([r["path"] for r in json.load(sys.stdin)["requests"]][-1])')" "/slctl-test-layers/slctl-layers/users-deps/$SHA.zip"
expect_eq "through S3: the object stays" "$(objects slctl-test-layers)" 1

run SL publish-layer users-deps "$L" --s3-bucket slctl-test-layers --s3-key custom/deps.zip
expect_eq "--s3-key" "$OUT" "$ARN:users-deps:8"
expect_eq "--s3-key: second object" "$(objects slctl-test-layers)" 2

# --- a failing step leaves nothing behind ---------------------------------------------------
run SL publish-layer users-deps "$L" --s3-bucket no-such-bucket-here
expect_rc "unknown bucket" 4
expect_match "unknown bucket: the upload step failed, nothing published" "$ERR" \
  "^slctl: Uploading the zip to s3://no-such-bucket-here/slctl-layers/users-deps/[0-9a-f]{64}\.zip failed: .*NoSuchBucket.*; nothing was published\.$"
expect_lines "unknown bucket: one sentence" "$ERR" 1
expect_eq "unknown bucket: no new version" "$(versions users-deps)" "1 2 3 4 5 6 7 8"

emu_ctl POST faults '{"type": "error", "status": 500, "service": "lambda", "operation": "PublishLayerVersion", "count": 3}' >/dev/null
run env AWS_MAX_ATTEMPTS=1 "$SLCTL" --endpoint-url "$EMU_URL" publish-layer users-deps "$L" \
  --s3-bucket slctl-test-layers --s3-key will-go.zip
expect_rc "publish fails after the upload" 1
expect_match "publish fails: says which step, and that the upload was removed" "$ERR" \
  "^slctl: Publishing the layer failed: .*; the uploaded zip s3://slctl-test-layers/will-go.zip was removed again\.$"
expect_lines "publish fails: one sentence" "$ERR" 1
expect_eq "publish fails: the upload is gone" "$(objects slctl-test-layers)" 2
emu_ctl DELETE faults >/dev/null
expect_eq "publish fails: no new version" "$(versions users-deps)" "1 2 3 4 5 6 7 8"

# No temporary files anywhere.
expect_eq "no temporary files left" "$(find "${TMPDIR:-/tmp}" -maxdepth 1 -newer "$T/a.zip" -name '*.zip.tmp.*' 2>/dev/null; find "$T" -name '*.tmp.*')" ""

finish
