import { afterEach, describe, expect, it, vi } from 'vitest';
import { runCli } from '../cli.ts';

describe('custodian scan: bad input', () => {
  afterEach(() => vi.restoreAllMocks());

  it('refuses an address that is not http(s), or an unknown mode or language, with exit 2', async () => {
    const errors: string[] = [];
    vi.spyOn(console, 'error').mockImplementation((line: string) => void errors.push(line));
    vi.spyOn(process.stderr, 'write').mockImplementation(() => true);
    expect(await runCli(['scan', '--url', 'ftp://hersecret.se'])).toBe(2);
    expect(errors.join('\n')).toMatch(/--url must be an http\(s\) address/);
    expect(await runCli(['scan', '--url', 'not a url'])).toBe(2);
    expect(await runCli(['scan', '--mode', 'sometimes'])).toBe(2);
    expect(await runCli(['scan', '--lang', 'de'])).toBe(2);
  });
});
