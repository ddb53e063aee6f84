/**
 * How long the shop's cookies and storage items live comes from the manifest's `cookies`
 * declaration, not from code: the cookie declaration page and the `Max-Age` the browser gets
 * cannot disagree. A name the manifest does not declare (or declares as `session`) is an error:
 * the shop does not set storage the policy does not tell customers about.
 */
import type { Manifest } from '../core/manifest/manifest.ts';
import { durationSeconds, parseDuration } from '../core/manifest/duration.ts';

export function declaredLifetimeSeconds(cookies: Manifest['cookies'], name: string): number {
  const declared = cookies.find((c) => c.name === name);
  const duration = declared ? parseDuration(declared.lifetime) : undefined;
  if (!duration || duration === 'session') {
    throw new Error(`The privacy manifest declares no lasting lifetime for "${name}".`);
  }
  return durationSeconds(duration);
}
