import type { ParsedSeed, SecretSeed } from '../seed';

/** SSM secrets by name, with their versions. */
export class SsmStore {
  readonly secrets: Map<string, SecretSeed>;

  constructor(seed: ParsedSeed) {
    this.secrets = new Map(seed.secrets.map((s) => [s.name, s]));
  }
}
