#!/bin/bash
# The emulator's own Python tests (stdlib unittest): the SigV4 verifier
# against the official vectors, and the core over real sockets.
# Exit 0 on success, 77 without python3, 1 on failure.
# The last line is "N passed, M failed, K skipped".
PY=${PYTHON:-python3}
HERE=$(cd "$(dirname "$0")" && pwd)
command -v "$PY" >/dev/null 2>&1 || { echo "SKIP: $PY not found"; exit 77; }
exec "$PY" - "$HERE/emulator_tests" <<'PYEOF'
import sys, unittest
suite = unittest.defaultTestLoader.discover(sys.argv[1], pattern="test_*.py",
                                            top_level_dir=sys.argv[1])
res = unittest.TextTestRunner(verbosity=1, stream=sys.stdout).run(suite)
bad = len(res.failures) + len(res.errors) + len(res.unexpectedSuccesses)
skipped = len(res.skipped)
passed = res.testsRun - bad - skipped
print("%d passed, %d failed, %d skipped" % (passed, bad, skipped))
sys.exit(0 if bad == 0 else 1)
PYEOF
