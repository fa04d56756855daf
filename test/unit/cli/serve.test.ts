import { createServer, type Server } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CommandError } from '../../../lib/tools/cli/args';
import { listenOnPort } from '../../../lib/tools/cli/serve';

/** A real listen on loopback, like every server of the local stack. */
const listen = (port: number) =>
  new Promise<Server>((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(port, '127.0.0.1', () => resolve(server));
  });

describe('listenOnPort', () => {
  let blocker: Server;
  let busy: number;
  beforeAll(async () => {
    blocker = await listen(0);
    busy = (blocker.address() as { port: number }).port;
  });
  afterAll(() => blocker.close());

  it('a busy port given with the option is an error naming the option and the port', async () => {
    await expect(listenOnPort('port', busy, 3000, listen)).rejects.toThrow(
      new CommandError(`--port ${busy}: the port is in use; pass another, or 0 for any free port`),
    );
  });

  it('without the option, a busy default moves to a free port and says from which', async () => {
    const { value, movedFrom } = await listenOnPort('port', undefined, busy, listen);
    expect(movedFrom).toBe(busy);
    expect((value.address() as { port: number }).port).not.toBe(busy);
    value.close();
  });

  it('a free default is used as it is', async () => {
    const probe = await listen(0);
    const free = (probe.address() as { port: number }).port;
    await new Promise((r) => probe.close(r));
    const { value, movedFrom } = await listenOnPort('emulator-port', undefined, free, listen);
    expect(movedFrom).toBeNull();
    expect((value.address() as { port: number }).port).toBe(free);
    value.close();
  });
});
