/** The console's frame inside the site layout: its own navigation, then the page. */
import type { Child } from 'hono/jsx';
import { Layout } from '../../kit/web/layout.tsx';
import { text, type Lang } from '../../kit/web/i18n.ts';
import { holds, type Permission } from '../access/permissions.ts';
import type { StaffSession } from '../staff-sign-in.service.ts';
import { consoleText as ct } from './console.messages.ts';

const links: [string, keyof typeof ct, Permission][] = [
  ['/staff', 'dashboard', 'console'],
  ['/staff/customers', 'customers', 'customer.view'],
  ['/staff/requests', 'requests', 'request.read'],
  ['/staff/objections', 'objections', 'request.read'],
  ['/staff/restrictions', 'restrictionsNav', 'request.read'],
  ['/staff/orders', 'orders', 'order.status'],
  ['/staff/consent', 'consentNav', 'consent.stats'],
  ['/staff/audit', 'audit', 'audit.read'],
  ['/staff/campaigns', 'campaigns', 'campaign.manage'],
  ['/staff/breaches', 'breaches', 'breach.read'],
  ['/staff/retention', 'retentionNav', 'retention.read'],
  ['/staff/authority-requests', 'authorityRequests', 'authority.disclose'],
  ['/staff/team', 'team', 'staff.manage'],
  ['/staff/policy', 'policy', 'policy.publish'],
  ['/staff/tokens', 'tokens', 'console'],
  ['/staff/account/password', 'ownPassword', 'console'],
];

export function ConsolePage(p: {
  lang: Lang;
  title: string;
  path: string;
  staff?: StaffSession | undefined;
  children: Child;
}) {
  const t = (k: keyof typeof ct) => text(ct[k] as Record<Lang, string>, p.lang);
  return (
    <Layout lang={p.lang} title={p.title} path={p.path}>
      {p.staff?.mfa ? (
        <nav aria-label={t('nav')} class="console-nav">
          <ul>
            {links
              .filter(([, , perm]) => holds(p.staff!.roles, perm))
              .map(([href, key]) => (
                <li>
                  <a href={href} aria-current={p.path === href ? 'page' : undefined}>
                    {t(key)}
                  </a>
                </li>
              ))}
          </ul>
          <form method="post" action="/staff/sign-out">
            <button type="submit">{t('signOut')}</button>
          </form>
        </nav>
      ) : null}
      <h1>{p.title}</h1>
      {p.children}
    </Layout>
  );
}
