/** Forms for a partner's entry, services, contacts and locations. */
import { useState, type FormEvent, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { api, ApiError } from '../../app/api.ts';
import { SelectField, TextAreaField, TextField } from '../../ui/Field.tsx';
import { CheckboxGroup } from '../../ui/Checkboxes.tsx';
import { ErrorAlert } from '../../ui/Alert.tsx';
import { COMMON_LANGUAGES, languageName, NEED_CATEGORIES, SECTORS, SERVICE_STATUSES, uniq, type Contact, type Location, type PartnerDetail, type Service } from './common.tsx';

/** Sends a form's body and reports field errors under each field. */
export function useSubmit(send: () => Promise<unknown>, onDone: (result: unknown) => void) {
  const [error, setError] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);
  async function submit(e: FormEvent) {
    e.preventDefault();
    setBusy(true);
    setError(null);
    try {
      onDone(await send());
    } catch (err) {
      setError(err);
    } finally {
      setBusy(false);
    }
  }
  const fieldError = (name: string) => (error instanceof ApiError ? error.fieldMessage(name) : undefined);
  return { submit, error, busy, fieldError };
}

function Buttons({ busy, onCancel }: { busy: boolean; onCancel?: () => void }) {
  const { t } = useTranslation();
  return (
    <div className="row">
      <button type="submit" className="button-primary" disabled={busy}>
        {busy ? t('saving') : t('save')}
      </button>
      {onCancel ? (
        <button type="button" onClick={onCancel}>
          {t('cancel')}
        </button>
      ) : null}
    </div>
  );
}

/** A select of named records (schools, partners) by id, with an optional "none / any" first choice. */
export function NamedSelect({ label, value, options, onChange, empty, error }: { label: string; value: number | null; options: Array<{ id: number; name: string }>; onChange: (id: number | null) => void; empty?: string; error?: string }) {
  return (
    <SelectField label={label} value={value ?? ''} error={error} onChange={(e) => onChange(e.target.value ? Number(e.target.value) : null)}>
      {empty !== undefined ? <option value="">{empty}</option> : null}
      {options.map((o) => (
        <option key={o.id} value={o.id}>
          {o.name}
        </option>
      ))}
    </SelectField>
  );
}

const nullIfEmpty = (s: string) => (s.trim() === '' ? null : s.trim());
const intOrNull = (s: string) => (s.trim() === '' ? null : Number(s));

export function PartnerForm({ partner, onSaved, onCancel }: { partner?: PartnerDetail; onSaved: (id: number) => void; onCancel?: () => void }) {
  const { t } = useTranslation('partners');
  const [v, setV] = useState({
    name: partner?.name ?? '',
    alternateName: partner?.alternateName ?? '',
    sector: partner?.sector ?? 'other',
    description: partner?.description ?? '',
    mission: partner?.mission ?? '',
    email: partner?.email ?? '',
    website: partner?.website ?? '',
    status: partner?.status ?? 'active',
  });
  const body = { ...v, alternateName: nullIfEmpty(v.alternateName), mission: nullIfEmpty(v.mission), email: nullIfEmpty(v.email), website: nullIfEmpty(v.website) };
  const f = useSubmit(
    () => (partner ? api.put(`partners/${partner.id}`, body).then(() => ({ id: partner.id })) : api.post<{ id: number }>('partners', body)),
    (r) => onSaved((r as { id: number }).id),
  );
  return (
    <form className="stack form-narrow" onSubmit={f.submit} noValidate>
      {f.error ? <ErrorAlert error={f.error} /> : null}
      <TextField label={t('form.name')} required value={v.name} onChange={(e) => setV({ ...v, name: e.target.value })} error={f.fieldError('name')} />
      <TextField label={t('form.alternateName')} value={v.alternateName} onChange={(e) => setV({ ...v, alternateName: e.target.value })} />
      <SelectField label={t('sector')} value={v.sector} onChange={(e) => setV({ ...v, sector: e.target.value as typeof v.sector })}>
        {SECTORS.map((s) => (
          <option key={s} value={s}>
            {t(`sectors.${s}`)}
          </option>
        ))}
      </SelectField>
      <TextAreaField label={t('form.description')} hint={t('form.descriptionHint')} required value={v.description} onChange={(e) => setV({ ...v, description: e.target.value })} error={f.fieldError('description')} />
      <TextAreaField label={t('form.mission')} value={v.mission} onChange={(e) => setV({ ...v, mission: e.target.value })} />
      <TextField label={t('form.email')} type="email" value={v.email} onChange={(e) => setV({ ...v, email: e.target.value })} error={f.fieldError('email')} />
      <TextField label={t('form.website')} type="url" value={v.website} onChange={(e) => setV({ ...v, website: e.target.value })} />
      <SelectField label={t('statusLabel')} value={v.status} onChange={(e) => setV({ ...v, status: e.target.value as 'active' | 'inactive' })}>
        <option value="active">{t('partnerStatus.active')}</option>
        <option value="inactive">{t('partnerStatus.inactive')}</option>
      </SelectField>
      <Buttons busy={f.busy} onCancel={onCancel} />
    </form>
  );
}

/** Languages as checkboxes for the common ones, plus any other ISO code typed in. */
export function LanguagePicker({ legend, value, onChange }: { legend: string; value: string[]; onChange: (next: string[]) => void }) {
  const { t, i18n } = useTranslation('partners');
  const others = value.filter((c) => !COMMON_LANGUAGES.includes(c));
  const [extra, setExtra] = useState(others.join(', '));
  return (
    <div className="stack">
      <CheckboxGroup
        legend={legend}
        columns
        options={COMMON_LANGUAGES.map((c) => ({ value: c, label: languageName(c, i18n.language) }))}
        value={value.filter((c) => COMMON_LANGUAGES.includes(c))}
        onChange={(next) => onChange(uniq([...next, ...others]))}
      />
      <TextField
        label={t('form.otherLanguages')}
        hint={t('form.otherLanguagesHint')}
        value={extra}
        onChange={(e) => {
          setExtra(e.target.value);
          const codes = e.target.value.split(/[\s,;]+/).map((s) => s.trim().toLowerCase()).filter(Boolean);
          onChange(uniq([...value.filter((c) => COMMON_LANGUAGES.includes(c)), ...codes]));
        }}
      />
    </div>
  );
}

export function ServiceForm({ partner, service, onSaved, onCancel }: { partner: PartnerDetail; service?: Service; onSaved: () => void; onCancel: () => void }) {
  const { t } = useTranslation('partners');
  const [v, setV] = useState({
    name: service?.name ?? '',
    description: service?.description ?? '',
    category: service?.category ?? 'other',
    status: service?.status ?? 'active',
    eligibility: service?.eligibility ?? '',
    minimumAge: service?.minimumAge?.toString() ?? '',
    maximumAge: service?.maximumAge?.toString() ?? '',
    cost: service?.cost ?? '',
    url: service?.url ?? '',
    email: service?.email ?? '',
    capacity: service?.capacity?.toString() ?? '',
    schedule: service?.schedule ?? '',
    languages: service?.languages.map((l) => l.code).filter((c): c is string => !!c) ?? [],
    locationIds: service?.locationIds ?? [],
  });
  const body = {
    name: v.name,
    alternateName: service?.alternateName ?? null,
    description: nullIfEmpty(v.description),
    category: v.category,
    status: v.status,
    eligibility: nullIfEmpty(v.eligibility),
    minimumAge: intOrNull(v.minimumAge),
    maximumAge: intOrNull(v.maximumAge),
    cost: nullIfEmpty(v.cost),
    url: nullIfEmpty(v.url),
    email: nullIfEmpty(v.email),
    capacity: intOrNull(v.capacity),
    schedule: nullIfEmpty(v.schedule),
    languages: v.languages,
    locationIds: v.locationIds,
  };
  const f = useSubmit(() => (service ? api.put(`partners/${partner.id}/services/${service.id}`, body) : api.post(`partners/${partner.id}/services`, body)), onSaved);
  return (
    <form className="stack form-narrow subform" onSubmit={f.submit} noValidate aria-label={service ? t('services.editNamed', { name: service.name }) : t('services.add')}>
      {f.error ? <ErrorAlert error={f.error} /> : null}
      <TextField label={t('services.name')} required value={v.name} onChange={(e) => setV({ ...v, name: e.target.value })} error={f.fieldError('name')} />
      <SelectField label={t('category')} value={v.category} onChange={(e) => setV({ ...v, category: e.target.value as typeof v.category })}>
        {NEED_CATEGORIES.map((c) => (
          <option key={c} value={c}>
            {t(`categories.${c}`)}
          </option>
        ))}
      </SelectField>
      <TextAreaField label={t('services.description')} value={v.description} onChange={(e) => setV({ ...v, description: e.target.value })} />
      <TextField label={t('services.eligibility')} value={v.eligibility} onChange={(e) => setV({ ...v, eligibility: e.target.value })} />
      <div className="row">
        <TextField label={t('services.minimumAge')} type="number" min={0} max={120} inputMode="numeric" value={v.minimumAge} onChange={(e) => setV({ ...v, minimumAge: e.target.value })} error={f.fieldError('minimumAge')} />
        <TextField label={t('services.maximumAge')} type="number" min={0} max={120} inputMode="numeric" value={v.maximumAge} onChange={(e) => setV({ ...v, maximumAge: e.target.value })} error={f.fieldError('maximumAge')} />
      </div>
      <TextField label={t('services.capacity')} hint={t('services.capacityHint')} type="number" min={0} inputMode="numeric" value={v.capacity} onChange={(e) => setV({ ...v, capacity: e.target.value })} error={f.fieldError('capacity')} />
      <TextField label={t('services.cost')} value={v.cost} onChange={(e) => setV({ ...v, cost: e.target.value })} />
      <TextField label={t('services.schedule')} hint={t('services.scheduleHint')} value={v.schedule} onChange={(e) => setV({ ...v, schedule: e.target.value })} />
      <LanguagePicker legend={t('services.languages')} value={v.languages} onChange={(languages) => setV({ ...v, languages })} />
      {partner.locations.length ? (
        <CheckboxGroup
          legend={t('services.locations')}
          options={partner.locations.map((l) => ({ value: l.id, label: l.name ?? l.address ?? String(l.id) }))}
          value={v.locationIds}
          onChange={(locationIds) => setV({ ...v, locationIds })}
        />
      ) : null}
      <TextField label={t('form.website')} type="url" value={v.url} onChange={(e) => setV({ ...v, url: e.target.value })} />
      <TextField label={t('form.email')} type="email" value={v.email} onChange={(e) => setV({ ...v, email: e.target.value })} error={f.fieldError('email')} />
      <SelectField label={t('services.status')} value={v.status} onChange={(e) => setV({ ...v, status: e.target.value })}>
        {SERVICE_STATUSES.map((s) => (
          <option key={s} value={s}>
            {t(`serviceStatus.${s.replace(' ', '_')}`)}
          </option>
        ))}
      </SelectField>
      <Buttons busy={f.busy} onCancel={onCancel} />
    </form>
  );
}

export function ContactForm({ partnerId, contact, onSaved, onCancel }: { partnerId: number; contact?: Contact; onSaved: () => void; onCancel: () => void }) {
  const { t } = useTranslation('partners');
  const [v, setV] = useState({
    name: contact?.name ?? '',
    title: contact?.title ?? '',
    department: contact?.department ?? '',
    email: contact?.email ?? '',
    phone: contact?.phone ?? '',
    champion: contact?.champion ?? false,
    championNote: contact?.championNote ?? '',
  });
  const body = { ...v, title: nullIfEmpty(v.title), department: nullIfEmpty(v.department), email: nullIfEmpty(v.email), phone: nullIfEmpty(v.phone), championNote: nullIfEmpty(v.championNote) };
  const f = useSubmit(() => (contact ? api.put(`partners/${partnerId}/contacts/${contact.id}`, body) : api.post(`partners/${partnerId}/contacts`, body)), onSaved);
  return (
    <form className="stack form-narrow subform" onSubmit={f.submit} noValidate aria-label={contact ? t('contacts.editNamed', { name: contact.name }) : t('contacts.add')}>
      {f.error ? <ErrorAlert error={f.error} /> : null}
      <TextField label={t('contacts.name')} required value={v.name} onChange={(e) => setV({ ...v, name: e.target.value })} error={f.fieldError('name')} />
      <TextField label={t('contacts.jobTitle')} value={v.title} onChange={(e) => setV({ ...v, title: e.target.value })} />
      <TextField label={t('contacts.department')} value={v.department} onChange={(e) => setV({ ...v, department: e.target.value })} />
      <TextField label={t('form.email')} type="email" value={v.email} onChange={(e) => setV({ ...v, email: e.target.value })} error={f.fieldError('email')} />
      <TextField label={t('contacts.phone')} type="tel" value={v.phone} onChange={(e) => setV({ ...v, phone: e.target.value })} />
      <label className="checkbox">
        <input type="checkbox" checked={v.champion} onChange={(e) => setV({ ...v, champion: e.target.checked })} />
        <span>
          {t('contacts.champion')}
          <span className="checkbox-hint">{t('contacts.championHint')}</span>
        </span>
      </label>
      {v.champion ? <TextField label={t('contacts.championNote')} value={v.championNote} onChange={(e) => setV({ ...v, championNote: e.target.value })} /> : null}
      <Buttons busy={f.busy} onCancel={onCancel} />
    </form>
  );
}

export function LocationForm({ partnerId, location, onSaved, onCancel }: { partnerId: number; location?: Location; onSaved: () => void; onCancel: () => void }) {
  const { t } = useTranslation('partners');
  const [v, setV] = useState({ name: location?.name ?? '', description: location?.description ?? '', address1: '', city: '', stateProvince: '', postalCode: '', country: 'US' });
  const hasAddress = v.address1.trim() !== '';
  const body = {
    name: v.name,
    description: nullIfEmpty(v.description),
    locationType: 'physical',
    latitude: location?.latitude ?? null,
    longitude: location?.longitude ?? null,
    ...(hasAddress || !location ? { address: hasAddress ? { address1: v.address1, city: v.city, stateProvince: v.stateProvince, postalCode: v.postalCode, country: v.country } : null } : {}),
  };
  const f = useSubmit(() => (location ? api.put(`partners/${partnerId}/locations/${location.id}`, body) : api.post(`partners/${partnerId}/locations`, body)), onSaved);
  return (
    <form className="stack form-narrow subform" onSubmit={f.submit} noValidate aria-label={location ? t('locations.editNamed', { name: location.name ?? '' }) : t('locations.add')}>
      {f.error ? <ErrorAlert error={f.error} /> : null}
      <TextField label={t('locations.name')} required value={v.name} onChange={(e) => setV({ ...v, name: e.target.value })} error={f.fieldError('name')} />
      <TextField label={t('locations.description')} value={v.description} onChange={(e) => setV({ ...v, description: e.target.value })} />
      <fieldset>
        <legend>{location?.address ? t('locations.newAddress', { address: location.address }) : t('locations.address')}</legend>
        <div className="stack">
          <TextField label={t('locations.street')} value={v.address1} onChange={(e) => setV({ ...v, address1: e.target.value })} error={f.fieldError('address1')} autoComplete="address-line1" />
          <div className="row">
            <TextField label={t('locations.city')} value={v.city} onChange={(e) => setV({ ...v, city: e.target.value })} error={f.fieldError('city')} autoComplete="address-level2" />
            <TextField label={t('locations.state')} value={v.stateProvince} onChange={(e) => setV({ ...v, stateProvince: e.target.value })} error={f.fieldError('stateProvince')} autoComplete="address-level1" />
            <TextField label={t('locations.postalCode')} value={v.postalCode} onChange={(e) => setV({ ...v, postalCode: e.target.value })} error={f.fieldError('postalCode')} autoComplete="postal-code" />
          </div>
        </div>
      </fieldset>
      <Buttons busy={f.busy} onCancel={onCancel} />
    </form>
  );
}

/** A list item with an Edit button that opens its form in place. */
export function Editable({ label, canEdit, editing, onEdit, view, form }: { label: string; canEdit: boolean; editing: boolean; onEdit: () => void; view: ReactNode; form: ReactNode }) {
  const { t } = useTranslation();
  if (!canEdit) return <>{view}</>;
  return editing ? (
    <>{form}</>
  ) : (
    <div className="editable">
      <div>{view}</div>
      <button type="button" className="button-quiet" onClick={onEdit} aria-label={`${t('edit')}: ${label}`}>
        {t('edit')}
      </button>
    </div>
  );
}
