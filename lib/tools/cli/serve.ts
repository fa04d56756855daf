/** What the long-running commands (start, emulator) share: ports and stopping on a signal. */
import { CommandError } from './args';

const inUse = (error: unknown): boolean => (error as NodeJS.ErrnoException).code === 'EADDRINUSE';

/**
 * Listens with `listen(port)`. A port the user gave (`requested`) must be free: a busy one is an
 * error naming the option. Without the option the default is tried, then any free port
 * (`movedFrom` says so).
 */
export async function listenOnPort<T>(
  option: string,
  requested: number | undefined,
  fallback: number,
  listen: (port: number) => Promise<T>,
): Promise<{ value: T; movedFrom: number | null }> {
  try {
    return { value: await listen(requested ?? fallback), movedFrom: null };
  } catch (error) {
    if (!inUse(error)) throw error;
    if (requested !== undefined) throw new CommandError(`--${option} ${requested}: the port is in use; pass another, or 0 for any free port`);
    return { value: await listen(0), movedFrom: fallback };
  }
}

/** Resolves on the first SIGINT or SIGTERM; a second one while stopping ends the process at once. */
export function untilSignal(): Promise<NodeJS.Signals> {
  return new Promise((resolve) => {
    const first = (signal: NodeJS.Signals): void => {
      process.off('SIGINT', first);
      process.off('SIGTERM', first);
      const again = (): void => {
        process.stderr.write('stopping now\n');
        process.exit(1);
      };
      process.once('SIGINT', again);
      process.once('SIGTERM', again);
      resolve(signal);
    };
    process.on('SIGINT', first);
    process.on('SIGTERM', first);
  });
}
