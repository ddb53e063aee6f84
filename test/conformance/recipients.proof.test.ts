/**
 * Proof of each recipient's field list, over the app's own disclosure gate and the shipped
 * manifest: offered every field any recipient may get and then some, each disclosure hands over
 * exactly the fields the policy lists for it, and records that it did. A recipient without a
 * field list gets nothing automatically. (The authorities list the most a request may be given;
 * staff pick from that list per request: src/disclosures/authority-requests.)
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestServices, type TestServices } from '../support/services.ts';
import { loadManifest } from '../../src/core/manifest/manifest-loader.ts';
import { proves } from '../support/proves.ts';

const { manifest } = await loadManifest('privacy/hersecret.yaml');

/** Every field name of every recipient, plus data no recipient may ever get. */
const offered = Object.fromEntries(
  [
    ...Object.values(manifest.recipients).flatMap((r) =>
      r.disclosures.flatMap((d) => d.fields ?? []),
    ),
    'identity_code',
    'password_hash',
    'birthday',
    'customer_id',
  ].map((field) => [field, `value of ${field}`]),
);

describe('each recipient receives only the fields the policy lists', () => {
  let services: TestServices;
  let n = 0;
  beforeAll(async () => {
    services = await createTestServices();
    expect(services.policy.manifest.recipients).toEqual(manifest.recipients);
  });
  afterAll(() => services?.close());

  for (const [key, recipient] of Object.entries(manifest.recipients)) {
    const listed = recipient.disclosures.every((d) => d.fields !== undefined);
    if (!listed) {
      it(
        `${key}: nothing without a request assessed by a person`,
        proves(`recipient:${key}`),
        async () => {
          for (const { purpose } of recipient.disclosures) {
            let sent = false;
            await expect(
              services.disclosures.gate.disclose(
                { recipient: key, purpose, subject: `proof-subject-${++n}`, payload: offered },
                async () => {
                  sent = true;
                },
              ),
            ).rejects.toMatchObject({ reason: 'no_field_list' });
            expect(sent).toBe(false);
          }
        },
      );
      continue;
    }
    it(`${key}: exactly its listed fields`, proves(`recipient:${key}:fields`), async () => {
      for (const disclosure of recipient.disclosures) {
        const subject = `proof-subject-${++n}`;
        const got = await services.disclosures.gate.disclose(
          { recipient: key, purpose: disclosure.purpose, subject, payload: offered },
          async ({ fields }) => fields,
        );
        expect(Object.keys(got).sort()).toEqual([...(disclosure.fields ?? [])].sort());
        const [record] = await services.disclosures.ofSubject(subject);
        expect(record).toMatchObject({
          recipient: key,
          purpose: disclosure.purpose,
          status: 'sent',
        });
        expect([...(record?.fields ?? [])].sort()).toEqual([...(disclosure.fields ?? [])].sort());
      }
      // Not for a purpose the policy does not give it.
      const other = Object.keys(manifest.purposes).find(
        (p) => !recipient.disclosures.some((d) => d.purpose === p),
      )!;
      await expect(
        services.disclosures.gate.disclose(
          { recipient: key, purpose: other, subject: `proof-subject-${++n}`, payload: offered },
          async () => 'sent',
        ),
      ).rejects.toMatchObject({ reason: 'undeclared_purpose' });
    });
  }
});
