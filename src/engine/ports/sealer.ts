/**
 * The Sealer port: turns a value into an opaque string only this installation can read back, so
 * secrets and secret-bearing step outputs can be stored and survive recovery without being readable
 * in the store.
 */

/** Encrypts and decrypts JSON-serialisable values. */
export interface Sealer {
  /** The value, JSON-serialised and encrypted. */
  seal(value: unknown): string;
  /** The value back; throws when the text was altered or sealed with another key. */
  unseal(sealed: string): unknown;
}
