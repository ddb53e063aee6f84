/**
 * The vault's cryptography, all from `node:crypto`: AES-256-GCM for fields and for wrapping data
 * keys, HKDF to derive separate keys per purpose, HMAC-SHA256 for blind indexes and key ids.
 * Nothing here touches the database.
 *
 * A sealed field is `v1.<keyId>.<iv>.<ciphertext+tag>` (base64url parts): the key id says which
 * data key opens it, so a field sealed before a shred can never be opened by a newer key. A sealed
 * record is `v2.<keyId>.<iv>.<ciphertext+tag>`: the same, over several named fields at once (one
 * AEAD per record instead of one per field, see docs/vault.md).
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
/**
 * The tag length stated up front: a shorter tag is refused by `setAuthTag` itself (not only by our
 * length check), and the decipher skips the tag-length bookkeeping it does otherwise (measured:
 * about a tenth of an open, docs/vault.md).
 */
const GCM_OPTIONS = { authTagLength: TAG_BYTES } as const;

export interface SealedParts {
  keyId: string;
  iv: Buffer;
  payload: Buffer;
}

/**
 * Random bytes are taken from a pool filled by one `randomBytes` call per 4 KiB: each call costs
 * about as much as an AES-GCM operation, and a create needs a dozen (IVs, data keys, ids). Every
 * slice is handed out once and a spent pool is replaced by a new buffer, never refilled in place,
 * so each IV is still 96 fresh bits from the CSPRNG (the random-IV construction's bound holds
 * unchanged) and a slice already handed out never changes under its holder.
 */
const POOL_BYTES = 4096;
let pool = randomBytes(POOL_BYTES);
let poolOffset = 0;

export function poolBytes(n: number): Buffer {
  if (n > POOL_BYTES) return randomBytes(n);
  if (poolOffset + n > POOL_BYTES) {
    pool = randomBytes(POOL_BYTES);
    poolOffset = 0;
  }
  const bytes = pool.subarray(poolOffset, poolOffset + n);
  poolOffset += n;
  return bytes;
}

export function randomId(bytes = 16): string {
  return poolBytes(bytes).toString('base64url');
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
  const iv = poolBytes(IV_BYTES);
  const cipher = createCipheriv('aes-256-gcm', key, iv, GCM_OPTIONS);
  cipher.setAAD(aad);
  const body = cipher.update(plaintext);
  // GCM is a stream mode: final() emits nothing, it only computes the tag.
  cipher.final();
  const payload = Buffer.concat([body, cipher.getAuthTag()], body.length + TAG_BYTES);
  return { iv, payload };
}

function decrypt(key: KeyObject, iv: Buffer, payload: Buffer, aad: Buffer): Buffer {
  if (iv.length !== IV_BYTES || payload.length < TAG_BYTES) {
    throw new VaultIntegrityError('The sealed value is malformed.');
  }
  try {
    const decipher = createDecipheriv('aes-256-gcm', key, iv, GCM_OPTIONS);
    decipher.setAAD(aad);
    decipher.setAuthTag(payload.subarray(payload.length - TAG_BYTES));
    const plaintext = decipher.update(payload.subarray(0, payload.length - TAG_BYTES));
    // Checks the tag (GCM's final() emits no bytes): nothing is returned unless it matches.
    decipher.final();
    return plaintext;
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

/** Associated data of a sealed record: as {@link fieldAad}, with the record's name. */
export function recordAad(prefix: string, record: string): Buffer {
  return Buffer.from(`custodian-record/v2\0${prefix}\0${record}`);
}

export function parseSealed(sealed: string, version: 'v1' | 'v2' = 'v1'): SealedParts {
  // indexOf, not split: this runs once per field read, and split allocates an array of copies.
  const a = sealed.indexOf('.');
  const b = a === 2 ? sealed.indexOf('.', 3) : -1;
  const c = b > 3 ? sealed.indexOf('.', b + 1) : -1;
  if (
    !sealed.startsWith(version) ||
    c <= b + 1 ||
    c === sealed.length - 1 ||
    sealed.includes('.', c + 1)
  ) {
    throw new VaultIntegrityError(
      version === 'v1'
        ? 'The value is not a sealed vault field.'
        : 'The value is not a sealed vault record.',
    );
  }
  // IV and payload are decoded apart, each straight from its slice: joining the two slices
  // into one string first (one decode) cost more than the second decode saves once the read
  // runs right after a database round trip, with cold caches (docs/vault.md, Speed). A wrong
  // IV length (not our output) is refused by decrypt's length check.
  return {
    keyId: sealed.slice(3, b),
    iv: Buffer.from(sealed.slice(b + 1, c), 'base64url'),
    payload: Buffer.from(sealed.slice(c + 1), 'base64url'),
  };
}

const NULL_LENGTH = 0xffff_ffff;

/**
 * A record's plaintext, length-prefixed rather than JSON (a value may hold any character, and
 * this is the hot path): per field a 1-byte name length, the name, a 4-byte value length
 * (0xffffffff for null) and the value, all UTF-8. Field names are in the plaintext, not the
 * associated data, so a record sealed before a field was added still opens.
 */
export function sealRecordFields(
  dataKey: KeyObject,
  keyId: string,
  values: [string, string | null][],
  aad: Buffer,
): string {
  let size = 0;
  for (const [name, value] of values) {
    size += 5 + Buffer.byteLength(name) + (value === null ? 0 : Buffer.byteLength(value));
  }
  const plaintext = Buffer.allocUnsafe(size);
  let at = 0;
  for (const [name, value] of values) {
    const nameLength = plaintext.write(name, at + 1);
    plaintext[at] = nameLength;
    at += 1 + nameLength;
    if (value === null) {
      plaintext.writeUInt32BE(NULL_LENGTH, at);
      at += 4;
    } else {
      const valueLength = plaintext.write(value, at + 4);
      plaintext.writeUInt32BE(valueLength, at);
      at += 4 + valueLength;
    }
  }
  const { iv, payload } = encrypt(dataKey, plaintext, aad);
  return `v2.${keyId}.${iv.toString('base64url')}.${payload.toString('base64url')}`;
}

export function openRecordFields(
  dataKey: KeyObject,
  parts: SealedParts,
  aad: Buffer,
): Map<string, string | null> {
  const plaintext = decrypt(dataKey, parts.iv, parts.payload, aad);
  const fields = new Map<string, string | null>();
  let at = 0;
  // The tag matched, so the bytes are ours; the bounds checks guard against our own bugs only.
  while (at < plaintext.length) {
    const nameEnd = at + 1 + plaintext[at]!;
    if (nameEnd + 4 > plaintext.length)
      throw new VaultIntegrityError('A sealed record is malformed.');
    const name = plaintext.toString('utf8', at + 1, nameEnd);
    const length = plaintext.readUInt32BE(nameEnd);
    at = nameEnd + 4;
    if (length === NULL_LENGTH) {
      fields.set(name, null);
      continue;
    }
    if (at + length > plaintext.length)
      throw new VaultIntegrityError('A sealed record is malformed.');
    fields.set(name, plaintext.toString('utf8', at, at + length));
    at += length;
  }
  return fields;
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
