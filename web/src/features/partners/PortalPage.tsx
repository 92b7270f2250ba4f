/**
 * A partner organisation's own page: its agreements and commitments, the schools it serves, the
 * results for those schools (aggregates, small groups suppressed), its data-sharing terms, and —
 * only under terms in force — the students they name. Opening that list is a disclosure, recorded
 * for each student, so it is opened on purpose.
 */
import { useState } from 'react';
import { Link } from 'react-router';
import { useTranslation } from 'react-i18next';
import { api } from '../../app/api.ts';
import { useMe } from '../../app/session.tsx';
import { Page } from '../../ui/Page.tsx';
import { Loading } from '../../ui/Loading.tsx';
import { Alert, ErrorAlert } from '../../ui/Alert.tsx';
import { DataTable } from '../../ui/DataTable.tsx';
import { formatDate } from '../../ui/format.ts';
import { useApi } from '../../ui/useApi.ts';
import { PartnersNav, Section, StatusBadge, useAmount, type Portal, type PortalStudents } from './common.tsx';

function Students() {
  const { t } = useTranslation('partners');
  const [data, setData] = useState<PortalStudents | null>(null);
  const [error, setError] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);
  async function open() {
    setBusy(true);
    setError(null);
    try {
      setData(await api.get<PortalStudents>('partner-portal/students'));
    } catch (err) {
      setError(err);
    } finally {
      setBusy(false);
    }
  }
  return (
    <div className="stack">
      <p>{t('portal.studentsNote')}</p>
      {error ? <ErrorAlert error={error} /> : null}
      {!data ? (
        <button type="button" onClick={open} disabled={busy}>
          {busy ? t('common:loading') : t('portal.showStudents')}
        </button>
      ) : (
        <DataTable
          caption={t('portal.studentsCaption', { count: data.students.length })}
          rows={data.students}
          rowKey={(s) => s.id}
          empty={t('portal.noStudents')}
          columns={[
            { key: 'name', header: t('portal.student'), render: (s) => <Link to={`/partner-portal/students/${s.id}`}>{s.name}</Link>, value: (s) => s.name },
            { key: 'school', header: t('school'), render: (s) => s.school ?? '—' },
            { key: 'grade', header: t('portal.grade'), render: (s) => s.grade ?? '—' },
            { key: 'agreement', header: t('portal.under'), render: (s) => s.agreementTitle ?? '—' },
            { key: 'route', header: t('portal.route'), render: (s) => (s.ferpaRoute ? t(`agreements:ferpa.${s.ferpaRoute}`) : '—') },
          ]}
        />
      )}
    </div>
  );
}

export function PortalPage() {
  const { t, i18n } = useTranslation('partners');
  const me = useMe();
  const amount = useAmount();
  const { data, error, loading } = useApi<Portal>('partner-portal');
  if (loading && !data) return <Loading />;
  if (!data) return <Page title={t('portal.title')}>{error ? <ErrorAlert error={error} /> : null}</Page>;
  const schoolName = new Map(data.schools.map((s) => [s.code, s.name]));
  const pct = (r: number | null) => (r === null ? '—' : new Intl.NumberFormat(i18n.language, { style: 'percent', maximumFractionDigits: 1 }).format(r));
  const inForce = data.dataSharing.filter((d) => d.inForce);
  return (
    <Page title={data.partner.name} subtitle={t('portal.subtitle', { name: me.displayName })} actions={<Link className="button" to={`/partners/${data.partner.id}`}>{t('portal.ourEntry')}</Link>}>
      <PartnersNav />
      <Section id="portal-agreements" title={t('portal.agreements')}>
        <DataTable
          caption={t('portal.agreementsCaption')}
          rows={data.agreements}
          rowKey={(a) => a.id}
          empty={t('noAgreements')}
          columns={[
            { key: 'title', header: t('agreementTitle'), render: (a) => <Link to={`/agreements/${a.id}`}>{a.title}</Link>, value: (a) => a.title },
            { key: 'status', header: t('statusLabel'), render: (a) => <StatusBadge status={a.status} />, value: (a) => a.status },
            { key: 'term', header: t('term'), render: (a) => `${formatDate(a.startDate)} – ${formatDate(a.endDate)}` },
            { key: 'reminder', header: t('portal.renewal'), render: (a) => (a.reminder ? t('portal.daysLeft', { count: a.reminder.daysLeft }) : '—') },
          ]}
        />
      </Section>
      <Section id="portal-commitments" title={t('portal.commitments')}>
        <DataTable
          caption={t('portal.commitmentsCaption')}
          rows={data.commitments}
          rowKey={(c) => c.id}
          empty={t('portal.noCommitments')}
          csvName="commitments"
          columns={[
            { key: 'agreement', header: t('agreementTitle'), render: (c) => c.agreementTitle },
            { key: 'kind', header: t('portal.kind'), render: (c) => t(`agreements:kinds.${c.kind}`), value: (c) => c.kind },
            { key: 'description', header: t('portal.what'), render: (c) => c.description || '—' },
            { key: 'amount', header: t('portal.committed'), numeric: true, render: (c) => amount(c.amount, c.unit), value: (c) => c.amount },
            { key: 'delivered', header: t('portal.delivered'), numeric: true, render: (c) => amount(c.delivered, c.unit), value: (c) => c.delivered },
          ]}
        />
      </Section>
      <Section id="portal-schools" title={t('portal.schools')}>
        {data.schools.length ? (
          <p>
            {t('portal.dashboards')}{' '}
            {data.schools.map((s, i) => (
              <span key={s.id}>
                {i ? ', ' : ''}
                <Link to={`/dashboard/schools/${s.id}`}>{s.name}</Link>
              </span>
            ))}
          </p>
        ) : (
          <p>{t('noSchools')}</p>
        )}
        <DataTable
          caption={t('portal.resultsCaption', { year: data.results.year ?? '—', date: formatDate(data.results.asOf) })}
          rows={data.results.rows}
          rowKey={(r) => `${r.measure}:${r.schoolCode}`}
          empty={t('portal.noResults')}
          csvName="school-results"
          columns={[
            { key: 'school', header: t('school'), render: (r) => schoolName.get(r.schoolCode) ?? r.schoolCode, value: (r) => schoolName.get(r.schoolCode) ?? r.schoolCode },
            { key: 'measure', header: t('portal.measure'), render: (r) => t(`portal.measures.${r.measure}`), value: (r) => r.measure },
            { key: 'rate', header: t('portal.rate'), numeric: true, render: (r) => (r.suppressed ? <span title={t('portal.suppressed')}>{t('portal.suppressedShort')}</span> : pct(r.rate)), value: (r) => (r.suppressed ? '' : r.rate) },
            { key: 'n', header: t('portal.students'), numeric: true, render: (r) => (r.suppressed ? t('portal.suppressedShort') : r.denominator ?? '—'), value: (r) => (r.suppressed ? '' : r.denominator) },
          ]}
        />
        {data.results.rows.some((r) => r.suppressed) ? <p className="muted">{t('portal.suppressedNote')}</p> : null}
      </Section>
      <Section id="portal-sharing" title={t('portal.dataSharing')}>
        {data.dataSharing.length === 0 ? <p>{t('portal.noTerms')}</p> : null}
        <ul className="plain-list">
          {data.dataSharing.map((d) => (
            <li key={d.id}>
              <p>
                <Link to={`/agreements/${d.agreementId}/data-sharing/${d.id}`}>{d.agreementTitle}</Link> · {t(`agreements:ferpa.${d.ferpaRoute}`)}{' '}
                {d.inForce ? <span className="badge badge-ok">{t('portal.inForce')}</span> : <span className="badge badge-muted">{t('portal.notInForce')}</span>}
              </p>
              <p className="muted">
                {d.dataCategories.map((c) => t(`agreements:dataCategories.${c}`)).join(', ')} · {t('portal.destroyBy', { date: formatDate(d.destructionDate) })} · {t('portal.studentsVisible', { count: d.studentsVisible })}
              </p>
            </li>
          ))}
        </ul>
        {inForce.length ? <Students /> : <Alert kind="info">{t('portal.noStudentLevel')}</Alert>}
      </Section>
    </Page>
  );
}
