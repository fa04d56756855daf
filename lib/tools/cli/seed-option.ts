import { DEMO_SEED_PATH, loadSeed, type ParsedSeed, SeedError } from '../emulator/index';
import { CommandError, fileOption } from './args';
import type { CliIo } from './command';

/** The seed of `--seed FILE` (default the demo seed); a missing file or an invalid seed names the option. */
export async function seedOption(io: Pick<CliIo, 'cwd'>, path: string | undefined): Promise<{ seed: ParsedSeed; file: string }> {
  const file = (await fileOption(io, 'seed', path)) ?? DEMO_SEED_PATH;
  try {
    return { seed: await loadSeed(file), file };
  } catch (error) {
    if (error instanceof SeedError) throw new CommandError(`--seed ${path ?? file}: ${error.message}`);
    throw error;
  }
}
