import { describe, expect, it } from 'vitest';
import { loadConfig } from '../kit/config.ts';
import { startMessage } from './main.ts';

describe('the start-up message', () => {
  it('says to open PUBLIC_URL, which by default is where the store listens', () => {
    const config = loadConfig({});
    const text = startMessage(config, 'http://127.0.0.1:3000');
    expect(text).toContain('open http://127.0.0.1:3000');
    expect(text).not.toContain('localhost');
  });

  it('names both addresses when a proxy serves PUBLIC_URL', () => {
    const config = loadConfig({ PUBLIC_URL: 'https://hersecret.se' });
    const text = startMessage(config, 'http://127.0.0.1:3000');
    expect(text).toContain('open https://hersecret.se');
    expect(text).toContain('listening on http://127.0.0.1:3000');
  });
});
