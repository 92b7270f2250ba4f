/** The partner directory: search and filter by need category, school, language and sector. */
import { useEffect, useState, type FormEvent } from 'react';
import { Link, useSearchParams } from 'react-router';
import { useTranslation } from 'react-i18next';
import { qs } from '../../app/api.ts';
import { useMe } from '../../app/session.tsx';
import { Page } from '../../ui/Page.tsx';
import { SelectField, TextField } from '../../ui/Field.tsx';
import { ErrorAlert } from '../../ui/Alert.tsx';
import { Loading } from '../../ui/Loading.tsx';
import { useApi } from '../../ui/useApi.ts';
import { FilterActions } from '../../ui/FilterActions.tsx';
import { Chips, COMMON_LANGUAGES, languageList, languageName, NEED_CATEGORIES, PARTNER_CREATORS, PartnersNav, SECTORS, type PartnerSummary, type SchoolOption } from './common.tsx';

const KEYS = ['q', 'sector', 'category', 'schoolId', 'language', 'status'] as const;
type Filters = Record<(typeof KEYS)[number], string>;

export function PartnersPage() {
  const { t, i18n } = useTranslation('partners');
  const me = useMe();
  const [params, setParams] = useSearchParams();
  const values = Object.fromEntries(KEYS.map((k) => [k, params.get(k) ?? ''])) as Filters;
  const [draft, setDraft] = useState<Filters>(values);
  const key = KEYS.map((k) => values[k]).join('|');
  useEffect(() => setDraft(values), [key]); // eslint-disable-line react-hooks/exhaustive-deps
  const schools = useApi<{ schools: SchoolOption[] }>('schools');
  const list = useApi<{ partners: PartnerSummary[] }>(`partners${qs({ ...values })}`);

  function submit(e: FormEvent) {
    e.preventDefault();
    const next = new URLSearchParams();
    for (const k of KEYS) if (draft[k]) next.set(k, draft[k]);
    setParams(next);
  }
  function clear() {
    setDraft(Object.fromEntries(KEYS.map((k) => [k, ''])) as Filters);
    setParams(new URLSearchParams());
  }
  const partners = list.data?.partners ?? [];
  return (
    <Page
      title={t('title')}
      subtitle={t('subtitle')}
      actions={PARTNER_CREATORS.includes(me.role) ? <Link className="button button-primary" to="/partners/new">{t('add')}</Link> : null}
    >
      <PartnersNav />
      <form className="card partner-filters" role="search" aria-label={t('filters')} onSubmit={submit}>
        <TextField label={t('search')} hint={t('searchHint')} type="search" value={draft.q} onChange={(e) => setDraft({ ...draft, q: e.target.value })} autoComplete="off" />
        <div className="row">
          <SelectField label={t('category')} value={draft.category} onChange={(e) => setDraft({ ...draft, category: e.target.value })}>
            <option value="">{t('anyCategory')}</option>
            {NEED_CATEGORIES.map((c) => (
              <option key={c} value={c}>
                {t(`categories.${c}`)}
              </option>
            ))}
          </SelectField>
          <SelectField label={t('school')} value={draft.schoolId} onChange={(e) => setDraft({ ...draft, schoolId: e.target.value })}>
            <option value="">{t('anySchool')}</option>
            {(schools.data?.schools ?? []).map((s) => (
              <option key={s.id} value={s.id}>
                {s.name}
              </option>
            ))}
          </SelectField>
          <SelectField label={t('language')} value={draft.language} onChange={(e) => setDraft({ ...draft, language: e.target.value })}>
            <option value="">{t('anyLanguage')}</option>
            {COMMON_LANGUAGES.map((c) => (
              <option key={c} value={c}>
                {languageName(c, i18n.language)}
              </option>
            ))}
          </SelectField>
          <SelectField label={t('sector')} value={draft.sector} onChange={(e) => setDraft({ ...draft, sector: e.target.value })}>
            <option value="">{t('anySector')}</option>
            {SECTORS.map((s) => (
              <option key={s} value={s}>
                {t(`sectors.${s}`)}
              </option>
            ))}
          </SelectField>
          <SelectField label={t('statusLabel')} value={draft.status} onChange={(e) => setDraft({ ...draft, status: e.target.value })}>
            <option value="">{t('partnerStatus.active')}</option>
            <option value="inactive">{t('partnerStatus.inactive')}</option>
            <option value="all">{t('partnerStatus.all')}</option>
          </SelectField>
        </div>
        <FilterActions onClear={clear} />
      </form>
      {list.error ? <ErrorAlert error={list.error} /> : null}
      {list.loading && !list.data ? <Loading /> : null}
      <p className="result-count" aria-live="polite">
        {list.data ? t('count', { count: partners.length }) : ''}
      </p>
      <ul className="partner-list">
        {partners.map((p) => (
          <li key={p.id} className="card partner-card">
            <h2>
              <Link to={`/partners/${p.id}`}>{p.name}</Link>
            </h2>
            <p className="muted">
              {t(`sectors.${p.sector}`)}
              {p.status === 'inactive' ? ` · ${t('partnerStatus.inactive')}` : ''}
            </p>
            <p>{p.description}</p>
            <dl className="facts">
              <dt>{t('offers')}</dt>
              <dd>{p.categories.length ? <Chips items={p.categories.map((c) => t(`categories.${c}`))} /> : '—'}</dd>
              <dt>{t('schoolsServed')}</dt>
              <dd>{p.schools.map((s) => s.name).join(', ') || t('noSchools')}</dd>
              <dt>{t('languages')}</dt>
              <dd>{languageList(p.languages, i18n.language)}</dd>
              {p.champions.length ? (
                <>
                  <dt>{t('champions')}</dt>
                  <dd>{p.champions.join(', ')}</dd>
                </>
              ) : null}
              <dt>{t('activeAgreements')}</dt>
              <dd>{p.activeAgreements}</dd>
              {p.openCapacity !== null ? (
                <>
                  <dt>{t('openCapacity')}</dt>
                  <dd>{p.openCapacity}</dd>
                </>
              ) : null}
            </dl>
          </li>
        ))}
      </ul>
      {list.data && partners.length === 0 ? <p>{t('none')}</p> : null}
    </Page>
  );
}
