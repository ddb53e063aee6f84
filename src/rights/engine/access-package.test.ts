import { deflateRawSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { envelope, openEnvelope, type PackageFiles } from './access-package.ts';

const request = {
  id: '6f1c2a4e-0000-4000-8000-000000000001',
  type: 'access' as const,
  receivedAt: new Date('2026-12-01T10:00:00Z'),
  generatedAt: new Date('2026-12-05T00:30:00Z'),
};
const files: PackageFiles = {
  'data.json': JSON.stringify({ modules: { reviews: { 'user.review': [{ text: 'Pehmeä ✓' }] } } }),
  'csv/reviews.user.review.csv': '\uFEFFtext\r\nPehmeä ✓\r\n',
  'summary.html': `<!doctype html><p>${'Art. 15 '.repeat(2000)}</p>`,
};

describe('the sealed envelope', () => {
  it('gives back every file unchanged, deflated to a fraction of its size', () => {
    const text = envelope(request, files);
    expect(JSON.parse(text)).toMatchObject({ format: 'custodian.access-package/2' });
    expect(text.length).toBeLessThan(JSON.stringify(files).length / 4);
    const opened = openEnvelope(text);
    expect(opened.files).toEqual(files);
    expect(opened.generatedAt).toEqual(request.generatedAt);
  });

  it('opens packages sealed before the files were deflated, and bare exports', () => {
    const v1 = JSON.stringify({
      format: 'custodian.access-package/1',
      type: 'access',
      generatedAt: request.generatedAt.toISOString(),
      files,
    });
    expect(openEnvelope(v1)).toEqual({ generatedAt: request.generatedAt, files });
    const bare = JSON.stringify({ modules: {} });
    expect(openEnvelope(bare)).toEqual({ generatedAt: null, files: { 'data.json': bare } });
  });

  it('refuses a damaged deflate stream rather than opening part of a package', () => {
    const text = JSON.parse(envelope(request, files)) as { deflated: string };
    const cut = deflateRawSync(JSON.stringify(files)).subarray(0, 40).toString('base64');
    expect(() => openEnvelope(JSON.stringify({ ...text, deflated: cut }))).toThrow();
  });
});
