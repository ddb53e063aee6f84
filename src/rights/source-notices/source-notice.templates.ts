/**
 * The Art. 14 notice as a mail: the subject and body are rendered from the manifest
 * (source-notice-content.ts) in the person's language, so the template only frames them.
 * src/notify/templates.ts includes it.
 */
import type { Lang } from '../../kit/web/i18n.ts';

export type SourceNoticeTemplateKey = 'source_notice';

export interface SourceNoticeMailVars {
  noticeSubject?: string;
  notice?: string;
}

type Render = (v: SourceNoticeMailVars) => { subject: string; text: string };

const frame: Record<Lang, Render> = {
  en: (v) => ({
    subject: v.noticeSubject ?? 'What we received about you from others',
    text: `${v.notice ?? ''}\n\nHerSecret`,
  }),
  fi: (v) => ({
    subject: v.noticeSubject ?? 'Mitä tietoja saimme sinusta muilta',
    text: `${v.notice ?? ''}\n\nHerSecret`,
  }),
  sv: (v) => ({
    subject: v.noticeSubject ?? 'Vilka uppgifter vi fick om dig från andra',
    text: `${v.notice ?? ''}\n\nHerSecret`,
  }),
};

export const sourceNoticeTemplates: Record<SourceNoticeTemplateKey, Record<Lang, Render>> = {
  source_notice: frame,
};
