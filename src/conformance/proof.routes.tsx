/**
 * `/privacy/proof`: the promise map as a public page beside the policy. It lists every statement
 * of the manifest in force, and the latest recorded test run of this installation (written by
 * the test reporter or imported with `custodian conformance --results`); without a record every
 * promise is still listed, as not yet run. The record is read on each request: it is small, and
 * an import shows at once without a restart.
 */
import { Hono } from 'hono';
import type { Config } from '../kit/config.ts';
import type { AppEnv } from '../kit/web/env.ts';
import { Layout } from '../kit/web/layout.tsx';
import type { PolicyService } from '../policy/policy.service.ts';
import { conformanceMap } from './conformance-map.ts';
import { ProofArticle } from './proof-article.tsx';
import { emptyProofRecord } from './proof-run.ts';
import { ProofRecordError, readProofRecord } from './proof-store.ts';
import { proofText } from './proof.messages.ts';
import { listStatements } from './statements.ts';

interface Services {
  policy: PolicyService;
  config: Pick<Config, 'proofResults'>;
}

export function proofRoutes(services: Services) {
  const app = new Hono<AppEnv>();
  app.get('/privacy/proof', (c) => {
    const lang = c.get('lang');
    // A damaged record shows as no record: the promises stay listed, none claimed proven.
    let record = emptyProofRecord;
    try {
      record = readProofRecord(services.config.proofResults);
    } catch (e) {
      if (!(e instanceof ProofRecordError)) throw e;
    }
    const map = conformanceMap(listStatements(services.policy.manifest), record);
    return c.html(
      <Layout lang={lang} title={proofText.title[lang]} path="/privacy/proof">
        <ProofArticle map={map} record={record} lang={lang} />
      </Layout>,
    );
  });
  return app;
}
