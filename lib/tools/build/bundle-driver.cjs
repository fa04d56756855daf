'use strict';
/**
 * Runs a built bundle the way SCF's Node.js runtime does: `require(index.js)`, then
 * `exports.main_handler(event, context)` for each event, in this one process. Used by the
 * bundle tests and `npm run bench`. Plain CommonJS with node builtins only, so the child
 * is a bare `node` with nothing between it and the bundle.
 *
 *   node bundle-driver.cjs <bundle/index.js> <job.json>
 *
 * job: {
 *   "events": [ {"signed": {"key", "body"}} | {"event": {...}} ],   // in order
 *   "repeat": 1,          // how many times to run the whole list
 *   "pauseMs": 0,         // untimed pause between invocations (keeps within API rate limits)
 *   "timeLimitMs": 30000, // context.time_limit_in_ms
 *   "stepped": false,     // before each invocation print `@@ready {"i"}` and wait for a stdin line
 *   "quiet": false,       // leave responses out of the answer lines
 *   "traceApi": false,    // also report, per invocation, the ms during which an HTTP call was in flight
 *   "context": {}         // more fields of the SCF context (e.g. the request_id a redelivery repeats)
 * }
 * `signed` events are API Gateway `POST /reset` events signed (v1) just before each invocation,
 * so the timestamp is fresh and no two invocations share a signature.
 *
 * The function logs JSON lines on stdout, so results are marked lines on stdout:
 *   @@loaded {"loadMs"}            after require(), timed from just before it
 *   @@answer {"i","ms","apiMs"?,"apiWaves"?,"response"|"error"} after each invocation; `ms` is the handler's
 *                                  latency, `apiWaves` (traceApi) its round trips (calls side by side count once), `apiMs` (traceApi) the part of it spent waiting on the
 *                                  API; `error` the message when the handler threw (SCF's failure)
 *   @@done   {"maxRssKb","uptimeMs"}
 * The parent can timestamp `@@answer` lines itself for process-start-to-response times.
 */
const { createHmac } = require('node:crypto');
const { readFileSync } = require('node:fs');
const { setTimeout: sleep } = require('node:timers/promises');

const [bundle, jobFile] = process.argv.slice(2);
if (!bundle || !jobFile) {
  process.stderr.write('usage: node bundle-driver.cjs <bundle/index.js> <job.json>\n');
  process.exit(2);
}
const job = JSON.parse(readFileSync(jobFile, 'utf8'));
const mark = (name, value) => process.stdout.write(`@@${name} ${JSON.stringify(value)}\n`);

/** Resolves on the next stdin line: the parent's go-ahead in stepped mode. */
const nextLine = (() => {
  let buffered = '';
  const waiting = [];
  let ready = 0;
  if (job.stepped) {
    process.stdin.setEncoding('utf8');
    process.stdin.on('data', (chunk) => {
      buffered += chunk;
      for (let at = buffered.indexOf('\n'); at >= 0; at = buffered.indexOf('\n')) {
        buffered = buffered.slice(at + 1);
        const w = waiting.shift();
        if (w) w();
        else ready += 1;
      }
    });
  }
  return () =>
    new Promise((resolve) => {
      if (ready > 0) {
        ready -= 1;
        resolve();
      } else waiting.push(resolve);
    });
})();

function signedEvent({ key, body }, n) {
  const raw = JSON.stringify(body);
  const ts = Math.floor(Date.now() / 1000);
  return {
    httpMethod: 'POST',
    path: '/reset',
    headers: {
      'content-type': 'application/json',
      'x-reset-timestamp': String(ts),
      'x-reset-signature': `v1=${createHmac('sha256', key).update(`v1:${ts}:${raw}`).digest('hex')}`,
      'x-api-requestid': `driver-${process.pid}-${n}`,
    },
    requestContext: { serviceId: 'service-driver', path: '/reset', httpMethod: 'POST', stage: 'release', sourceIp: '127.0.0.1' },
    queryString: {},
    body: raw,
    isBase64Encoded: false,
  };
}

/**
 * traceApi: wraps http.request/https.request (the bundle looks them up at call time) and
 * measures the union of the intervals during which at least one request is in flight.
 */
const apiClock = (() => {
  let inFlight = 0;
  let since = 0;
  let total = 0;
  let waves = 0;
  const begin = () => {
    if (inFlight++ === 0) {
      since = performance.now();
      waves += 1;
    }
  };
  const end = () => {
    if (--inFlight === 0) total += performance.now() - since;
  };
  const wrap = (mod) => {
    const original = mod.request;
    mod.request = function request(...args) {
      const req = original.apply(this, args);
      begin();
      let done = false;
      const finish = () => {
        if (!done) {
          done = true;
          end();
        }
      };
      req.once('response', (res) => {
        res.once('end', finish);
        res.once('close', finish);
      });
      req.once('error', finish);
      req.once('close', () => setImmediate(finish));
      return req;
    };
  };
  return {
    install() {
      wrap(require('node:http'));
      wrap(require('node:https'));
    },
    /** The time with a call in flight, and the round trips (stretches with a call in flight), since the last take. */
    take() {
      const t = total + (inFlight > 0 ? performance.now() - since : 0);
      const w = waves;
      total = 0;
      waves = inFlight > 0 ? 1 : 0;
      if (inFlight > 0) since = performance.now();
      return { ms: t, waves: w };
    },
  };
})();

async function main() {
  if (job.traceApi) apiClock.install();
  const started = process.hrtime.bigint();
  const fn = require(bundle);
  mark('loaded', { loadMs: Number(process.hrtime.bigint() - started) / 1e6 });
  let n = 0;
  for (let round = 0; round < (job.repeat ?? 1); round++) {
    for (const spec of job.events) {
      if (n > 0 && job.pauseMs) await sleep(job.pauseMs);
      if (job.stepped) {
        mark('ready', { i: n });
        await nextLine();
      }
      const event = spec.signed ? signedEvent(spec.signed, n) : spec.event;
      const context = { request_id: `driver-${process.pid}-${n}`, time_limit_in_ms: job.timeLimitMs ?? 30000, memory_limit_in_mb: 64, ...job.context };
      if (job.traceApi) apiClock.take();
      const t = process.hrtime.bigint();
      let outcome;
      try {
        const response = await fn.main_handler(event, context);
        outcome = { response: job.quiet ? undefined : response };
      } catch (error) {
        outcome = { error: error instanceof Error ? error.message : String(error) };
      }
      const ms = Number(process.hrtime.bigint() - t) / 1e6;
      const api = job.traceApi ? (({ ms, waves }) => ({ apiMs: ms, apiWaves: waves }))(apiClock.take()) : {};
      mark('answer', { i: n, ms, ...api, ...outcome });
      n += 1;
    }
  }
  mark('done', { maxRssKb: process.resourceUsage().maxRSS, uptimeMs: process.uptime() * 1000 });
  if (job.stepped) process.stdin.destroy();
}

main().catch((error) => {
  process.stderr.write(`driver: ${error?.stack ? error.stack : String(error)}\n`);
  process.exitCode = 1;
});
