/** What every console page file shares: the page frame, the acting staff member, form fields. */
import type { Context } from 'hono';
import type { AuditActor } from '../../core/audit-trail.ts';
import { ConsolePage } from './console-page.tsx';
import { signedInStaff, type StaffEnv } from './staff-guard.ts';

/** A console page in the frame, never cached (it may show personal data). */
export function consolePage(
  c: Context<StaffEnv>,
  title: string,
  body: unknown,
  status: 200 | 201 | 400 | 409 = 200,
) {
  c.header('cache-control', 'no-store');
  return c.html(
    <ConsolePage lang={c.get('lang')} title={title} path={c.req.path} staff={c.get('staff')}>
      {body as never}
    </ConsolePage>,
    status,
  );
}

export const staffActor = (c: Context<StaffEnv>): AuditActor => ({
  kind: 'staff',
  id: signedInStaff(c).staffId,
});

/** A form field that may repeat, as one string ('' when missing). */
export const oneField = (v: string | string[] | undefined) => (Array.isArray(v) ? v[0] : v) ?? '';
