/**
 * Vault failures. They are not the client's fault (so not `DomainError`s): a tampered value, a
 * wrong master key or a missing data key is an operational fault the web layer reports as a 500
 * without detail. Messages never contain personal data or key material.
 */
export class VaultError extends Error {
  constructor(message: string) {
    super(message);
    this.name = new.target.name;
  }
}

/** A sealed value or wrapped key was altered, swapped between subjects, or is not vault output. */
export class VaultIntegrityError extends VaultError {}

/** The configured master key does not open the key store (wrong key, or the key was rotated). */
export class VaultMasterKeyError extends VaultError {}
