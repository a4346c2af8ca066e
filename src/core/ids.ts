import { randomBytes } from 'node:crypto';

/** Source of new identifiers; injected so histories replay deterministically. */
export interface IdSource {
  /** A new run id: sortable by creation time, URL-safe. */
  runId(now: number): string;
}

const alphabet = '0123456789abcdefghjkmnpqrstvwxyz';

/** Time-ordered ids (48-bit millisecond prefix + 40 random bits, Crockford base32), e.g. `01jdx3k9m2a7f4qz`. */
export const randomIds: IdSource = {
  runId(now) {
    let time = '';
    let t = Math.floor(now);
    for (let i = 0; i < 10; i++) {
      time = alphabet[t % 32]! + time;
      t = Math.floor(t / 32);
    }
    let rand = '';
    for (const byte of randomBytes(8)) rand += alphabet[byte % 32];
    return time + rand;
  },
};

