/**
 * Objections (Art. 21) in the console: the ones on other grounds that wait for a decision, one
 * objection with its purposes and decision, and the decision itself, upheld or overruled, with
 * reasons the person is sent. The decision, the request's step and the audit entry commit
 * together (ObjectionService.decide); the reasons are sealed in the vault and in the audit log.
 */
import { Hono, type Context } from 'hono';
import { z } from 'zod';
import { NotFoundError, ValidationError } from '../../kit/errors.ts';
import { text, type Lang } from '../../kit/web/i18n.ts';
import { readFormWithLists } from '../../kit/web/request-body.ts';
import type { PolicyService } from '../../policy/policy.service.ts';
import type { RightsServices } from '../../rights/create-rights.ts';
import type { ProcessingServices } from '../../rights/restriction/processing-services.ts';
import type { AuditService } from '../../audit/audit.service.ts';
import { holds } from '../access/permissions.ts';
import { caseworkText as cw } from './casework.messages.ts';
import { consolePage, oneField, staffActor } from './console-render.tsx';
import { consoleText as ct } from './console.messages.ts';
import { signedInStaff, staffRoute, type StaffEnv } from './staff-guard.ts';

interface Services {
  processing: ProcessingServices;
  rights: RightsServices;
  audit: AuditService;
  policy: PolicyService;
}

const say = (lang: Lang) => (k: keyof typeof cw) => text(cw[k], lang);
const uuid = z.uuid();
const decisionForm = z.object({
  decision: z.enum(['upheld', 'overruled'], { error: 'Choose upheld or overruled.' }),
  reasons: z
    .string()
    .trim()
    .min(1, 'Reasons are required (they are sent to the person).')
    .max(4000, 'Reasons are at most 4000 characters.'),
});

function objectionId(c: Context): string {
  const id = c.req.param('id') ?? '';
  if (!uuid.safeParse(id).success) throw new NotFoundError('The objection');
  return id;
}

export function objectionRoutes(services: Services) {
  const app = new Hono<StaffEnv>();
  const { objections } = services.processing;
  const purposeNames = (purposes: string[], lang: Lang) =>
    purposes
      .map((p) => {
        const label = services.policy.manifest.purposes[p]?.label;
        return label ? text(label, lang) : p;
      })
      .join(', ');

  staffRoute(app, 'GET', '/staff/objections', async (c) => {
    const lang = c.get('lang');
    const t = say(lang);
    const rows = await objections.awaiting();
    return consolePage(
      c,
      t('objectionsAwaiting'),
      rows.length === 0 ? (
        <p>{text(ct.none, lang)}</p>
      ) : (
        <table class="objections">
          <thead>
            <tr>
              <th scope="col">{t('purposes')}</th>
              <th scope="col">{text(ct.status, lang)}</th>
              <th scope="col">{text(ct.due, lang)}</th>
              <th scope="col">{text(ct.open, lang)}</th>
            </tr>
          </thead>
          <tbody>
            {rows.map((r) => (
              <tr data-objection={r.requestId}>
                <td>{purposeNames(r.purposes, lang)}</td>
                <td>{r.status}</td>
                <td>{r.dueAt.slice(0, 10)}</td>
                <td>
                  <a href={`/staff/objections/${r.requestId}`}>{text(ct.open, lang)}</a>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      ),
    );
  });

  staffRoute(app, 'GET', '/staff/objections/:id', async (c) => {
    const lang = c.get('lang');
    const t = say(lang);
    const id = objectionId(c);
    const [view, request] = await Promise.all([
      objections.view(id),
      services.rights.requests.get(id),
    ]);
    const awaiting = view.scope === 'other' && view.decision === null;
    const mayDecide = holds(signedInStaff(c).roles, 'objection.decide');
    return consolePage(
      c,
      t('objection'),
      <>
        <dl>
          <dt>{t('request')}</dt>
          <dd>
            <a href={`/staff/requests/${id}`} data-status={request.status}>
              {request.status}
            </a>
          </dd>
          <dt>{text(ct.due, lang)}</dt>
          <dd>{request.dueAt.slice(0, 10)}</dd>
          <dt>{text(ct.type, lang)}</dt>
          <dd>{view.scope === 'other' ? t('scopeOther') : t('scopeMarketing')}</dd>
          <dt>{t('purposes')}</dt>
          <dd>{purposeNames(view.purposes, lang) || '–'}</dd>
          <dt>{t('decision')}</dt>
          <dd data-decision={view.decision ?? 'none'}>
            {view.decision ? t(view.decision) : t('undecided')}
          </dd>
          {view.decidedAt ? (
            <>
              <dt>{t('decidedAt')}</dt>
              <dd>{view.decidedAt.slice(0, 10)}</dd>
              <dt>{t('answeredAt')}</dt>
              <dd>{view.answeredAt?.slice(0, 10) ?? t('notYet')}</dd>
            </>
          ) : null}
        </dl>
        {awaiting && mayDecide && request.status === 'received' ? (
          <p role="note">{t('verifyFirst')}</p>
        ) : null}
        {awaiting && mayDecide && request.status === 'verified' ? (
          <form method="post" action={`/staff/objections/${id}/decide`}>
            <fieldset>
              <legend>{t('decision')}</legend>
              <p>
                <input type="radio" id="d-upheld" name="decision" value="upheld" required />
                <label for="d-upheld">{t('upheld')}</label>
              </p>
              <p>
                <input type="radio" id="d-overruled" name="decision" value="overruled" />
                <label for="d-overruled">{t('overruled')}</label>
              </p>
            </fieldset>
            <p>
              <label for="d-reasons">{t('decisionReasons')}</label>
              <textarea id="d-reasons" name="reasons" required maxlength={4000} />
            </p>
            <button type="submit">{t('decide')}</button>
          </form>
        ) : null}
      </>,
    );
  });

  staffRoute(app, 'POST', '/staff/objections/:id/decide', async (c) => {
    const id = objectionId(c);
    const f = await readFormWithLists(c);
    const parsed = decisionForm.safeParse({
      decision: oneField(f.decision),
      reasons: oneField(f.reasons),
    });
    if (!parsed.success)
      throw new ValidationError(parsed.error.issues[0]?.message ?? 'Check the decision.');
    const { decision, reasons } = parsed.data;
    await objections.decide(id, { upheld: decision === 'upheld', reasons }, (trx) =>
      services.audit.record(
        {
          actor: staffActor(c),
          action: 'objection.decide',
          outcome: 'ok',
          reason: reasons,
          detail: { requestId: id, decision },
        },
        trx,
      ),
    );
    return c.redirect(`/staff/objections/${id}`, 303);
  });
  return app;
}
