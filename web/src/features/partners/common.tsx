/** Pieces shared by the partner, agreement and needs pages: API types, labels, small components. */
import type { ReactNode } from 'react';
import { NavLink } from 'react-router';
import { useTranslation } from 'react-i18next';
import type { z } from 'zod';
import type { Role } from '../../../../common/roles.ts';
import type { partnerDetailSchema, partnerSummarySchema } from '../../../../server/partners/schema.ts';
import type { portalStudentSchema, portalStudentsSchema, portalSummarySchema } from '../../../../server/partners/portal-schema.ts';
import { useMe } from '../../app/session.tsx';
import { languageName } from '../home-visits/common.tsx';

export { languageName };

export { NEED_CATEGORIES, SECTORS, SERVICE_STATUSES, AGREEMENT_STATUSES, COMMITMENT_KINDS, DATA_CATEGORIES, DOCUMENT_TYPES, FERPA_ROUTES, PRINCIPLES, NEED_PRIORITIES, NEED_STATUSES } from '../../../../server/partners/vocab.ts';

export type PartnerSummary = z.output<typeof partnerSummarySchema>;
export type PartnerDetail = z.output<typeof partnerDetailSchema>;
export type Service = PartnerDetail['services'][number];
export type Contact = PartnerDetail['contacts'][number];
export type Location = PartnerDetail['locations'][number];
export type Portal = z.output<typeof portalSummarySchema>;
export type PortalStudents = z.output<typeof portalStudentsSchema>;
export type PortalStudent = z.output<typeof portalStudentSchema>;
export interface SchoolOption {
  id: number;
  code: string;
  name: string;
}

export const DISTRICT_STAFF: readonly Role[] = ['district_admin', 'data_manager'];
export const PARTNER_CREATORS: readonly Role[] = ['district_admin', 'data_manager', 'school_staff'];
export const AGREEMENT_READERS: readonly Role[] = ['district_admin', 'data_manager', 'school_staff', 'partner_staff', 'union_rep', 'viewer'];
export const AGREEMENT_EDITORS: readonly Role[] = ['district_admin', 'data_manager', 'school_staff'];
export const CONSENT_KEEPERS: readonly Role[] = ['district_admin', 'data_manager', 'school_staff'];

/** Languages offered in filters and forms (any ISO 639 code can be typed where a list is edited). */
export const COMMON_LANGUAGES = ['en', 'es', 'vi', 'zh', 'tl', 'ko', 'ar', 'ru', 'hmn', 'so', 'pt', 'fr'];


export function languageList(codes: readonly (string | null)[], locale: string): string {
  return codes.filter(Boolean).map((c) => languageName(c, locale)).join(', ') || '—';
}

export function formatMoney(n: number, locale: string): string {
  return new Intl.NumberFormat(locale, { style: 'currency', currency: 'USD', maximumFractionDigits: 0 }).format(n);
}

export function formatNumber(n: number, locale: string): string {
  return new Intl.NumberFormat(locale, { maximumFractionDigits: 1 }).format(n);
}

/** An amount in its unit: dollars for money and in-kind gifts, hours otherwise. */
export function useAmount() {
  const { t, i18n } = useTranslation('agreements');
  return (amount: number | null, unit: 'usd' | 'hours') => (amount === null ? '—' : unit === 'usd' ? formatMoney(amount, i18n.language) : t('hours', { count: amount, n: formatNumber(amount, i18n.language) }));
}

export function StatusBadge({ status }: { status: string }) {
  const { t } = useTranslation('agreements');
  const kind = status === 'active' ? 'badge-ok' : status === 'renewal_due' ? 'badge-warn' : status === 'ended' ? 'badge-muted' : 'badge-info';
  return <span className={`badge ${kind}`}>{t(`status.${status}`)}</span>;
}

export function Chips({ items, label }: { items: ReactNode[]; label?: string }) {
  if (items.length === 0) return null;
  return (
    <ul className="chips" aria-label={label}>
      {items.map((x, i) => (
        <li key={i}>{x}</li>
      ))}
    </ul>
  );
}

/** The partners area's own links: the directory, and for partner staff their organisation's page. */
export function PartnersNav() {
  const { t } = useTranslation('partners');
  const me = useMe();
  const links = [
    ...(me.role === 'partner_staff' ? [{ to: '/partner-portal', label: t('portal.navLabel') }] : []),
    { to: '/partners', label: t('navLabel') },
    ...(me.role !== 'partner_staff' ? [{ to: '/needs/matching', label: t('matchingLink') }] : []),
  ];
  return (
    <nav aria-label={t('areaNav')} className="pill-nav">
      <ul>
        {links.map((l) => (
          <li key={l.to}>
            <NavLink to={l.to} end>
              {l.label}
            </NavLink>
          </li>
        ))}
      </ul>
    </nav>
  );
}

/** A section of a page with a heading, and actions beside it. */
export function Section({ id, title, actions, children }: { id: string; title: string; actions?: ReactNode; children: ReactNode }) {
  return (
    <section className="card" aria-labelledby={id}>
      <div className="section-head">
        <h2 id={id}>{title}</h2>
        {actions ? <div className="section-actions">{actions}</div> : null}
      </div>
      {children}
    </section>
  );
}

export const uniq = <T,>(xs: T[]) => [...new Set(xs)];
