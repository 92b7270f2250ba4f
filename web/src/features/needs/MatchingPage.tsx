/** For each unmet need, the partners able to meet it: by category, language, capacity and schools already served. */
import { useState } from 'react';
import { Link, useSearchParams } from 'react-router';
import { useTranslation } from 'react-i18next';
import { api, qs } from '../../app/api.ts';
import { useMe } from '../../app/session.tsx';
import { Page } from '../../ui/Page.tsx';
import { Loading } from '../../ui/Loading.tsx';
import { Alert, ErrorAlert } from '../../ui/Alert.tsx';
import { useApi } from '../../ui/useApi.ts';
import { languageList, type SchoolOption } from '../partners/common.tsx';
import { NamedSelect } from '../partners/forms.tsx';
import { NeedsNav, PriorityBadge, type Matches } from './common.tsx';

export function MatchingPage() {
  const { t, i18n } = useTranslation('needs');
  const me = useMe();
  const [params, setParams] = useSearchParams();
  const schoolId = params.get('schoolId') ?? '';
  const schools = useApi<{ schools: SchoolOption[] }>('schools');
  const { data, error, loading, reload } = useApi<Matches>(`needs/matches${qs({ schoolId })}`);
  const [assignError, setAssignError] = useState<unknown>(null);
  const canAssign = (school: number) => me.role === 'district_admin' || me.role === 'data_manager' || (me.role === 'school_staff' && me.schools.some((s) => s.id === school));
  return (
    <Page title={t('matching.title')} subtitle={t('matching.subtitle')}>
      <NeedsNav />
      <div className="card partner-filters">
        <NamedSelect label={t('school')} value={schoolId ? Number(schoolId) : null} options={schools.data?.schools ?? []} empty={t('allSchools')} onChange={(id) => setParams(id ? { schoolId: String(id) } : {})} />
      </div>
      {error ? <ErrorAlert error={error} /> : null}
      {assignError ? <ErrorAlert error={assignError} /> : null}
      {loading && !data ? <Loading /> : null}
      {data && data.needs.length === 0 ? <Alert kind="success">{t('matching.allMet')}</Alert> : null}
      {data?.needs.map(({ need, candidates, atCapacity }) => (
        <section key={need.id} className="card" aria-labelledby={`need-${need.id}`}>
          <h2 id={`need-${need.id}`}>
            {need.title} <PriorityBadge priority={need.priority} />
          </h2>
          <p className="muted">
            {need.schoolName} · {t(`partners:categories.${need.category}`)}
            {need.languages.length ? ` · ${t('matching.speaks', { languages: languageList(need.languages, i18n.language) })}` : ''}
          </p>
          {candidates.length === 0 ? (
            <Alert kind="warning">{atCapacity ? t('matching.onlyFull', { count: atCapacity }) : t('matching.noPartner')}</Alert>
          ) : (
            <ul className="candidates" aria-label={t('matching.caption', { title: need.title })}>
              {candidates.map((c) => (
                <li key={c.serviceId}>
                  <div>
                    <Link to={`/partners/${c.partnerId}`}>{c.partnerName}</Link> · {c.serviceName}
                    <span className="muted block">
                      {[
                        c.servesThisSchool ? t('matching.servesThis') : null,
                        c.servesOtherSchools.length ? t('matching.servesOther', { schools: c.servesOtherSchools.join(', ') }) : null,
                        c.languagesMatched.length ? t('matching.languagesOk', { languages: languageList(c.languagesMatched, i18n.language) }) : null,
                        c.languagesMissing.length ? t('matching.languagesMissing', { languages: languageList(c.languagesMissing, i18n.language) }) : null,
                        c.capacity !== null ? t('matching.places', { count: c.capacity }) : t('matching.placesUnknown'),
                      ]
                        .filter(Boolean)
                        .join(' · ')}
                    </span>
                  </div>
                  {canAssign(need.schoolId) ? (
                    <button
                      type="button"
                      onClick={async () => {
                        setAssignError(null);
                        try {
                          await api.post(`needs/${need.id}/partners`, { partnerId: c.partnerId, serviceId: c.serviceId });
                          reload();
                        } catch (err) {
                          setAssignError(err);
                        }
                      }}
                      aria-label={t('matching.assignNamed', { partner: c.partnerName, need: need.title })}
                    >
                      {t('matching.assign')}
                    </button>
                  ) : null}
                </li>
              ))}
            </ul>
          )}
        </section>
      ))}
    </Page>
  );
}
