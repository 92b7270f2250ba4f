/** A school's needs: from staff and from the school's own figures; which partners are taking them on. */
import { useState } from 'react';
import { Link, useSearchParams } from 'react-router';
import { useTranslation } from 'react-i18next';
import { api } from '../../app/api.ts';
import { useMe } from '../../app/session.tsx';
import { Page } from '../../ui/Page.tsx';
import { Loading } from '../../ui/Loading.tsx';
import { Alert, ErrorAlert } from '../../ui/Alert.tsx';
import { SelectField, TextAreaField, TextField } from '../../ui/Field.tsx';
import { ConfirmButton } from '../../ui/Confirm.tsx';
import { DataTable } from '../../ui/DataTable.tsx';
import { useApi } from '../../ui/useApi.ts';
import { languageList, NEED_CATEGORIES, NEED_PRIORITIES, NEED_STATUSES, Section, type SchoolOption } from '../partners/common.tsx';
import { LanguagePicker, NamedSelect, useSubmit } from '../partners/forms.tsx';
import { NeedsNav, PriorityBadge, type Need, type Suggestions } from './common.tsx';

interface Draft {
  category: string;
  title: string;
  description: string;
  priority: string;
  source: 'data' | 'staff';
  evidence: string;
  languages: string[];
  status: string;
}

function NeedForm({ schoolId, need, initial, onSaved, onCancel }: { schoolId: number; need?: Need; initial?: Partial<Draft>; onSaved: () => void; onCancel: () => void }) {
  const { t } = useTranslation('needs');
  const [v, setV] = useState<Draft>({
    category: need?.category ?? initial?.category ?? 'attendance',
    title: need?.title ?? initial?.title ?? '',
    description: need?.description ?? '',
    priority: need?.priority ?? initial?.priority ?? 'medium',
    source: need?.source ?? initial?.source ?? 'staff',
    evidence: need?.evidence ?? initial?.evidence ?? '',
    languages: need?.languages ?? initial?.languages ?? [],
    status: need?.status ?? 'open',
  });
  const body = { ...v, schoolId, description: v.description || null, evidence: v.evidence || null };
  const f = useSubmit(() => (need ? api.put(`needs/${need.id}`, body) : api.post('needs', body)), onSaved);
  return (
    <form className="stack form-narrow subform" onSubmit={f.submit} noValidate aria-label={need ? t('editNamed', { title: need.title }) : t('add')}>
      {f.error ? <ErrorAlert error={f.error} /> : null}
      <SelectField label={t('category')} value={v.category} onChange={(e) => setV({ ...v, category: e.target.value })}>
        {NEED_CATEGORIES.map((c) => (
          <option key={c} value={c}>
            {t(`partners:categories.${c}`)}
          </option>
        ))}
      </SelectField>
      <TextField label={t('titleField')} required value={v.title} onChange={(e) => setV({ ...v, title: e.target.value })} error={f.fieldError('title')} />
      <TextAreaField label={t('description')} value={v.description} onChange={(e) => setV({ ...v, description: e.target.value })} />
      <SelectField label={t('priorityLabel')} value={v.priority} onChange={(e) => setV({ ...v, priority: e.target.value })}>
        {NEED_PRIORITIES.map((p) => (
          <option key={p} value={p}>
            {t(`priority.${p}`)}
          </option>
        ))}
      </SelectField>
      <TextField label={t('evidence')} hint={t('evidenceHint')} value={v.evidence} onChange={(e) => setV({ ...v, evidence: e.target.value })} />
      <LanguagePicker legend={t('languages')} value={v.languages} onChange={(languages) => setV({ ...v, languages })} />
      {need ? (
        <SelectField label={t('statusLabel')} value={v.status} onChange={(e) => setV({ ...v, status: e.target.value })}>
          {NEED_STATUSES.map((s) => (
            <option key={s} value={s}>
              {t(`status.${s}`)}
            </option>
          ))}
        </SelectField>
      ) : null}
      <div className="row">
        <button type="submit" className="button-primary" disabled={f.busy}>
          {t('common:save')}
        </button>
        <button type="button" onClick={onCancel}>
          {t('common:cancel')}
        </button>
      </div>
    </form>
  );
}

function SuggestionsPanel({ schoolId, onAdd }: { schoolId: number; onAdd: (d: Partial<Draft>) => void }) {
  const { t, i18n } = useTranslation('needs');
  const { data, error, loading } = useApi<Suggestions>(`needs/suggestions?schoolId=${schoolId}`);
  const pct = (r: number) => new Intl.NumberFormat(i18n.language, { style: 'percent', maximumFractionDigits: 1 }).format(r);
  return (
    <Section id="suggestions" title={t('suggestions.title')}>
      <p className="muted">{t('suggestions.intro')}</p>
      {error ? <ErrorAlert error={error} /> : null}
      {loading && !data ? <Loading /> : null}
      {data && data.chronicAbsenceFrom === 'none' ? <p className="muted">{t('suggestions.noAbsence')}</p> : null}
      {data && data.suggestions.length === 0 ? <p>{t('suggestions.none')}</p> : null}
      <ul className="plain-list">
        {data?.suggestions.map((s) => {
          const text = t(`suggestions.basis.${s.basis.kind}`, { count: s.basis.count, total: s.basis.total, rate: pct(s.basis.rate), languages: languageList(s.languages, i18n.language) });
          return (
            <li key={s.category} className="editable">
              <span>
                <strong>{t(`partners:categories.${s.category}`)}</strong> <PriorityBadge priority={s.priority} />
                <br />
                {text}
                {s.alreadyOpen ? <span className="muted"> · {t('suggestions.alreadyOpen')}</span> : null}
              </span>
              {!s.alreadyOpen ? (
                <button type="button" onClick={() => onAdd({ category: s.category, priority: s.priority, title: t(`partners:categories.${s.category}`), evidence: text, languages: s.languages, source: 'data' })}>
                  {t('suggestions.add')}
                </button>
              ) : null}
            </li>
          );
        })}
      </ul>
    </Section>
  );
}

export function NeedsPage() {
  const { t, i18n } = useTranslation('needs');
  const me = useMe();
  const [params, setParams] = useSearchParams();
  const schools = useApi<{ schools: SchoolOption[] }>('schools');
  const options = schools.data?.schools ?? [];
  const fallback = me.role === 'school_staff' ? me.schools[0]?.id : options[0]?.id;
  const schoolId = Number(params.get('schoolId') ?? fallback ?? 0) || null;
  const list = useApi<{ needs: Need[] }>(schoolId ? `needs?schoolId=${schoolId}` : null);
  const [editing, setEditing] = useState<string | null>(null);
  const [prefill, setPrefill] = useState<Partial<Draft> | undefined>();
  const [error, setError] = useState<unknown>(null);
  const canEdit = me.role === 'district_admin' || me.role === 'data_manager' || (me.role === 'school_staff' && schoolId !== null && me.schools.some((s) => s.id === schoolId));
  const done = () => {
    setEditing(null);
    setPrefill(undefined);
    list.reload();
  };
  return (
    <Page title={t('title')} subtitle={t('subtitle')}>
      <NeedsNav />
      <div className="card partner-filters">
        <NamedSelect label={t('school')} value={schoolId} options={options} onChange={(id) => setParams({ schoolId: String(id ?? '') })} />
      </div>
      {schoolId === null ? <Alert kind="info">{t('noSchool')}</Alert> : null}
      {error ? <ErrorAlert error={error} /> : null}
      {schoolId !== null ? (
        <Section
          id="needs"
          title={t('listTitle', { school: options.find((s) => s.id === schoolId)?.name ?? '' })}
          actions={canEdit ? <button type="button" aria-expanded={editing === 'new'} onClick={() => setEditing(editing === 'new' ? null : 'new')}>{t('add')}</button> : null}
        >
          {editing === 'new' ? <NeedForm key={JSON.stringify(prefill ?? {})} schoolId={schoolId} initial={prefill} onSaved={done} onCancel={() => setEditing(null)} /> : null}
          {list.error ? <ErrorAlert error={list.error} /> : null}
          {list.loading && !list.data ? <Loading /> : null}
          <DataTable
            caption={t('caption', { count: list.data?.needs.length ?? 0 })}
            rows={list.data?.needs ?? []}
            rowKey={(n) => n.id}
            empty={t('none')}
            csvName="needs"
            columns={[
              {
                key: 'title',
                header: t('titleField'),
                render: (n) =>
                  editing === `need:${n.id}` ? (
                    <NeedForm schoolId={schoolId} need={n} onSaved={done} onCancel={() => setEditing(null)} />
                  ) : (
                    <>
                      {n.title}
                      {n.evidence ? <span className="muted block">{n.evidence}</span> : null}
                    </>
                  ),
                value: (n) => n.title,
              },
              { key: 'category', header: t('category'), render: (n) => t(`partners:categories.${n.category}`), value: (n) => n.category },
              { key: 'priority', header: t('priorityLabel'), render: (n) => <PriorityBadge priority={n.priority} />, value: (n) => n.priority },
              { key: 'source', header: t('source'), render: (n) => t(`sources.${n.source}`), value: (n) => n.source },
              { key: 'languages', header: t('languages'), render: (n) => languageList(n.languages, i18n.language), value: (n) => n.languages.join(';') },
              { key: 'status', header: t('statusLabel'), render: (n) => t(`status.${n.status}`), value: (n) => n.status },
              {
                key: 'partners',
                header: t('partners'),
                render: (n) => (n.partners.length ? n.partners.map((p) => <Link key={p.partnerId} className="block" to={`/partners/${p.partnerId}`}>{p.partnerName}{p.serviceName ? ` · ${p.serviceName}` : ''}</Link>) : <Link to={`/needs/matching?schoolId=${schoolId}`}>{t('findPartners')}</Link>),
                value: (n) => n.partners.map((p) => p.partnerName).join('; '),
              },
              ...(canEdit
                ? [
                    {
                      key: 'actions',
                      header: t('common:actions'),
                      value: () => '',
                      render: (n: Need) => (
                        <div className="stack">
                          <button type="button" className="button-quiet" onClick={() => setEditing(`need:${n.id}`)} aria-label={`${t('common:edit')}: ${n.title}`}>
                            {t('common:edit')}
                          </button>
                          <ConfirmButton
                            label={t('remove')}
                            question={t('removeQuestion')}
                            confirmLabel={t('remove')}
                            onConfirm={async () => {
                              setError(null);
                              try {
                                await api.delete(`needs/${n.id}`);
                                list.reload();
                              } catch (err) {
                                setError(err);
                              }
                            }}
                          />
                        </div>
                      ),
                    },
                  ]
                : []),
            ]}
          />
        </Section>
      ) : null}
      {schoolId !== null && canEdit ? (
        <SuggestionsPanel
          key={schoolId}
          schoolId={schoolId}
          onAdd={(d) => {
            setPrefill(d);
            setEditing('new');
            window.scrollTo({ top: 0, behavior: 'smooth' });
          }}
        />
      ) : null}
    </Page>
  );
}
