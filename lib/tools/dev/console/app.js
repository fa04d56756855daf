// The local console: polls /_console/state once a second and renders it. Plain DOM, no build
// step; every value is written with textContent, never parsed as HTML.

const POLL_MS = 1000;
let lastSeq = 0;
const calls = [];
const previous = new Map(); // instance id -> rendered row key, to flash rows that changed

function el(tag, attrs = {}, ...children) {
  const node = document.createElement(tag);
  for (const [name, value] of Object.entries(attrs)) {
    if (name === 'class') node.className = value;
    else if (name.startsWith('data-')) node.setAttribute(name, value);
    else node[name] = value;
  }
  for (const child of children) node.append(child instanceof Node ? child : document.createTextNode(String(child ?? '')));
  return node;
}

const time = (iso) => (iso ? new Date(iso).toLocaleTimeString() : '');

/** What the guardrail ledger holds against an instance, in words (each part has its own element for the tests). */
function guardrailCell(g) {
  const parts = [];
  if (g.escalatedSince)
    parts.push(
      el(
        'div',
        { class: 'guard guard-escalated', 'data-escalated-since': g.escalatedSince },
        `escalated since ${time(g.escalatedSince)}: a human must release it`,
      ),
    );
  if (g.cooldownUntil)
    parts.push(el('div', { class: 'guard guard-cooldown', 'data-cooldown-until': g.cooldownUntil }, `cooldown until ${time(g.cooldownUntil)}`));
  if (g.pendingSince)
    parts.push(el('div', { class: 'guard guard-pending', 'data-pending-since': g.pendingSince }, `reset at ${time(g.pendingSince)}, pending completion`));
  if (parts.length === 0) parts.push(el('span', { class: 'muted small' }, 'free'));
  return el('td', { class: 'guardrails' }, ...parts);
}

function renderFleet(instances) {
  const body = document.querySelector('#fleet tbody');
  const rows = instances.map((i) => {
    const key = `${i.state}|${i.latestOperation}|${i.latestOperationState}|${JSON.stringify(i.guardrails)}`;
    const changed = previous.has(i.id) && previous.get(i.id) !== key;
    previous.set(i.id, key);
    const op = i.latestOperation ? `${i.latestOperation} / ${i.latestOperationState ?? ''}` : '';
    return el(
      'tr',
      { 'data-instance': i.id, class: changed ? 'changed' : '' },
      el('td', { class: 'id' }, i.id),
      el('td', {}, i.name),
      el('td', { class: `state state-${i.state}` }, i.state),
      el(
        'td',
        { class: `op op-${i.latestOperationState ?? 'none'}`, 'data-operation': i.latestOperation ?? '', 'data-operation-state': i.latestOperationState ?? '' },
        op,
      ),
      guardrailCell(i.guardrails),
      el(
        'td',
        { class: 'tags small' },
        Object.entries(i.tags)
          .map(([k, v]) => `${k}=${v}`)
          .join(' '),
      ),
    );
  });
  body.replaceChildren(...rows);
}

function renderMessages(messages) {
  const list = document.querySelector('#messages');
  const items = [...messages]
    .reverse()
    .map((m) =>
      el(
        'li',
        { 'data-type': m.type, 'data-instances': m.instanceIds.join(',') },
        el('span', { class: 'seq' }, `#${m.seq}`),
        el('span', { class: `type type-${m.type}` }, m.type),
        ' ',
        el('span', { class: 'muted small' }, `${time(m.time)} · ${m.trigger ?? ''} · ${m.id ?? ''}`),
        el('div', { class: 'mono' }, m.statuses.join('  ') || m.instanceIds.join(', ')),
        m.reason ? el('div', { class: 'muted small' }, `reason: ${m.reason}`) : '',
        m.error ? el('div', { class: 'error small' }, m.error) : '',
      ),
    );
  if (items.length === 0) items.push(el('li', { class: 'muted' }, 'no messages yet'));
  list.replaceChildren(...items);
}

function renderCalls(newCalls) {
  calls.push(...newCalls);
  if (calls.length > 300) calls.splice(0, calls.length - 300);
  const list = document.querySelector('#calls');
  const items = [...calls].reverse().map((c) => {
    const outcome = c.fault
      ? el('span', { class: 'error small' }, `fault ${c.fault}${c.error ? ` → ${c.error}` : ''}`)
      : c.error
        ? el('span', { class: 'error small' }, `${c.httpStatus ?? 'dropped'} ${c.error}`)
        : el('span', { class: 'ok small' }, `${c.httpStatus ?? ''} ok`);
    return el(
      'li',
      { 'data-action': c.action ?? '', 'data-instances': c.instanceIds.join(','), 'data-http-status': String(c.httpStatus ?? '') },
      el('span', { class: 'seq' }, `#${c.seq}`),
      el('span', { class: 'mono' }, c.action ?? '(unreadable)'),
      ' ',
      el('span', { class: 'muted small' }, c.service ?? ''),
      ' ',
      outcome,
      ' ',
      el('span', { class: 'muted small' }, time(c.time)),
      c.instanceIds.length > 0 ? el('div', { class: 'instances small' }, c.instanceIds.join(' ')) : '',
      c.params ? el('div', { class: 'params mono small', title: c.params }, c.params) : '',
    );
  });
  if (items.length === 0) items.push(el('li', { class: 'muted' }, 'no calls yet'));
  list.replaceChildren(...items);
}

function renderTimers(timers) {
  const body = document.querySelector('#timers tbody');
  body.replaceChildren(
    ...timers.map((t) => {
      const button = el('button', { class: 'small', type: 'button', title: `fire ${t.name} now` }, 'fire');
      button.addEventListener('click', () => fireTimer(t.name, button));
      return el(
        'tr',
        { 'data-timer': t.name },
        el('td', { class: 'mono' }, t.name),
        el('td', { class: 'mono' }, t.cronExpression),
        el('td', { class: 'small' }, t.enable ? time(t.next) : 'disabled', t.fired ? el('div', { class: 'muted small' }, `fired ${t.fired}×`) : ''),
        el('td', {}, button),
      );
    }),
  );
}

function showResult(title, status, body) {
  const box = document.querySelector('#reset-result');
  box.replaceChildren(
    el('div', { class: 'status', 'data-status': String(status) }, `${title}: HTTP ${status}`),
    el('pre', { class: 'mono' }, JSON.stringify(body, null, 2)),
  );
}

async function fireTimer(name, button) {
  button.disabled = true;
  try {
    const res = await fetch(`/_console/timers/${encodeURIComponent(name)}`, { method: 'POST' });
    showResult(`timer ${name}`, res.status, await res.json());
  } finally {
    button.disabled = false;
  }
}

async function poll() {
  try {
    const res = await fetch(`/_console/state?since=${lastSeq}`, { cache: 'no-store' });
    if (!res.ok) throw new Error(`HTTP ${res.status}`);
    const state = await res.json();
    renderFleet(state.instances);
    renderMessages(state.messages);
    renderCalls(state.calls);
    renderTimers(state.timers);
    lastSeq = state.lastSeq;
    document.querySelector('#clock').textContent = `emulator time ${time(state.now)}`;
    document.querySelector('#status').textContent = '';
    if (!state.canSign) document.querySelector('#send').disabled = true;
  } catch (error) {
    document.querySelector('#status').textContent = `(cannot reach the local stack: ${error.message})`;
  } finally {
    setTimeout(poll, POLL_MS);
  }
}

document.querySelector('#demo-reset').addEventListener('click', async () => {
  const button = document.querySelector('#demo-reset');
  button.disabled = true;
  try {
    const res = await fetch('/_console/demo-reset', { method: 'POST' });
    showResult('reset demo', res.status, await res.json());
    previous.clear();
  } catch (error) {
    showResult('reset demo', 0, { error: error.message });
  } finally {
    button.disabled = false;
  }
});

document.querySelector('#reset-form').addEventListener('submit', async (event) => {
  event.preventDefault();
  const send = document.querySelector('#send');
  send.disabled = true;
  try {
    const res = await fetch('/_console/reset', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({
        instanceIds: document.querySelector('#instances').value,
        reason: document.querySelector('#reason').value,
        dryRun: document.querySelector('#dry-run').checked,
        keepData: document.querySelector('#keep-data').checked,
      }),
    });
    const answer = await res.json();
    if (res.ok) showResult('POST /reset', answer.status, answer.body);
    else showResult('console', res.status, answer);
  } catch (error) {
    showResult('console', 0, { error: error.message });
  } finally {
    send.disabled = false;
  }
});

poll();
