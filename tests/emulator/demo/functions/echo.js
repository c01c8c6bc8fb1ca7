'use strict';
// The generic function (functions created through the control API): returns
// its event.  Knobs in an object event: "log_lines": N console lines,
// "sleep_ms": wait that long, "throw": fail with Error(<that text>).
// Twin of the "echo" behaviour in slemu/services/lambda_.py.

exports.handler = async (event) => {
  const e = event !== null && typeof event === 'object' && !Array.isArray(event) ? event : {};
  if (Number.isInteger(e.log_lines)) {
    for (let i = 1; i <= e.log_lines; i++) console.log(`line ${i} of ${e.log_lines}`);
  }
  if (typeof e.sleep_ms === 'number' && e.sleep_ms > 0) {
    await new Promise((resolve) => setTimeout(resolve, e.sleep_ms));
  }
  if (e.throw !== undefined && e.throw !== null && e.throw !== false) {
    throw new Error(String(e.throw));
  }
  return event;
};
