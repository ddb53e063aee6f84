/**
 * A browser for the sign-in flow against the local OpenID provider (/dev-idp): cookies for one
 * host, and the walk through the provider's login form back to the store's callback.
 */
import { expect } from 'vitest';

/** A browser's cookie handling, reduced to what this flow needs (one host). */
export class Browser {
  readonly cookies = new Map<string, string>();
  constructor(readonly base: string) {}

  async go(url: string, init: RequestInit = {}): Promise<Response> {
    const headers = new Headers(init.headers);
    if (this.cookies.size) {
      headers.set('cookie', [...this.cookies].map(([k, v]) => `${k}=${v}`).join('; '));
    }
    const res = await fetch(new URL(url, this.base), { ...init, headers, redirect: 'manual' });
    for (const line of res.headers.getSetCookie()) {
      const [pair = '', ...attrs] = line.split(';');
      const eq = pair.indexOf('=');
      const name = pair.slice(0, eq).trim();
      const value = pair.slice(eq + 1).trim();
      const gone = attrs.some(
        (a) => /max-age=0\b/i.test(a.trim()) || /expires=thu, 01 jan 1970/i.test(a.trim()),
      );
      if (gone || value === '') this.cookies.delete(name);
      else this.cookies.set(name, value);
    }
    return res;
  }

  post(url: string, body: Record<string, string>): Promise<Response> {
    return this.go(url, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded', origin: this.base },
      body: new URLSearchParams(body).toString(),
    });
  }

  /** Follows the provider's redirects until one leads back to the store's callback. */
  async toCallback(provider: string, login: string): Promise<URL> {
    let res = await this.post(`/account/oidc/${provider}`, {});
    expect(res.status).toBe(303);
    let location = res.headers.get('location')!;
    expect(location).toContain('/dev-idp/auth');
    for (let hops = 0; hops < 10; hops++) {
      const url = new URL(location, this.base);
      if (url.pathname.startsWith('/account/oidc/')) return url;
      res = await this.go(url.href);
      if (res.status === 200) {
        const html = await res.text();
        const action = /<form[^>]*action="([^"]+)"/.exec(html)?.[1];
        expect(action, 'the provider shows its login form').toBeTruthy();
        res = await this.post(action!.replaceAll('&amp;', '&'), {
          prompt: 'login',
          login,
          password: 'any',
        });
      }
      expect([302, 303]).toContain(res.status);
      location = res.headers.get('location')!;
    }
    throw new Error('no redirect back to the store');
  }
}
