import type { ParsedSeed, SecretSeed } from '../seed';

/** A secret: its seed shape, plus what CreateSecret records. */
export interface SecretRecord extends SecretSeed {
  readonly description?: string;
  /** Unix seconds (DescribeSecret.CreateTime); seeded secrets have none. */
  readonly createTime?: number;
  /** The account that created it (DescribeSecret.CreateUin). */
  readonly createUin?: string;
}

/** SSM secrets by name, with their versions. */
export class SsmStore {
  readonly secrets: Map<string, SecretRecord>;

  constructor(seed: ParsedSeed) {
    this.secrets = new Map(seed.secrets.map((s) => [s.name, s]));
  }
}
