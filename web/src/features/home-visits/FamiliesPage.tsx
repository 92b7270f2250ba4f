/** A school's families (siblings at the school are one family): their answer, language, interpreter and visits. */
import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { api } from '../../app/api.ts';
import { useMe } from '../../app/session.tsx';
import { useApi } from '../../ui/useApi.ts';
import { Page } from '../../ui/Page.tsx';
import { Loading } from '../../ui/Loading.tsx';
import { Alert, ErrorAlert } from '../../ui/Alert.tsx';
import { SelectField, TextField } from '../../ui/Field.tsx';
import { DataTable } from '../../ui/DataTable.tsx';
import { HvNav, languageName, SchoolSelect } from './common.tsx';
import type { Family, ProgramList } from './types.ts';

function AnswerForm({ schoolId, family, onSaved }: { schoolId: number; family: Family; onSaved: () => void }) {
  const { t } = useTranslation('homeVisits');
  const [response, setResponse] = useState(family.answer.response);
  const [askedAgain, setAskedAgain] = useState(family.answer.askedAgain);
  const [language, setLanguage] = useState(family.answer.preferredLanguage ?? family.language ?? '');
  const [interpreter, setInterpreter] = useState(family.answer.interpreterNeeded);
  const [error, setError] = useState<unknown>(null);
  async function submit(e: FormEvent) {
    e.preventDefault();
    setError(null);
    try {
      await api.put('home-visits/families/answer', { schoolId, studentId: family.students[0].id, response, askedAgain, preferredLanguage: language || null, interpreterNeeded: interpreter });
      onSaved();
    } catch (err) {
      setError(err);
    }
  }
  return (
    <form className="stack" onSubmit={submit}>
      {error ? <ErrorAlert error={error} /> : null}
      <SelectField label={t('families.answer')} value={response} onChange={(e) => setResponse(e.target.value as Family['answer']['response'])}>
        {(['no_answer', 'accepted', 'declined'] as const).map((r) => (
          <option key={r} value={r}>
            {t(`response.${r}`)}
          </option>
        ))}
      </SelectField>
      {family.answer.response === 'declined' ? (
        <label>
          <input type="checkbox" checked={askedAgain} onChange={(e) => setAskedAgain(e.target.checked)} /> {t('families.askedAgain')}
        </label>
      ) : null}
      <TextField label={t('families.preferredLanguage')} value={language} onChange={(e) => setLanguage(e.target.value)} hint={t('families.languageHint')} maxLength={3} />
      <label>
        <input type="checkbox" checked={interpreter} onChange={(e) => setInterpreter(e.target.checked)} /> {t('families.interpreterNeeded')}
      </label>
      <button type="submit">{t('common:save')}</button>
    </form>
  );
}

export function FamiliesPage() {
  const { t, i18n } = useTranslation('homeVisits');
  const me = useMe();
  const programs = useApi<ProgramList>('home-visits/programs');
  const [schoolId, setSchoolId] = useState<number | null>(null);
  const school = schoolId ?? programs.data?.schools[0]?.id ?? null;
  const families = useApi<{ year: string; families: Family[] }>(school ? `home-visits/families?schoolId=${school}` : null);
  const [open, setOpen] = useState<string | null>(null);
  const canWrite = me.role !== 'partner_staff';
  const canSchedule = me.role === 'teacher' || me.role === 'school_staff';
  if (programs.loading && !programs.data) return <Loading />;
  return (
    <Page title={t('families.title')} subtitle={t('families.subtitle')}>
      <HvNav />
      {programs.error ? <ErrorAlert error={programs.error} /> : null}
      <SchoolSelect schools={programs.data?.schools ?? []} value={school} onChange={setSchoolId} />
      {me.role === 'partner_staff' ? <Alert kind="info">{t('families.partnerTerms')}</Alert> : null}
      {families.error ? <ErrorAlert error={families.error} /> : null}
      {families.loading && !families.data ? (
        <Loading />
      ) : (
        <DataTable
          caption={t('families.caption', { count: families.data?.families.length ?? 0 })}
          rows={families.data?.families ?? []}
          rowKey={(f) => f.key}
          empty={t('families.none')}
          csvName="families"
          columns={[
            { key: 'students', header: t('visit.students'), render: (f) => `${f.students.map((s) => `${s.firstName} ${s.lastName}${s.grade ? ` (${s.grade})` : ''}`).join(', ')}${f.otherStudents ? ` ${t('visit.otherStudents', { count: f.otherStudents })}` : ''}`, value: (f) => f.students.map((s) => `${s.firstName} ${s.lastName}`).join('; ') },
            { key: 'guardians', header: t('families.guardians'), render: (f) => f.guardians.map((g) => `${g.firstName} ${g.lastName}${g.phone ? ` · ${g.phone}` : ''}`).join('; ') || '—', value: (f) => f.guardians.map((g) => `${g.firstName} ${g.lastName}`).join('; ') },
            { key: 'language', header: t('form.language'), render: (f) => `${languageName(f.language, i18n.language)}${f.answer.interpreterNeeded ? ` · ${t('families.interpreter')}` : ''}`, value: (f) => f.language ?? '' },
            { key: 'answer', header: t('families.answer'), render: (f) => `${t(`response.${f.answer.response}`)}${f.answer.askedAgain ? ` · ${t('families.asked')}` : ''}`, value: (f) => f.answer.response },
            { key: 'status', header: t('overview.status'), render: (f) => `${t(`familyStatus.${f.status}`)}${f.visits.nextVisitDate ? ` · ${f.visits.nextVisitDate}` : ''}`, value: (f) => f.status },
            {
              key: 'actions',
              header: t('families.actions'),
              value: () => '',
              render: (f) => (
                <div className="stack">
                  {canSchedule && f.offerable ? <Link to={`/home-visits/log?mode=schedule&family=${encodeURIComponent(f.key)}`}>{t('families.schedule')}</Link> : null}
                  {canWrite ? (
                    <button type="button" className="button-quiet" aria-expanded={open === f.key} onClick={() => setOpen(open === f.key ? null : f.key)}>
                      {t('families.record')}
                    </button>
                  ) : null}
                  {canWrite
                    ? f.students.map((st) => (
                        <a key={st.id} href={`/api/v1/home-visits/students/${st.id}/record.csv`} download>
                          {t('families.export', { name: st.firstName })}
                        </a>
                      ))
                    : null}
                  {open === f.key && school ? (
                    <AnswerForm
                      schoolId={school}
                      family={f}
                      onSaved={() => {
                        setOpen(null);
                        families.reload();
                      }}
                    />
                  ) : null}
                </div>
              ),
            },
          ]}
        />
      )}
    </Page>
  );
}
