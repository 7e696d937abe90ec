/**
 * KeyProvider: wraps and unwraps data keys with a key-encryption key that
 * never sits beside the data (a master key from config, or Cloud KMS). The
 * repository stores only wrapped keys. Every implementation runs the
 * conformance suite in key-provider.conformance.ts.
 */
export interface KeyProvider {
  /** Identifies the key-encryption key, recorded beside each wrapped key. */
  readonly keyId: string;
  /** Encrypts a data key; `context` (e.g. the shop domain) is bound as AAD. */
  wrap(dataKey: Uint8Array, context: string): Promise<Uint8Array>;
  /** Decrypts a wrapped key; IntegrityError if it or its context was altered. */
  unwrap(wrapped: Uint8Array, context: string): Promise<Uint8Array>;
}
