/**
 * The child process `npm start` runs the function in (see function-process.ts): one SCF container.
 * It builds the handler from the environment the parent sends, answers `invoke` messages with the
 * handler's value (or its error's message) and sends every log line up. A reload is a new process,
 * as a new deployment is new containers on SCF.
 */
import { createDeps } from '../../function/deps';
import { createHandler } from '../../function/handler';
import { createLogger } from '../../function/kernel/logger';

export type HostRequest = { type: 'init'; env: Record<string, string> } | { type: 'invoke'; id: number; event: unknown; context: Record<string, unknown> };

export type HostReply =
  | { type: 'ready' }
  | { type: 'log'; line: string }
  | { type: 'result'; id: number; ok: true; value: unknown }
  | { type: 'result'; id: number; ok: false; message: string };

const send = (reply: HostReply): void => {
  process.send?.(reply);
};

let handler: ReturnType<typeof createHandler> | null = null;

process.on('message', (message: HostRequest) => {
  if (message.type === 'init') {
    handler = createHandler(createDeps(message.env, { log: createLogger((line) => send({ type: 'log', line })) }));
    send({ type: 'ready' });
    return;
  }
  const run = handler;
  if (run === null) {
    send({ type: 'result', id: message.id, ok: false, message: 'the function is not initialised' });
    return;
  }
  run(message.event, message.context).then(
    (value) => send({ type: 'result', id: message.id, ok: true, value }),
    (error: unknown) => send({ type: 'result', id: message.id, ok: false, message: error instanceof Error ? error.message : String(error) }),
  );
});

// The parent went away (stopped, or crashed): so does the container.
process.on('disconnect', () => process.exit(0));
