import { readFileSync } from 'node:fs';
import { createDeps } from './lib/deps';
import { createEmulator, DEMO_SEED_PATH, loadSeed, type Seed } from './lib/emulator/index';
import { createHandler } from './lib/handler';
import { createLogger } from './lib/logger';
import { signHttpEvent } from './lib/dev/sign-event';

const seedRaw = JSON.parse(readFileSync(DEMO_SEED_PATH, 'utf8')) as Seed;
const seed = await loadSeed(DEMO_SEED_PATH);
const emu = await createEmulator({ seed, port: 0 });
const cred = seed.credentials[0]!;
const env = { TENCENTCLOUD_SECRETID: cred.secretId, TENCENTCLOUD_SECRETKEY: cred.secretKey, TENCENTCLOUD_REGION: 'ap-guangzhou', TENCENTCLOUD_UIN: '100012345678', RESET_API_ENDPOINT: emu.url, RESET_TOPIC: 'ecm-reset-results', RESET_PASSWORD_SECRET: 'ecm-reset/root-password', RESET_AUTH_SECRET: 'ecm-reset/auth-keys', RESET_ALLOW: 'ein-web00003,tag:env=staging', RESET_COOLDOWN: '0' };
const handler = createHandler(createDeps(env, { log: createLogger(() => {}) }));
const KEY = '3f8a1c9e5b7d2f4a6c8e0b1d3f5a7c9e1b3d5f7a9c1e3b5d7f9a1c3e5b7d9f1a';
const base = JSON.parse(readFileSync('test/fixtures/events/api-gateway/reset-lowercase-headers.json', 'utf8'));
const times: number[] = [];
for (let i = 0; i < 400; i++) {
  emu.reseed({ ...seedRaw, resetDurationMs: 0, rateLimitPerSecond: 100000 } as Seed);
  const ev = signHttpEvent({ ...base, body: JSON.stringify({ instanceIds: ['ein-web00003'], reason: `p${i}` }) }, KEY, Math.floor(Date.now() / 1000));
  const t = performance.now();
  const r = await handler(ev, { request_id: `r${i}`, time_limit_in_ms: 60000, function_name: 'f' }) as { statusCode: number };
  times.push(performance.now() - t);
  if (r.statusCode !== 202) { console.log(JSON.stringify(r)); break; }
  if (i % 19 === 18) await new Promise((res) => setTimeout(res, 1200));
}
times.sort((a, b) => a - b);
console.log('p50', times[200], 'p90', times[360]);
await emu.close();
process.exit(0);
