/**
 * The rights API's OpenAPI document as other people's tools take it (issue 18): Redocly's
 * `recommended` rules find nothing, not even a warning, and every operation has a unique
 * `operationId` and a tag that the document declares, so generated clients (openapi-generator,
 * orval) get stable method names.
 */
import { createConfig, lintFromString } from '@redocly/openapi-core';
import { describe, expect, it } from 'vitest';
import { openApiDocument } from '../../src/rights/integrations/openapi.ts';

interface Operation {
  operationId?: string;
  tags?: string[];
}

describe('the OpenAPI document', () => {
  const doc = openApiDocument('https://shop.example') as {
    tags: { name: string }[];
    paths: Record<string, Record<string, Operation>>;
  };

  it('passes Redocly’s recommended rules with no error and no warning', async () => {
    const config = await createConfig({ extends: ['recommended'] });
    const problems = await lintFromString({
      source: JSON.stringify(doc),
      absoluteRef: 'openapi.json',
      config,
    });
    expect(
      problems.map(
        (p) => `${p.severity} ${p.ruleId}: ${p.message} ${p.location[0]?.pointer ?? ''}`,
      ),
    ).toEqual([]);
  });

  it('names every operation once, under a declared tag', () => {
    const operations = Object.values(doc.paths).flatMap((p) => Object.values(p));
    expect(operations.length).toBeGreaterThanOrEqual(20);
    const ids = operations.map((o) => o.operationId);
    expect(ids.every((id) => typeof id === 'string' && /^[a-z][A-Za-z]+$/.test(id))).toBe(true);
    expect(new Set(ids).size).toBe(ids.length);
    const declared = new Set(doc.tags.map((t) => t.name));
    for (const o of operations) {
      expect(o.tags?.length, o.operationId).toBeGreaterThan(0);
      for (const t of o.tags ?? []) expect(declared, o.operationId).toContain(t);
    }
  });
});
