/**
 * The function of the local stack, in a child process (function-host.ts) that is replaced when the
 * code changes. Why a process: a re-import with a cache-busting query re-evaluates the one module it
 * names, not the modules it imports, so an edit deep in lib/function would not be seen; a fresh
 * process loads every module anew, and is what SCF does too (new code, new containers, cold start).
 * The emulator, the console and the timers live in the parent, so their state survives a reload.
 */
import { type ChildProcess, fork } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import type { HostReply, HostRequest } from './function-host';

const HOST = fileURLToPath(new URL('./function-host.ts', import.meta.url));
const ROOT = fileURLToPath(new URL('../../../', import.meta.url));

export interface FunctionProcess {
  /** Runs the handler in the current process; rejects with the handler's error (as SCF reports a failed invocation). */
  invoke(event: unknown, context: Record<string, unknown>): Promise<unknown>;
  /**
   * Starts a new process at once (new invocations wait for it) and ends the old one after its
   * invocations; resolves when the new one is ready, rejects when it could not start.
   */
  reload(): Promise<void>;
  /** How many processes were started (1 after start, +1 per reload). */
  readonly generation: number;
  close(): Promise<void>;
}

interface Host {
  child: ChildProcess;
  pending: Map<number, { resolve: (v: unknown) => void; reject: (e: Error) => void }>;
  ready: Promise<void>;
  exited: Promise<void>;
}

/** The parent's environment without what the function must only get from `env` (credentials, endpoints). */
function childEnv(): Record<string, string> {
  return Object.fromEntries(
    Object.entries(process.env).filter(([k, v]) => v !== undefined && !/^(RESET_|TENCENTCLOUD_|https?_proxy$|HTTPS?_PROXY$)/.test(k)),
  ) as Record<string, string>;
}

export async function startFunctionProcess(env: Record<string, string>, log: (line: string) => void): Promise<FunctionProcess> {
  let nextId = 1;
  let generation = 0;
  let closed = false;

  const spawnHost = (): Host => {
    generation += 1;
    const child = fork(HOST, [], {
      cwd: ROOT,
      execArgv: ['--import', 'tsx'],
      env: childEnv(),
      stdio: ['ignore', 'pipe', 'pipe', 'ipc'],
      serialization: 'json',
    });
    const pending: Host['pending'] = new Map();
    // Anything the function prints outside its logger (console.log) still reaches the terminal.
    child.stdout?.on('data', (d: Buffer) => log(d.toString().trimEnd()));
    child.stderr?.on('data', (d: Buffer) => log(d.toString().trimEnd()));
    const exited = new Promise<void>((resolve) =>
      child.once('exit', (code, signal) => {
        for (const p of pending.values()) p.reject(new Error(`the function process exited (${signal ?? `code ${String(code)}`}) during the invocation`));
        pending.clear();
        resolve();
      }),
    );
    const ready = new Promise<void>((resolve, reject) => {
      child.on('message', (reply: HostReply) => {
        if (reply.type === 'ready') resolve();
        else if (reply.type === 'log') log(reply.line);
        else {
          const p = pending.get(reply.id);
          pending.delete(reply.id);
          if (p === undefined) return;
          if (reply.ok) p.resolve(reply.value);
          else {
            const error = new Error(reply.message);
            error.stack = reply.message;
            p.reject(error);
          }
        }
      });
      void exited.then(() => reject(new Error('the function process exited before it was ready')));
    });
    // Awaited by each invocation; a process that cannot start (a syntax error just saved) fails those.
    ready.catch(() => undefined);
    child.send({ type: 'init', env } satisfies HostRequest);
    return { child, pending, ready, exited };
  };

  const retire = async (host: Host): Promise<void> => {
    while (host.pending.size > 0 && host.child.exitCode === null) await new Promise((r) => setTimeout(r, 50));
    if (host.child.connected) host.child.disconnect();
    const killer = setTimeout(() => host.child.kill('SIGKILL'), 2000);
    await host.exited;
    clearTimeout(killer);
  };

  let current = spawnHost();
  await current.ready;

  return {
    get generation() {
      return generation;
    },
    async invoke(event, context) {
      if (closed) throw new Error('the local stack is stopping');
      // A process that died (a crash in the function) is replaced for the next invocation.
      if (current.child.exitCode !== null || current.child.signalCode !== null || !current.child.connected) current = spawnHost();
      const host = current;
      await host.ready;
      const id = nextId++;
      return new Promise((resolve, reject) => {
        host.pending.set(id, { resolve, reject });
        host.child.send({ type: 'invoke', id, event, context } satisfies HostRequest);
      });
    },
    async reload() {
      const old = current;
      current = spawnHost();
      void retire(old);
      await current.ready;
    },
    async close() {
      closed = true;
      await retire(current);
    },
  };
}
