// How construct ids are spelled in every layer. Not exported from the package.
import { createHash } from 'crypto';

export class Naming {
  /** `rsa2048-g1` -> `Rsa2048G1`, `eu-central-2` -> `EuCentral2`. */
  public static pascal(text: string): string {
    return text.split(/[^a-zA-Z0-9]+/).filter(Boolean).map((w) => w[0].toUpperCase() + w.slice(1)).join('');
  }

  /** The first 8 hex digits of the SHA-256 of `text`, upper case: a stable id suffix for values that do not fit an id. */
  public static shortHash(text: string): string {
    return createHash('sha256').update(text).digest('hex').slice(0, 8).toUpperCase();
  }

  private constructor() {}
}
