import { describe, expect, it } from 'vitest';
import { loadConfig, localOrigin } from './config.ts';

describe('PUBLIC_URL', () => {
  it('defaults to the address the store listens on, so sign-in cookies and redirects agree', () => {
    // HOST defaults to 127.0.0.1: a PUBLIC_URL of localhost sent the demo sign-in elsewhere.
    expect(loadConfig({}).publicUrl).toBe('http://127.0.0.1:3000');
    expect(loadConfig({ PORT: '8080', HOST: '127.0.0.1' }).publicUrl).toBe('http://127.0.0.1:8080');
    expect(loadConfig({ HOST: '::1' }).publicUrl).toBe('http://[::1]:3000');
    expect(loadConfig({ HOST: '0.0.0.0' }).publicUrl).toBe('http://localhost:3000');
  });

  it('is what PUBLIC_URL says when it is set', () => {
    expect(loadConfig({ PUBLIC_URL: 'https://hersecret.se' }).publicUrl).toBe(
      'https://hersecret.se',
    );
  });

  it('writes an address a browser can open', () => {
    expect(localOrigin('::', 3000)).toBe('http://localhost:3000');
    expect(localOrigin('shop.local', 80)).toBe('http://shop.local:80');
  });
});
