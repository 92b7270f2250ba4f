/**
 * School calendars: for a school and a school year, which days are instructional. Mark days (or a run
 * of days) instructional or not with the event's name, fill a range of weekdays minus holidays, and
 * copy one school's calendar to others. A month view for the eye and the keyboard, and a list of the
 * days off for screen readers and print.
 */
import { useEffect, useMemo, useRef, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { useSearchParams } from 'react-router';
import { api, ApiError } from '../../app/api.ts';
import { useSubmit } from '../../ui/useSubmit.ts';
import { useSession } from '../../app/session.tsx';
import { Page } from '../../ui/Page.tsx';
import { SelectField, TextAreaField, TextField } from '../../ui/Field.tsx';
import { Alert, ErrorAlert } from '../../ui/Alert.tsx';
import { DataTable } from '../../ui/DataTable.tsx';
import { Loading } from '../../ui/Loading.tsx';
import { CheckboxGroup } from '../../ui/Checkboxes.tsx';
import { useApi } from '../../ui/useApi.ts';
import { formatDate } from '../../ui/format.ts';
import { datesBetween, isoWeekday, parseHolidayLines } from '../../../../common/calendar.ts';
import { AdminNav } from './AdminNav.tsx';
import { monthOf, monthsBetween, MonthGrid } from './MonthGrid.tsx';
import type { Calendar, CalendarDay, School, SchoolYear } from './types.ts';

type Status = 'instructional' | 'non_instructional' | 'none';

function DayEditor({ calendar, date, schoolId, onSaved, onClose }: { calendar: Calendar; date: string; schoolId: number; onSaved: (c: Calendar, message: string) => void; onClose: () => void }) {
  const { t } = useTranslation('admin');
  const day = calendar.days.find((d) => d.date === date);
  const [status, setStatus] = useState<Status>(!day ? 'none' : day.instructional ? 'instructional' : 'non_instructional');
  const [event, setEvent] = useState(day?.event ?? '');
  const [through, setThrough] = useState('');
  const { error, busy, run } = useSubmit();
  const heading = useRef<HTMLHeadingElement>(null);
  useEffect(() => heading.current?.focus(), [date]);

  const submit = (e: FormEvent) => {
    e.preventDefault();
    const last = through && through > date ? through : date;
    // Over a run of days, "instructional" applies to weekdays only; days off cover every day.
    const dates = datesBetween(date, last).filter((d) => status !== 'instructional' || d === date || isoWeekday(d) <= 5);
    void run(async () => {
      const next = await api.put<Calendar>(`schools/${schoolId}/calendar/days`, {
        yearId: calendar.schoolYear.id,
        days: dates.map((d) => ({ date: d, status, event: status === 'none' ? null : event.trim() || null })),
      });
      onSaved(next, t('calendar.daysSaved', { count: dates.length }));
    });
  };
  const options: { value: Status; label: string }[] = [
    { value: 'instructional', label: t('calendar.instructional') },
    { value: 'non_instructional', label: t('calendar.nonInstructional') },
    { value: 'none', label: t('calendar.notSchoolDay') },
  ];
  return (
    <form className="card stack day-editor" onSubmit={submit} noValidate aria-labelledby="day-editor-title">
      <h3 id="day-editor-title" ref={heading} tabIndex={-1}>
        {formatDate(date, { dateStyle: 'full' })}
      </h3>
      {error ? <ErrorAlert error={error} /> : null}
      <fieldset>
        <legend>{t('calendar.dayIs')}</legend>
        {options.map((o) => (
          <label key={o.value} className="checkbox">
            <input type="radio" name="day-status" value={o.value} checked={status === o.value} onChange={() => setStatus(o.value)} />
            <span>{o.label}</span>
          </label>
        ))}
      </fieldset>
      {status !== 'none' ? (
        <TextField label={t('calendar.event')} hint={t('calendar.eventHint')} value={event} maxLength={200} onChange={(e) => setEvent(e.target.value)} />
      ) : null}
      <TextField
        label={t('calendar.through')}
        hint={t('calendar.throughHint')}
        type="date"
        min={date}
        max={calendar.schoolYear.endDate}
        value={through}
        onChange={(e) => setThrough(e.target.value)}
        error={error instanceof ApiError && error.fields.some((f) => f.path.startsWith('days.')) ? error.fields[0].message : undefined}
      />
      <div className="row">
        <button type="submit" className="button-primary" disabled={busy}>
          {busy ? t('common:saving') : t('common:save')}
        </button>
        <button type="button" onClick={onClose}>
          {t('common:close')}
        </button>
      </div>
    </form>
  );
}

const WEEKDAYS = [1, 2, 3, 4, 5, 6, 7] as const;

function GenerateForm({ calendar, schoolId, onSaved }: { calendar: Calendar; schoolId: number; onSaved: (c: Calendar, message: string) => void }) {
  const { t, i18n } = useTranslation('admin');
  const year = calendar.schoolYear;
  const [from, setFrom] = useState(year.startDate);
  const [to, setTo] = useState(year.endDate);
  const [weekdays, setWeekdays] = useState<number[]>([1, 2, 3, 4, 5]);
  const [holidays, setHolidays] = useState('');
  const [mode, setMode] = useState<'replace' | 'keep'>('replace');
  const { error, busy, run, fieldError } = useSubmit();
  const parsed = useMemo(() => parseHolidayLines(holidays), [holidays]);
  const dayName = (n: number) => new Intl.DateTimeFormat(i18n.language, { weekday: 'long', timeZone: 'UTC' }).format(new Date(Date.UTC(2021, 7, 15 + n)));

  const submit = (e: FormEvent) => {
    e.preventDefault();
    if (parsed.errors.length) return;
    void run(async () => {
      const next = await api.post<Calendar>(`schools/${schoolId}/calendar/generate`, { yearId: year.id, from, to, weekdays, holidays: parsed.holidays, mode });
      onSaved(next, t('calendar.generated', { count: next.summary.instructionalDays }));
    });
  };
  const holidayError = parsed.errors.length
    ? parsed.errors.map((er) => t('calendar.holidayLineError', { line: er.line })).join(' ')
    : error instanceof ApiError
      ? error.fields.find((f) => f.path.startsWith('holidays'))?.message
      : undefined;
  return (
    <details className="card">
      <summary>
        <h2>{t('calendar.generateTitle')}</h2>
      </summary>
      <form className="stack" onSubmit={submit} noValidate>
        <p className="muted">{t('calendar.generateIntro')}</p>
        {error ? <ErrorAlert error={error} /> : null}
        <div className="form-grid">
          <TextField label={t('calendar.from')} type="date" required min={year.startDate} max={year.endDate} value={from} onChange={(e) => setFrom(e.target.value)} error={fieldError('from')} />
          <TextField label={t('calendar.to')} type="date" required min={year.startDate} max={year.endDate} value={to} onChange={(e) => setTo(e.target.value)} error={fieldError('to')} />
        </div>
        <CheckboxGroup legend={t('calendar.weekdays')} options={WEEKDAYS.map((n) => ({ value: n, label: dayName(n) }))} value={weekdays} onChange={(v) => setWeekdays(v.sort())} columns />
        <TextAreaField label={t('calendar.holidays')} hint={t('calendar.holidaysHint')} rows={6} value={holidays} onChange={(e) => setHolidays(e.target.value)} error={holidayError} spellCheck={false} />
        <fieldset>
          <legend>{t('calendar.mode')}</legend>
          <label className="checkbox">
            <input type="radio" name="generate-mode" checked={mode === 'replace'} onChange={() => setMode('replace')} />
            <span>{t('calendar.modeReplace')}</span>
          </label>
          <label className="checkbox">
            <input type="radio" name="generate-mode" checked={mode === 'keep'} onChange={() => setMode('keep')} />
            <span>{t('calendar.modeKeep')}</span>
          </label>
        </fieldset>
        <button type="submit" className="button-primary" disabled={busy || weekdays.length === 0 || parsed.errors.length > 0}>
          {busy ? t('common:saving') : t('calendar.generate')}
        </button>
      </form>
    </details>
  );
}

function CopyForm({ calendar, school, schools, onCopied }: { calendar: Calendar; school: School; schools: School[]; onCopied: (message: string) => void }) {
  const { t } = useTranslation('admin');
  const [targets, setTargets] = useState<number[]>([]);
  const { error, busy, run } = useSubmit();
  const others = schools.filter((s) => s.id !== school.id);
  const submit = (e: FormEvent) => {
    e.preventDefault();
    void run(async () => {
      const res = await api.post<{ schoolIds: number[]; days: number }>(`schools/${school.id}/calendar/copy`, { yearId: calendar.schoolYear.id, toSchoolIds: targets });
      onCopied(t('calendar.copied', { count: res.schoolIds.length, days: res.days }));
      setTargets([]);
    });
  };
  if (others.length === 0) return null;
  return (
    <details className="card">
      <summary>
        <h2>{t('calendar.copyTitle')}</h2>
      </summary>
      <form className="stack" onSubmit={submit} noValidate>
        <p className="muted">{t('calendar.copyIntro', { school: school.name, year: calendar.schoolYear.name })}</p>
        {error ? <ErrorAlert error={error} /> : null}
        <div className="row">
          <button type="button" className="button-quiet" onClick={() => setTargets(others.map((s) => s.id))}>
            {t('calendar.selectAll')}
          </button>
          <button type="button" className="button-quiet" onClick={() => setTargets([])}>
            {t('calendar.selectNone')}
          </button>
        </div>
        <CheckboxGroup legend={t('calendar.copyTo')} options={others.map((s) => ({ value: s.id, label: s.name }))} value={targets} onChange={setTargets} columns />
        <button type="submit" className="button-primary" disabled={busy || targets.length === 0 || calendar.days.length === 0}>
          {busy ? t('common:saving') : t('calendar.copy', { count: targets.length })}
        </button>
      </form>
    </details>
  );
}

export function CalendarPage() {
  const { t } = useTranslation('admin');
  const { hasRole } = useSession();
  const canEdit = hasRole('district_admin', 'data_manager');
  const [params, setParams] = useSearchParams();
  const schoolsApi = useApi<{ schools: School[] }>('schools');
  const yearsApi = useApi<{ schoolYears: SchoolYear[] }>('school-years');
  const schools = schoolsApi.data?.schools ?? [];
  const years = yearsApi.data?.schoolYears ?? [];
  const today = new Date().toISOString().slice(0, 10);
  const schoolId = Number(params.get('school')) || schools[0]?.id || 0;
  const yearId = Number(params.get('year')) || (years.find((y) => y.startDate <= today && today <= y.endDate) ?? years[0])?.id || 0;
  const school = schools.find((s) => s.id === schoolId);
  const calendarApi = useApi<Calendar>(schoolId && yearId ? `schools/${schoolId}/calendar?yearId=${yearId}` : null);
  const [calendar, setCalendar] = useState<Calendar | null>(null);
  useEffect(() => setCalendar(calendarApi.data ?? null), [calendarApi.data]);
  const [message, setMessage] = useState<string | null>(null);
  const [selected, setSelected] = useState<string | null>(null);
  const [focused, setFocused] = useState<string>('');

  const year = calendar?.schoolYear;
  const months = year ? monthsBetween(year.startDate, year.endDate) : [];
  const month = params.get('month') && months.includes(params.get('month')!) ? params.get('month')! : year ? monthOf(year.startDate <= today && today <= year.endDate ? today : year.startDate) : '';
  const dayMap = useMemo(() => new Map<string, CalendarDay>((calendar?.days ?? []).map((d) => [d.date, d])), [calendar]);

  useEffect(() => {
    if (!year) return;
    if (!focused || monthOf(focused) !== month) setFocused(month === monthOf(year.startDate) ? year.startDate : `${month}-01` > year.endDate ? year.endDate : `${month}-01`);
  }, [month, year, focused]);
  useEffect(() => setSelected(null), [schoolId, yearId]);

  const choose = (patch: Record<string, string | null>) => {
    const next = new URLSearchParams(params);
    for (const [k, v] of Object.entries(patch)) {
      if (v === null) next.delete(k);
      else next.set(k, v);
    }
    setParams(next, { replace: true });
  };
  /** Closes the day's editor and puts the keyboard back on that day in the grid. */
  const closeEditor = (date: string) => {
    setSelected(null);
    setTimeout(() => document.querySelector<HTMLButtonElement>(`button.day[data-date="${date}"]`)?.focus(), 0);
  };
  const saved = (c: Calendar, m: string) => {
    setCalendar(c);
    setMessage(m);
  };

  const loading = schoolsApi.loading || yearsApi.loading;
  const monthIndex = months.indexOf(month);
  const offDays = (calendar?.days ?? []).filter((d) => !d.instructional);

  return (
    <Page title={t('calendar.title')}>
      <AdminNav />
      {schoolsApi.error || yearsApi.error ? <ErrorAlert error={schoolsApi.error ?? yearsApi.error} /> : null}
      {loading ? <Loading /> : null}
      {!loading && (schools.length === 0 || years.length === 0) ? <Alert kind="info">{t('calendar.needSchoolsAndYears')}</Alert> : null}
      {schools.length > 0 && years.length > 0 ? (
        <div className="card form-grid calendar-pick">
          <SelectField label={t('calendar.school')} value={String(schoolId)} onChange={(e) => choose({ school: e.target.value, month: null })}>
            {schools.map((s) => (
              <option key={s.id} value={s.id}>
                {s.name}
              </option>
            ))}
          </SelectField>
          <SelectField label={t('calendar.year')} value={String(yearId)} onChange={(e) => choose({ year: e.target.value, month: null })}>
            {years.map((y) => (
              <option key={y.id} value={y.id}>
                {y.name}
              </option>
            ))}
          </SelectField>
        </div>
      ) : null}
      {calendarApi.error ? <ErrorAlert error={calendarApi.error} /> : null}
      {message ? <Alert kind="success">{message}</Alert> : null}
      {calendar && year && school ? (
        <>
          <section className="card" aria-labelledby="calendar-summary">
            <h2 id="calendar-summary">{t('calendar.summaryTitle', { school: school.name, year: year.name })}</h2>
            {calendar.days.length === 0 ? (
              <p>{t('calendar.empty')}</p>
            ) : (
              <dl className="facts">
                <dt>{t('calendar.instructionalDays')}</dt>
                <dd>{calendar.summary.instructionalDays}</dd>
                <dt>{t('calendar.nonInstructionalDays')}</dt>
                <dd>{calendar.summary.nonInstructionalDays}</dd>
                <dt>{t('calendar.firstDay')}</dt>
                <dd>{formatDate(calendar.summary.firstDay)}</dd>
                <dt>{t('calendar.lastDay')}</dt>
                <dd>{formatDate(calendar.summary.lastDay)}</dd>
              </dl>
            )}
          </section>

          <section className="card" aria-labelledby="month-title">
            <div className="month-head">
              <button type="button" onClick={() => choose({ month: months[monthIndex - 1] })} disabled={monthIndex <= 0}>
                <span aria-hidden="true">←</span>
                <span className="visually-hidden">{t('calendar.previousMonth')}</span>
              </button>
              <h2 id="month-title" aria-live="polite">
                {formatDate(`${month}-01`, { month: 'long', year: 'numeric' })}
              </h2>
              <button type="button" onClick={() => choose({ month: months[monthIndex + 1] })} disabled={monthIndex >= months.length - 1}>
                <span aria-hidden="true">→</span>
                <span className="visually-hidden">{t('calendar.nextMonth')}</span>
              </button>
            </div>
            <p className="muted" id="month-help">
              {canEdit ? t('calendar.gridHelp') : t('calendar.gridHelpReadOnly')}
            </p>
            <ul className="legend" aria-label={t('calendar.legend')}>
              <li>
                <span className="swatch day-instructional" aria-hidden="true" /> {t('calendar.instructional')}
              </li>
              <li>
                <span className="swatch day-off" aria-hidden="true" /> {t('calendar.nonInstructional')}
              </li>
              <li>
                <span className="swatch day-none" aria-hidden="true" /> {t('calendar.notSchoolDay')}
              </li>
            </ul>
            {focused ? (
              <MonthGrid
                month={month}
                days={dayMap}
                range={{ start: year.startDate, end: year.endDate }}
                focused={focused}
                selected={selected}
                onFocusDate={(d) => {
                  setFocused(d);
                  if (monthOf(d) !== month) choose({ month: monthOf(d) });
                }}
                onSelect={(d) => canEdit && setSelected(d)}
              />
            ) : null}
          </section>

          {selected && canEdit ? (
            <DayEditor
              key={selected}
              calendar={calendar}
              date={selected}
              schoolId={school.id}
              onSaved={(c, m) => {
                saved(c, m);
                closeEditor(selected);
              }}
              onClose={() => closeEditor(selected)}
            />
          ) : null}

          <DataTable
            caption={t('calendar.offDaysCaption')}
            rows={offDays}
            rowKey={(d) => d.date}
            empty={t('calendar.noOffDays')}
            columns={[
              { key: 'date', header: t('calendar.date'), render: (d) => formatDate(d.date, { dateStyle: 'full' }), value: (d) => d.date },
              { key: 'event', header: t('calendar.event'), render: (d) => d.event ?? '—' },
            ]}
          />

          {canEdit ? (
            <>
              <GenerateForm key={`g-${school.id}-${year.id}`} calendar={calendar} schoolId={school.id} onSaved={saved} />
              <CopyForm key={`c-${school.id}-${year.id}`} calendar={calendar} school={school} schools={schools} onCopied={setMessage} />
            </>
          ) : null}
        </>
      ) : calendarApi.loading ? (
        <Loading />
      ) : null}
    </Page>
  );
}
