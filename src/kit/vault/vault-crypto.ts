/**
 * The vault's cryptography, all from `node:crypto`: AES-256-GCM for fields and for wrapping data
 * keys, HKDF to derive separate keys per purpose, HMAC-SHA256 for blind indexes and key ids.
 * Nothing here touches the database.
 *
 * A sealed field is `v1.<keyId>.<iv>.<ciphertext+tag>` (base64url parts): the key id says which
 * data key opens it, so a field sealed before a shred can never be opened by a newer key.
 */
import {
  createCipheriv,
  createDecipheriv,
  createHmac,
  createSecretKey,
  hkdfSync,
  randomBytes,
  type KeyObject,
} from 'node:crypto';
import { VaultIntegrityError } from './vault-errors.ts';

const IV_BYTES = 12;
const TAG_BYTES = 16;
export const KEY_BYTES = 32;

export interface SealedParts {
  keyId: string;
  iv: Buffer;
  payload: Buffer;
}

export function randomId(bytes = 16): string {
  return randomBytes(bytes).toString('base64url');
}

export function secretKey(raw: Buffer): KeyObject {
  if (raw.length !== KEY_BYTES) throw new RangeError(`a key must be ${KEY_BYTES} bytes`);
  return createSecretKey(raw);
}

/** A stable, non-secret name for a master key, recorded next to every key it wraps. */
export function masterKeyId(masterKey: Buffer): string {
  return `mk_${createHmac('sha256', masterKey).update('custodian master key id').digest('hex').slice(0, 16)}`;
}

export function deriveKey(ikm: Buffer, info: string): Buffer {
  return Buffer.from(hkdfSync('sha256', ikm, Buffer.alloc(0), `custodian/${info}`, KEY_BYTES));
}

function encrypt(key: KeyObject, plaintext: Buffer, aad: Buffer): { iv: Buffer; payload: Buffer } {
  const iv = randomBytes(IV_BYTES);
  const cipher = createCipheriv('aes-256-gcm', key, iv);
  cipher.setAAD(aad);
  const payload = Buffer.concat([cipher.update(plaintext), cipher.final(), cipher.getAuthTag()]);
  return { iv, payload };
}

function decrypt(key: KeyObject, iv: Buffer, payload: Buffer, aad: Buffer): Buffer {
  if (iv.length !== IV_BYTES || payload.length < TAG_BYTES) {
    throw new VaultIntegrityError('The sealed value is malformed.');
  }
  try {
    const decipher = createDecipheriv('aes-256-gcm', key, iv);
    decipher.setAAD(aad);
    decipher.setAuthTag(payload.subarray(payload.length - TAG_BYTES));
    return Buffer.concat([
      decipher.update(payload.subarray(0, payload.length - TAG_BYTES)),
      decipher.final(),
    ]);
  } catch {
    throw new VaultIntegrityError(
      'The sealed value failed its integrity check: it was altered, or belongs to another subject, scope or field.',
    );
  }
}

/**
 * Associated data: binds a ciphertext to its key id, subject, scope and field, so it cannot be
 * moved to another customer, scope or column. `prefix` is `keyId\0subjectId\0scope`.
 */
export function fieldAad(prefix: string, field: string): Buffer {
  return Buffer.from(`custodian-field/v1\0${prefix}\0${field}`);
}

function keyAad(keyId: string, subjectId: string, scope: string): Buffer {
  return Buffer.from(`custodian-data-key/v1\0${keyId}\0${subjectId}\0${scope}`);
}

export function sealField(
  dataKey: KeyObject,
  keyId: string,
  plaintext: string,
  aad: Buffer,
): string {
  const { iv, payload } = encrypt(dataKey, Buffer.from(plaintext, 'utf8'), aad);
  return `v1.${keyId}.${iv.toString('base64url')}.${payload.toString('base64url')}`;
}

export function parseSealed(sealed: string): SealedParts {
  const parts = sealed.split('.');
  if (parts.length !== 4 || parts[0] !== 'v1' || !parts[1] || !parts[2] || !parts[3]) {
    throw new VaultIntegrityError('The value is not a sealed vault field.');
  }
  return {
    keyId: parts[1],
    iv: Buffer.from(parts[2], 'base64url'),
    payload: Buffer.from(parts[3], 'base64url'),
  };
}

export function openField(dataKey: KeyObject, parts: SealedParts, aad: Buffer): string {
  return decrypt(dataKey, parts.iv, parts.payload, aad).toString('utf8');
}

export function wrapDataKey(
  master: KeyObject,
  dataKey: Buffer,
  keyId: string,
  subjectId: string,
  scope: string,
): string {
  const { iv, payload } = encrypt(master, dataKey, keyAad(keyId, subjectId, scope));
  return `${iv.toString('base64url')}.${payload.toString('base64url')}`;
}

export function unwrapDataKey(
  master: KeyObject,
  wrapped: string,
  keyId: string,
  subjectId: string,
  scope: string,
): Buffer {
  const [iv, payload] = wrapped.split('.');
  if (!iv || !payload) throw new VaultIntegrityError('A wrapped data key is malformed.');
  return decrypt(
    master,
    Buffer.from(iv, 'base64url'),
    Buffer.from(payload, 'base64url'),
    keyAad(keyId, subjectId, scope),
  );
}

export function hmac(key: KeyObject, value: string): string {
  return createHmac('sha256', key).update(value, 'utf8').digest('base64url');
}
