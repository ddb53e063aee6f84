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

  it('says where the mail is when no SMTP server sends it', () => {
    expect(startMessage(loadConfig({}), 'http://127.0.0.1:3000')).toContain(
      '`npx custodian outbox list`',
    );
    expect(
      startMessage(loadConfig({ NODE_ENV: 'development' }), 'http://127.0.0.1:3000'),
    ).toContain('read it at http://127.0.0.1:3000/dev/outbox');
    expect(
      startMessage(loadConfig({ SMTP_URL: 'smtp://mail.example.fi' }), 'http://127.0.0.1:3000'),
    ).not.toContain('outbox');
  });

  it('names the port the system chose when PORT=0', () => {
    const text = startMessage(loadConfig({ PORT: '0' }), 'http://127.0.0.1:41234');
    expect(text).toContain('open http://127.0.0.1:41234\n');
    expect(text).not.toContain('listening on');
  });
});
