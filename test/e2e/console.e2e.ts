/**
 * The console in a real browser: headless Chromium (Debian's package; `npm run test:e2e`
 * installs it) driven by playwright-core against the local stack started in this process.
 */
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { type BrowserContext, chromium, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CHROMIUM_ARGS, chromiumPath, isExecutable } from '../../lib/tools/dev/ensure-chromium';
import { type LocalStack, startLocalStack } from '../../lib/tools/dev/start';
import { DEMO_SEED_PATH } from '../../lib/tools/emulator/index';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const SCREENSHOT = join(ROOT, 'test-output', 'console.png');
/** Long enough that the page's 1 s polling cannot miss the reinstall on a busy machine. */
const RESET_DURATION_MS = 6000;
const INSTANCE = 'ein-web00003';

let dir: string;
let stack: LocalStack;
let context: BrowserContext;
let page: Page;
const pageErrors: string[] = [];

beforeAll(async () => {
  const browser = chromiumPath();
  if (!isExecutable(browser)) throw new Error(`no Chromium at ${browser}: run \`npm run test:e2e\` (it installs Debian's chromium) or set CHROMIUM_PATH`);
  dir = mkdtempSync(join(tmpdir(), 'ecm-reset-e2e-'));
  // The demo seed with a slower reinstall; everything else as `npm start` has it.
  const seed = JSON.parse(readFileSync(DEMO_SEED_PATH, 'utf8')) as Record<string, unknown>;
  writeFileSync(join(dir, 'seed.json'), JSON.stringify({ ...seed, resetDurationMs: RESET_DURATION_MS }));
  stack = await startLocalStack({ port: 0, emulatorPort: 0, seed: join(dir, 'seed.json'), shell: {}, log: () => {} });
  // A fresh profile each run; launchPersistentContext is how Playwright takes --user-data-dir.
  context = await chromium.launchPersistentContext(join(dir, 'profile'), {
    executablePath: browser,
    headless: true,
    args: [...CHROMIUM_ARGS],
    viewport: { width: 1400, height: 1000 },
  });
  page = context.pages()[0] ?? (await context.newPage());
  page.on('pageerror', (error) => pageErrors.push(error.message));
  page.on('console', (message) => {
    if (message.type() === 'error') pageErrors.push(message.text());
  });
});

afterAll(async () => {
  await context?.close();
  await stack?.close();
  if (dir) rmSync(dir, { recursive: true, force: true });
});

const row = (id: string) => page.locator(`#fleet tr[data-instance="${id}"]`);

describe('the local console', () => {
  it('shows the fleet, sends a signed reset, and follows the instance through the reinstall', async () => {
    await page.goto(stack.consoleUrl);
    await expect.poll(() => page.title()).toBe('ecm-reset local console');
    await row(INSTANCE).waitFor();
    expect(await page.locator('#fleet tbody tr').count()).toBe(9);
    expect(await row(INSTANCE).locator('td.state').textContent()).toBe('RUNNING');
    expect(await page.locator('#timers tr[data-timer="nightly-fleet"]').count()).toBe(1);

    // Every operation state the row shows from now on, in order (rows are re-rendered per poll).
    // Page code as a string: the project's type check has no DOM library.
    await page.evaluate(`(() => {
      const seen = (window.seen = []);
      const record = () => {
        const cell = document.querySelector('#fleet tr[data-instance="${INSTANCE}"] td.op');
        const value = cell ? cell.getAttribute('data-operation') + '/' + cell.getAttribute('data-operation-state') : '';
        if (seen[seen.length - 1] !== value) seen.push(value);
      };
      new MutationObserver(record).observe(document.querySelector('#fleet tbody'), { childList: true, subtree: true });
    })()`);

    await page.fill('#instances', INSTANCE);
    await page.fill('#reason', 'e2e: reinstall from the console');
    await page.click('#send');

    const status = page.locator('#reset-result .status');
    await status.waitFor();
    expect(await status.getAttribute('data-status')).toBe('202');
    expect(await page.locator('#reset-result pre').textContent()).toContain('reset.accepted');

    await page.locator(`#fleet tr[data-instance="${INSTANCE}"] td.op[data-operation="ResetInstances"][data-operation-state="OPERATING"]`).waitFor();
    expect(await row(INSTANCE).locator('td.state').textContent()).toBe('REBOOTING');
    await page.locator(`#fleet tr[data-instance="${INSTANCE}"] td.op[data-operation="ResetInstances"][data-operation-state="SUCCESS"]`).waitFor();
    expect(await row(INSTANCE).locator('td.state').textContent()).toBe('RUNNING');
    const seen = (await page.evaluate('window.seen')) as string[];
    expect(seen.slice(seen.indexOf('ResetInstances/OPERATING'))).toEqual(['ResetInstances/OPERATING', 'ResetInstances/SUCCESS']);

    const accepted = page.locator(`#messages li[data-type="reset.accepted"][data-instances="${INSTANCE}"]`);
    await accepted.waitFor();
    expect(await accepted.textContent()).toContain(`${INSTANCE}: accepted`);
    expect(await page.locator('#calls li[data-action="ResetInstances"]').count()).toBeGreaterThanOrEqual(1);

    // The call's parameters and instance ids, the password redacted by the emulator.
    const resetCall = page.locator(`#calls li[data-action="ResetInstances"][data-instances="${INSTANCE}"]`).first();
    expect(await resetCall.getAttribute('data-http-status')).toBe('200');
    const params = (await resetCall.locator('.params').textContent()) ?? '';
    expect(params).toContain(`InstanceIdSet=${INSTANCE}`);
    expect(params).toContain('Password=***REDACTED***');
    expect(await resetCall.locator('.instances').textContent()).toBe(INSTANCE);

    // The ledger's view, in words: on cooldown until an hour from now, pending completion until the sweep reports it.
    const cooldown = row(INSTANCE).locator('td.guardrails .guard-cooldown');
    await cooldown.waitFor();
    expect(await cooldown.textContent()).toMatch(/^cooldown until \d{1,2}:\d\d:\d\d/);
    const until = Date.parse((await cooldown.getAttribute('data-cooldown-until')) ?? '');
    expect(until - Date.now()).toBeGreaterThan(3500 * 1000);
    expect(await row(INSTANCE).locator('td.guardrails .guard-pending').count()).toBe(1);
    expect(await row('ein-db000001').locator('td.guardrails').textContent()).toBe('free');
    // No raw bookkeeping tags: the instance's own tags only.
    expect(await row(INSTANCE).locator('td.tags').textContent()).toBe('role=web env=staging fleet=nightly');

    // Numbers of two digits and more are whole: text of their own, inside the panel, not clipped.
    const numbers = (await page.evaluate(`[...document.querySelectorAll('#calls li .seq, #messages li .seq')].map((e) => {
      const box = e.getBoundingClientRect();
      const panel = e.closest('section').getBoundingClientRect();
      return { text: e.textContent, inside: box.left >= panel.left && box.right <= panel.right, clipped: e.scrollWidth > e.clientWidth };
    })`)) as { text: string; inside: boolean; clipped: boolean }[];
    expect(numbers.some((n) => /^#\d{2,}$/.test(n.text))).toBe(true);
    for (const n of numbers) expect(n).toEqual({ text: expect.stringMatching(/^#\d+$/), inside: true, clipped: false });

    // The key signs on the server only: nothing the page holds contains it.
    expect(await page.content()).not.toContain(stack.callerKey ?? '(no key)');

    mkdirSync(join(ROOT, 'test-output'), { recursive: true });
    await page.screenshot({ path: SCREENSHOT, fullPage: true });
    expect(pageErrors).toEqual([]);
  });

  it('Reset demo puts the seed back: the instance is free again and the topic is empty', async () => {
    await page.click('#demo-reset');
    await page.locator('#reset-result .status[data-status="200"]').waitFor();
    await page.locator(`#fleet tr[data-instance="${INSTANCE}"] td.guardrails:not(:has(.guard))`).waitFor();
    expect(await row(INSTANCE).locator('td.guardrails').textContent()).toBe('free');
    await page.locator('#messages li.muted').waitFor();
    expect(await page.locator('#messages li.muted').textContent()).toBe('no messages yet');
    // And the function was started afresh: the same instance resets again, no 409.
    await page.fill('#instances', INSTANCE);
    await page.fill('#reason', 'e2e: after the demo reset');
    await page.click('#send');
    await page.locator('#reset-result .status[data-status="202"]').waitFor();
    expect(pageErrors).toEqual([]);
  });

  it('shows the function’s refusal for an instance the demo policy does not allow', async () => {
    await page.fill('#instances', 'ein-db000001');
    await page.fill('#reason', 'e2e: not allowed');
    await page.click('#send');
    await page.locator('#reset-result .status[data-status="403"]').waitFor();
    await page.locator('#messages li[data-type="reset.rejected"][data-instances="ein-db000001"]').waitFor();
    expect(pageErrors).toEqual([]);
  });
});
