/** District settings: the rules measures and privacy follow (PRODUCT.md, "Rules of the domain"). */
import { useEffect, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { api } from '../../app/api.ts';
import { useSubmit } from '../../ui/useSubmit.ts';
import { useSession } from '../../app/session.tsx';
import { Page } from '../../ui/Page.tsx';
import { TextField } from '../../ui/Field.tsx';
import { Alert, ErrorAlert } from '../../ui/Alert.tsx';
import { Loading } from '../../ui/Loading.tsx';
import { useApi } from '../../ui/useApi.ts';
import { AdminNav } from './AdminNav.tsx';
import type { District } from './types.ts';

interface Form {
  name: string;
  minN: string;
  minDaysEnrolled: string;
  partialDays: boolean;
  partialDayThresholdMinutes: string;
  topBottomCoding: boolean;
  homeVisitCoveragePercent: string;
}

function toForm(d: District): Form {
  return {
    name: d.name,
    minN: String(d.settings.minN),
    minDaysEnrolled: String(d.settings.minDaysEnrolled),
    partialDays: d.settings.partialDayThresholdMinutes !== null,
    partialDayThresholdMinutes: d.settings.partialDayThresholdMinutes === null ? '' : String(d.settings.partialDayThresholdMinutes),
    topBottomCoding: d.settings.topBottomCoding,
    homeVisitCoveragePercent: String(Math.round(d.settings.homeVisitCoverageTarget * 1000) / 10),
  };
}

const num = (s: string) => (s.trim() === '' ? Number.NaN : Number(s));

export function SettingsPage() {
  const { t } = useTranslation('admin');
  const { hasRole } = useSession();
  const canEdit = hasRole('district_admin');
  const { data, error: loadError } = useApi<District>('district');
  const [form, setForm] = useState<Form | null>(null);
  const { error, busy, run, fieldError } = useSubmit();
  const [saved, setSaved] = useState(false);
  useEffect(() => {
    if (data) setForm(toForm(data));
  }, [data]);

  const submit = (e: FormEvent) => {
    e.preventDefault();
    if (!form) return;
    setSaved(false);
    void run(async () => {
      const next = await api.patch<District>('district', {
        name: form.name,
        settings: {
          minN: num(form.minN),
          minDaysEnrolled: num(form.minDaysEnrolled),
          partialDayThresholdMinutes: form.partialDays ? num(form.partialDayThresholdMinutes) : null,
          topBottomCoding: form.topBottomCoding,
          homeVisitCoverageTarget: Math.round(num(form.homeVisitCoveragePercent) * 10) / 1000,
        },
      });
      setForm(toForm(next));
      setSaved(true);
    });
  };

  const set = (patch: Partial<Form>) => setForm((f) => (f ? { ...f, ...patch } : f));

  return (
    <Page title={t('title')} subtitle={data ? `${data.name} (${data.code})` : undefined}>
      <AdminNav />
      {loadError ? <ErrorAlert error={loadError} /> : null}
      {!form ? (
        loadError ? null : <Loading />
      ) : (
        <form onSubmit={submit} className="card stack" noValidate aria-labelledby="settings-title">
          <h2 id="settings-title">{t('settings.heading')}</h2>
          {!canEdit ? <Alert kind="info">{t('settings.readOnly')}</Alert> : null}
          {saved ? <Alert kind="success">{t('settings.saved')}</Alert> : null}
          {error ? <ErrorAlert error={error} /> : null}
          <fieldset disabled={!canEdit} className="plain-fieldset stack">
            <legend className="visually-hidden">{t('settings.heading')}</legend>
            <TextField label={t('settings.name')} required value={form.name} onChange={(e) => set({ name: e.target.value })} error={fieldError('name')} />
            <TextField label={t('settings.minN')} hint={t('settings.minNHint')} type="number" inputMode="numeric" min={1} max={100} required value={form.minN} onChange={(e) => set({ minN: e.target.value })} error={fieldError('settings.minN')} />
            <TextField
              label={t('settings.minDaysEnrolled')}
              hint={t('settings.minDaysEnrolledHint')}
              type="number"
              inputMode="numeric"
              min={1}
              max={200}
              required
              value={form.minDaysEnrolled}
              onChange={(e) => set({ minDaysEnrolled: e.target.value })}
              error={fieldError('settings.minDaysEnrolled')}
            />
            <div className="field">
              <label className="checkbox">
                <input type="checkbox" checked={form.partialDays} onChange={(e) => set({ partialDays: e.target.checked })} />
                <span>{t('settings.partialDays')}</span>
              </label>
            </div>
            {form.partialDays ? (
              <TextField
                label={t('settings.partialDayThreshold')}
                hint={t('settings.partialDayThresholdHint')}
                type="number"
                inputMode="numeric"
                min={1}
                max={1440}
                required
                value={form.partialDayThresholdMinutes}
                onChange={(e) => set({ partialDayThresholdMinutes: e.target.value })}
                error={fieldError('settings.partialDayThresholdMinutes')}
              />
            ) : null}
            <div className="field">
              <label className="checkbox">
                <input type="checkbox" checked={form.topBottomCoding} onChange={(e) => set({ topBottomCoding: e.target.checked })} />
                <span>
                  {t('settings.topBottomCoding')}
                  <span className="checkbox-hint">{t('settings.topBottomCodingHint')}</span>
                </span>
              </label>
            </div>
            <TextField
              label={t('settings.homeVisitTarget')}
              hint={t('settings.homeVisitTargetHint')}
              type="number"
              inputMode="decimal"
              min={0}
              max={100}
              step="0.1"
              required
              value={form.homeVisitCoveragePercent}
              onChange={(e) => set({ homeVisitCoveragePercent: e.target.value })}
              error={fieldError('settings.homeVisitCoverageTarget')}
            />
            {canEdit ? (
              <button type="submit" className="button-primary" disabled={busy}>
                {busy ? t('common:saving') : t('common:save')}
              </button>
            ) : null}
          </fieldset>
        </form>
      )}
    </Page>
  );
}
