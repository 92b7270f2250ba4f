/** Data-sharing terms: FERPA route, which records, which students (a list, or a scope narrowed by consent), purpose, destruction date. */
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api } from '../../app/api.ts';
import { SelectField, TextAreaField, TextField } from '../../ui/Field.tsx';
import { CheckboxGroup } from '../../ui/Checkboxes.tsx';
import { ErrorAlert } from '../../ui/Alert.tsx';
import { DATA_CATEGORIES, FERPA_ROUTES } from '../partners/common.tsx';
import { useSubmit } from '../partners/forms.tsx';
import type { Party, Terms } from './types.ts';

export function TermsForm({ agreementId, partners, terms, onSaved, onCancel }: { agreementId: number; partners: Party[]; terms?: Terms; onSaved: (id: number) => void; onCancel?: () => void }) {
  const { t } = useTranslation('agreements');
  const [v, setV] = useState({
    partnerId: terms?.partnerId ?? partners[0]?.partnerId ?? 0,
    ferpaRoute: terms?.ferpaRoute ?? 'consent',
    dataCategories: terms?.dataCategories ?? ['enrollment', 'attendance'],
    purpose: terms?.purpose ?? '',
    selection: terms?.selection ?? 'scope',
    destructionDate: terms?.destructionDate ?? '',
    notes: terms?.notes ?? '',
  });
  const body = { ...v, destructionDate: v.destructionDate || null, notes: v.notes.trim() || null };
  const f = useSubmit(
    () => (terms ? api.put(`data-sharing/${terms.id}`, body).then(() => ({ id: terms.id })) : api.post<{ id: number }>(`agreements/${agreementId}/data-sharing`, body)),
    (r) => onSaved((r as { id: number }).id),
  );
  return (
    <form className="stack form-narrow" onSubmit={f.submit} noValidate aria-label={t('terms.formLabel')}>
      {f.error ? <ErrorAlert error={f.error} /> : null}
      <SelectField label={t('terms.partner')} value={v.partnerId} onChange={(e) => setV({ ...v, partnerId: Number(e.target.value) })} error={f.fieldError('partnerId')}>
        {partners.map((p) => (
          <option key={p.id} value={p.partnerId ?? 0}>
            {p.name}
          </option>
        ))}
      </SelectField>
      <fieldset>
        <legend>{t('terms.route')}</legend>
        <div className="stack">
          {FERPA_ROUTES.map((r) => (
            <label key={r} className="checkbox">
              <input type="radio" name="ferpaRoute" value={r} checked={v.ferpaRoute === r} onChange={() => setV({ ...v, ferpaRoute: r })} />
              <span>
                {t(`ferpa.${r}`)}
                <span className="checkbox-hint">{t(`ferpaHint.${r}`)}</span>
              </span>
            </label>
          ))}
        </div>
      </fieldset>
      <CheckboxGroup
        legend={t('terms.records')}
        columns
        error={f.fieldError('dataCategories')}
        options={DATA_CATEGORIES.map((c) => ({ value: c, label: t(`dataCategories.${c}`) }))}
        value={v.dataCategories}
        onChange={(dataCategories) => setV({ ...v, dataCategories })}
      />
      <fieldset>
        <legend>{t('terms.students')}</legend>
        <div className="stack">
          {(['list', 'scope'] as const).map((s) => (
            <label key={s} className="checkbox">
              <input type="radio" name="selection" value={s} checked={v.selection === s} onChange={() => setV({ ...v, selection: s })} />
              <span>
                {t(`selection.${s}`)}
                <span className="checkbox-hint">{t(`selectionHint.${s}`)}</span>
              </span>
            </label>
          ))}
        </div>
      </fieldset>
      <TextAreaField label={t('terms.purpose')} required value={v.purpose} onChange={(e) => setV({ ...v, purpose: e.target.value })} error={f.fieldError('purpose')} />
      <TextField label={t('terms.destructionDate')} hint={t('terms.destructionHint')} type="date" value={v.destructionDate} onChange={(e) => setV({ ...v, destructionDate: e.target.value })} error={f.fieldError('destructionDate')} />
      <TextAreaField label={t('terms.notes')} value={v.notes} onChange={(e) => setV({ ...v, notes: e.target.value })} />
      <div className="row">
        <button type="submit" className="button-primary" disabled={f.busy}>
          {f.busy ? t('common:saving') : t('common:save')}
        </button>
        {onCancel ? (
          <button type="button" onClick={onCancel}>
            {t('common:cancel')}
          </button>
        ) : null}
      </div>
    </form>
  );
}
