/** One student, as far as the data-sharing terms in force allow: only the kinds of records they name. */
import { Link, useParams } from 'react-router';
import { useTranslation } from 'react-i18next';
import { Page } from '../../ui/Page.tsx';
import { Loading } from '../../ui/Loading.tsx';
import { ErrorAlert } from '../../ui/Alert.tsx';
import { DataTable } from '../../ui/DataTable.tsx';
import { formatDate } from '../../ui/format.ts';
import { useApi } from '../../ui/useApi.ts';
import { languageName, Section, type PortalStudent } from './common.tsx';

export function PortalStudentPage() {
  const { t, i18n } = useTranslation('partners');
  const { studentId } = useParams();
  const { data: s, error, loading } = useApi<PortalStudent>(`partner-portal/students/${studentId}`);
  if (loading && !s) return <Loading />;
  if (!s) return <Page title={t('portal.studentTitle')}>{error ? <ErrorAlert error={error} /> : null}</Page>;
  return (
    <Page title={s.name} subtitle={t('portal.studentSubtitle', { number: s.studentNumber, categories: s.dataCategories.map((c) => t(`agreements:dataCategories.${c}`)).join(', ') })}>
      <p>
        <Link to="/partner-portal">{t('portal.back')}</Link>
      </p>
      {s.enrollment !== undefined ? (
        <Section id="st-enrollment" title={t('agreements:dataCategories.enrollment')}>
          <p>{s.enrollment ? `${s.enrollment.school} · ${t('portal.grade')} ${s.enrollment.grade}` : '—'}</p>
        </Section>
      ) : null}
      {s.attendance ? (
        <Section id="st-attendance" title={t('agreements:dataCategories.attendance')}>
          <DataTable
            caption={t('portal.attendanceCaption', { year: s.schoolYear ?? '' })}
            rows={s.attendance}
            rowKey={(a) => a.status}
            empty={t('portal.noAbsences')}
            columns={[
              { key: 'status', header: t('portal.attendanceKind'), render: (a) => t(`portal.attendanceStatus.${a.status}`, { defaultValue: a.status }) },
              { key: 'days', header: t('portal.days'), numeric: true },
            ]}
          />
        </Section>
      ) : null}
      {s.assessments ? (
        <Section id="st-assessments" title={t('agreements:dataCategories.assessments')}>
          <DataTable
            caption={t('agreements:dataCategories.assessments')}
            rows={s.assessments}
            rowKey={(a) => `${a.assessment}:${a.subject}:${a.date}`}
            columns={[
              { key: 'assessment', header: t('portal.assessment'), render: (a) => `${a.assessment} (${a.subject})` },
              { key: 'date', header: t('portal.date'), render: (a) => formatDate(a.date) },
              { key: 'level', header: t('portal.level'), render: (a) => a.level ?? '—' },
              { key: 'proficient', header: t('portal.proficient'), render: (a) => (a.proficient === null ? '—' : a.proficient ? t('common:yes') : t('common:no')) },
            ]}
          />
        </Section>
      ) : null}
      {s.discipline ? (
        <Section id="st-discipline" title={t('agreements:dataCategories.discipline')}>
          <DataTable caption={t('agreements:dataCategories.discipline')} rows={s.discipline} rowKey={(x) => `${x.date}:${x.action}`} columns={[{ key: 'date', header: t('portal.date'), render: (x) => formatDate(x.date) }, { key: 'action', header: t('portal.action') }, { key: 'days', header: t('portal.days'), numeric: true, render: (x) => x.days ?? '—' }]} />
        </Section>
      ) : null}
      {s.programs ? (
        <Section id="st-programs" title={t('agreements:dataCategories.programs')}>
          <DataTable caption={t('agreements:dataCategories.programs')} rows={s.programs} rowKey={(x) => `${x.program}:${x.beginDate}`} columns={[{ key: 'program', header: t('portal.program') }, { key: 'beginDate', header: t('portal.from'), render: (x) => formatDate(x.beginDate) }, { key: 'endDate', header: t('portal.to'), render: (x) => formatDate(x.endDate) }]} />
        </Section>
      ) : null}
      {s.demographics ? (
        <Section id="st-demographics" title={t('agreements:dataCategories.demographics')}>
          <dl className="facts">
            <dt>{t('portal.homeLanguage')}</dt>
            <dd>{languageName(s.demographics.homeLanguage, i18n.language)}</dd>
            <dt>{t('portal.englishLearner')}</dt>
            <dd>{s.demographics.englishLearner ? t('common:yes') : t('common:no')}</dd>
          </dl>
        </Section>
      ) : null}
      {s.guardians ? (
        <Section id="st-contact" title={t('agreements:dataCategories.contact')}>
          <DataTable
            caption={t('portal.guardians')}
            rows={s.guardians}
            rowKey={(g) => g.name}
            columns={[
              { key: 'name', header: t('contacts.name') },
              { key: 'phone', header: t('contacts.phone'), render: (g) => g.phone ?? '—' },
              { key: 'email', header: t('form.email'), render: (g) => g.email ?? '—' },
              { key: 'language', header: t('language'), render: (g) => languageName(g.language, i18n.language) },
            ]}
          />
        </Section>
      ) : null}
    </Page>
  );
}
