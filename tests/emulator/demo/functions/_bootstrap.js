'use strict';
// slemu's stand-in for the Lambda Node.js runtime: runs one invocation.
//
//   node _bootstrap.js HANDLER_FILE EXPORT_NAME  < event.json
//
// Environment: SLEMU_SIDE_FILE (records go there, one JSON object a line),
// SLEMU_REQUEST_ID, SLEMU_DEADLINE_MS (real time the handler may run),
// SLEMU_TIMEOUT_MS (the function's Timeout, for getRemainingTimeInMillis),
// SLEMU_INVOKED_ARN, SLEMU_CLIENT_CONTEXT (JSON), plus the usual AWS_LAMBDA_*.
//
// Records: {"t":"init","ms"} once the handler module is loaded,
// {"t":"log","ts","level","msg"} per console call,
// then one of {"t":"result","json"} / {"t":"error",errorType,errorMessage,trace}
// / {"t":"timeout"}, and finally {"t":"done","ms","rss_mb"}.

const fs = require('fs');
const path = require('path');
const util = require('util');
const { performance } = require('perf_hooks');

const env = process.env;
const sideFd = fs.openSync(env.SLEMU_SIDE_FILE, 'a');
const requestId = env.SLEMU_REQUEST_ID || '';
const deadlineMs = Number(env.SLEMU_DEADLINE_MS || 3000);
const timeoutMs = Number(env.SLEMU_TIMEOUT_MS || 3000);
const [handlerFile, exportName] = process.argv.slice(2);
const taskRoot = path.dirname(path.resolve(handlerFile));
let finished = false;
let started = 0;

function emit(rec) {
  fs.writeSync(sideFd, JSON.stringify(rec) + '\n');
}

// console.* -> log records (the runtime adds "<ts>\t<id>\t<LEVEL>\t")
const LEVELS = { log: 'INFO', info: 'INFO', warn: 'WARN', error: 'ERROR',
                 debug: 'DEBUG', trace: 'TRACE' };
for (const [name, level] of Object.entries(LEVELS)) {
  console[name] = (...args) => emit({ t: 'log', ts: Date.now(), level,
                                      msg: util.format(...args) });
}

// Stack frames as Lambda shows them: the code under /var/task, the runtime's
// own frames instead of ours.
function cleanTrace(stack) {
  const out = [];
  let runtimeFrame = false;
  for (const line of String(stack).split('\n')) {
    if (line.includes('_bootstrap.js')) {
      if (!runtimeFrame) {
        out.push('    at Runtime.handleOnceNonStreaming (file:///var/runtime/index.mjs:1173:29)');
        runtimeFrame = true;
      }
      continue;
    }
    if (/^\s+at .*node:internal\//.test(line)) continue;
    out.push(line.split(taskRoot + path.sep).join('/var/task/'));
  }
  return out;
}

function errorRecord(err) {
  if (err instanceof Error || (err && typeof err === 'object' && 'message' in err && 'stack' in err)) {
    return { errorType: err.name || (err.constructor && err.constructor.name) || 'Error',
             errorMessage: String(err.message), trace: cleanTrace(err.stack || '') };
  }
  return { errorType: typeof err, errorMessage: String(err), trace: [] };
}

function finish(rec) {
  if (finished) return;
  finished = true;
  emit(rec);
  const ms = started ? performance.now() - started : 0;
  const rssMb = Math.round(process.resourceUsage().maxRSS / 1024);
  emit({ t: 'done', ms, rss_mb: rssMb });
  fs.closeSync(sideFd);
  process.exit(0);
}

function succeed(result) {
  let json;
  try {
    json = JSON.stringify(result === undefined ? null : result);
    if (json === undefined) json = 'null';
  } catch (e) {
    finish(Object.assign({ t: 'error' }, errorRecord(e)));
    return;
  }
  finish({ t: 'result', json });
}

function fail(err) {
  finish(Object.assign({ t: 'error' }, errorRecord(err)));
}

process.on('uncaughtException', (err) => fail(err));
process.on('unhandledRejection', (reason) => {
  const e = reason instanceof Error ? reason : new Error(String(reason));
  fail({ name: 'Runtime.UnhandledPromiseRejection', message: e.name + ': ' + e.message,
         stack: e.stack });
});

// --- init
let handler;
try {
  const mod = require(path.resolve(handlerFile));
  handler = mod && mod[exportName];
} catch (e) {
  const rec = errorRecord(e);
  emit({ t: 'init', ms: performance.now() });
  finish({ t: 'error', errorType: 'Runtime.ImportModuleError',
           errorMessage: rec.errorType + ': ' + rec.errorMessage, trace: rec.trace });
}
emit({ t: 'init', ms: performance.now() });
if (typeof handler !== 'function') {
  const base = path.basename(handlerFile).replace(/\.[cm]?js$/, '');
  finish({ t: 'error', errorType: 'Runtime.HandlerNotFound',
           errorMessage: base + '.' + exportName + ' is undefined or not exported',
           trace: [] });
}

// --- the event
let event;
try {
  const raw = fs.readFileSync(0, 'utf8');
  event = raw.trim() === '' ? {} : JSON.parse(raw);
} catch (e) {
  fail(e);
}

let clientContext;
if (env.SLEMU_CLIENT_CONTEXT) {
  try { clientContext = JSON.parse(env.SLEMU_CLIENT_CONTEXT); } catch (e) { /* ignore */ }
}

started = performance.now();
const context = {
  callbackWaitsForEmptyEventLoop: true,
  functionName: env.AWS_LAMBDA_FUNCTION_NAME,
  functionVersion: env.AWS_LAMBDA_FUNCTION_VERSION,
  invokedFunctionArn: env.SLEMU_INVOKED_ARN,
  memoryLimitInMB: env.AWS_LAMBDA_FUNCTION_MEMORY_SIZE,
  awsRequestId: requestId,
  logGroupName: env.AWS_LAMBDA_LOG_GROUP_NAME,
  logStreamName: env.AWS_LAMBDA_LOG_STREAM_NAME,
  clientContext,
  identity: undefined,
  getRemainingTimeInMillis: () => Math.max(0, Math.round(timeoutMs - (performance.now() - started))),
};

setTimeout(() => finish({ t: 'timeout' }), deadlineMs);

try {
  if (handler.length >= 3) {
    handler(event, context, (err, res) => (err ? fail(err) : succeed(res)));
  } else {
    Promise.resolve(handler(event, context)).then(succeed, fail);
  }
} catch (e) {
  fail(e);
}
