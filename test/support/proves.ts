/**
 * Declares which statements of the privacy policy a test proves, by their ids from
 * src/conformance/statements.ts. The ids go on the test's `meta`, where the conformance reporter
 * (test/support/conformance-reporter.ts) reads them after the run; a whole-suite run fails when a
 * statement has no passing test declaring it. Tag only a test that asserts the promise itself.
 *
 * @example
 *   it('ends orders after three years', proves('retention:consumer_trade'), async () => { … });
 *   describe('the audit log', proves('security:audit_log'), () => { … }); // every test in it
 */
import type { TestOptions } from 'vitest';

declare module 'vitest' {
  interface TaskMeta {
    /** Statement ids this test (or every test of this suite) proves. */
    proves?: string[];
  }
}

export function proves(...ids: string[]): TestOptions {
  return { meta: { proves: ids } };
}
