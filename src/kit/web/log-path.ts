/**
 * The path as the request log records it: emailed links carry their secret in the path
 * (`/privacy-center/verify/<secret>`), and a secret in a log works like the link itself. A path
 * segment shaped like a 256-bit base64url secret (43 characters, with a capital letter or an
 * underscore, which slugs and ids never have) is replaced by `:secret`.
 *
 * @example
 *   loggedPath('/privacy-center/verify/q3X…43 chars'); // '/privacy-center/verify/:secret'
 */
const SECRET_SEGMENT = /(?<=\/)(?=[A-Za-z0-9_-]*[A-Z_])[A-Za-z0-9_-]{43}(?=\/|$)/g;

export function loggedPath(path: string): string {
  return path.replace(SECRET_SEGMENT, ':secret');
}
