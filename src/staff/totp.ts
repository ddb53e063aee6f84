/**
 * TOTP (RFC 6238) for the staff second factor: 6 digits, 30-second steps, SHA-1 (what every
 * authenticator app reads from an otpauth:// URI), one step of clock drift either way. A code is
 * accepted once: the caller keeps the last accepted step and passes it back (RFC 6238 §5.2).
 * The enrolment QR code is an SVG data URL, so the page needs no script and the CSP stays strict.
 */
import { Secret, TOTP } from 'otpauth';

const period = 30;

function totp(secretBase32: string, label: string): TOTP {
  return new TOTP({
    issuer: 'Custodian',
    label,
    algorithm: 'SHA1',
    digits: 6,
    period,
    secret: Secret.fromBase32(secretBase32),
  });
}

export function newTotpSecret(): string {
  return new Secret({ size: 20 }).base32;
}

export function totpUri(secretBase32: string, label: string): string {
  return totp(secretBase32, label).toString();
}

export async function totpQrDataUrl(uri: string): Promise<string> {
  // Loaded on first use (a staff member enrolling), not on every start of the server.
  const { default: QRCode } = await import('qrcode');
  const svg = await QRCode.toString(uri, { type: 'svg', errorCorrectionLevel: 'M', margin: 2 });
  return `data:image/svg+xml;base64,${Buffer.from(svg).toString('base64')}`;
}

/** The code for a time (tests and the demo use it in place of an authenticator app). */
export function totpCode(secretBase32: string, at: Date = new Date()): string {
  return totp(secretBase32, 'x').generate({ timestamp: at.getTime() });
}

/**
 * The time step the code belongs to, or undefined when it is wrong or was already used (its step
 * is not after `lastStep`).
 */
export function acceptTotp(
  secretBase32: string,
  code: string,
  at: Date,
  lastStep: number | null,
): number | undefined {
  if (!/^\d{6}$/.test(code)) return undefined;
  const delta = totp(secretBase32, 'x').validate({
    token: code,
    timestamp: at.getTime(),
    window: 1,
  });
  if (delta === null) return undefined;
  const step = Math.floor(at.getTime() / 1000 / period) + delta;
  if (lastStep !== null && step <= lastStep) return undefined;
  return step;
}
