// The browser tests and `custodian scan` find Chromium the same way: src/kit/chromium-path.ts.
export * from '../../src/kit/chromium-path.ts';
