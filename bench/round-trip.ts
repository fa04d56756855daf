import { spawn } from 'node:child_process';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';

/** The child: sequential keep-alive POSTs, `pauseMs` apart, printing `@@<p50 ms>`. */
const CLIENT = `
const http = require('node:http');
const [port, count, pauseMs] = process.argv.slice(1).map(Number);
const agent = new http.Agent({ keepAlive: true });
const one = () => new Promise((ok, fail) => {
  const r = http.request({ port, host: '127.0.0.1', method: 'POST', agent, headers: { 'content-type': 'application/json' } }, (res) => { res.resume(); res.on('end', ok); });
  r.on('error', fail);
  r.end('{"Limit":1}');
});
(async () => {
  const lat = [];
  for (let i = 0; i < count; i++) {
    const t = performance.now();
    await one();
    lat.push(performance.now() - t);
    await new Promise((r) => setTimeout(r, pauseMs));
  }
  lat.sort((a, b) => a - b);
  process.stdout.write('@@' + lat[Math.floor(lat.length / 2)]);
  agent.destroy();
})();
`;

/**
 * The machine's floor for one loopback HTTP exchange between two processes: a bare Node server in
 * this (the emulator's) process, a bare Node client that pauses `pauseMs` between requests like the
 * warm bench does (an idle CPU takes longer to wake). p50 in ms.
 */
export async function loopbackRoundTripMs(count: number, pauseMs: number): Promise<number> {
  const server = createServer((req, res) => {
    req.resume();
    req.on('end', () => {
      res.setHeader('content-type', 'application/json');
      res.end('{"Response":{"RequestId":"floor"}}');
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  try {
    const { port } = server.address() as AddressInfo;
    const out = await new Promise<string>((resolve, reject) => {
      const child = spawn(process.execPath, ['-e', CLIENT, String(port), String(count), String(pauseMs)], { stdio: ['ignore', 'pipe', 'pipe'] });
      let stdout = '';
      let stderr = '';
      child.stdout.on('data', (c: Buffer) => (stdout += c.toString()));
      child.stderr.on('data', (c: Buffer) => (stderr += c.toString()));
      child.once('error', reject);
      child.once('close', (code) => (code === 0 ? resolve(stdout) : reject(new Error(`round-trip client exited ${code}: ${stderr.slice(0, 500)}`))));
    });
    const m = /@@([\d.]+)\s*$/.exec(out);
    if (m?.[1] === undefined) throw new Error(`round-trip client printed no result: ${out.slice(0, 200)}`);
    return Number(m[1]);
  } finally {
    server.closeAllConnections();
    await new Promise<void>((resolve) => server.close(() => resolve()));
  }
}
