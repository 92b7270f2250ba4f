/** One class: its school, teachers, and the students in it that the person may see. */
import { useTranslation } from 'react-i18next';
import { Link, useParams } from 'react-router';
import { Page } from '../../ui/Page.tsx';
import { Loading } from '../../ui/Loading.tsx';
import { useApi } from '../../ui/useApi.ts';
import { LoadProblem, StudentTable, useLabels } from './common.tsx';
import type { ClassDetail } from './types.ts';

export function ClassPage() {
  const { t } = useTranslation('students');
  const l = useLabels();
  const { classId } = useParams();
  const { data: c, error, loading } = useApi<ClassDetail>(`classes/${encodeURIComponent(classId ?? '')}`);
  const back = <Link to="/classes">{t('classes.back')}</Link>;
  if (error) return <LoadProblem error={error} title={t('classes.notFoundTitle')} body={t('classes.notFoundBody')} back={back} />;
  if (loading || !c) return <Loading />;
  return (
    <Page title={c.title} subtitle={back}>
      <section className="card" aria-labelledby="class-facts">
        <h2 id="class-facts" className="visually-hidden">
          {t('classes.class')}
        </h2>
        <dl className="facts">
          <dt>{t('school')}</dt>
          <dd>{c.schoolName}</dd>
          <dt>{t('year')}</dt>
          <dd>{c.schoolYear ?? '—'}</dd>
          <dt>{t('classes.code')}</dt>
          <dd>{c.classCode ?? '—'}</dd>
          <dt>{t('classes.grades')}</dt>
          <dd>{c.grades.map((g) => l.grade(g)).join(', ') || '—'}</dd>
          {c.periods ? (
            <>
              <dt>{t('classes.periods')}</dt>
              <dd>{c.periods}</dd>
            </>
          ) : null}
          <dt>{t('classes.teachers')}</dt>
          <dd>{c.teachers.join(', ') || '—'}</dd>
        </dl>
      </section>
      <StudentTable caption={t('classes.studentsCaption')} rows={c.students} empty={t('classes.noStudents')} />
    </Page>
  );
}
