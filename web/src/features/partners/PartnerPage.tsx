/** One partner: what it offers, where, who to call (and its champions), the schools it serves, its agreements. */
import { useState, type ReactNode } from 'react';
import { Link, useNavigate, useParams } from 'react-router';
import { useTranslation } from 'react-i18next';
import { api } from '../../app/api.ts';
import { useMe } from '../../app/session.tsx';
import { Page } from '../../ui/Page.tsx';
import { Loading } from '../../ui/Loading.tsx';
import { Alert, ErrorAlert } from '../../ui/Alert.tsx';
import { CheckboxGroup } from '../../ui/Checkboxes.tsx';
import { ConfirmButton } from '../../ui/Confirm.tsx';
import { DataTable } from '../../ui/DataTable.tsx';
import { formatDate } from '../../ui/format.ts';
import { useApi } from '../../ui/useApi.ts';
import { DISTRICT_STAFF, languageList, PartnersNav, Section, StatusBadge, type PartnerDetail, type SchoolOption } from './common.tsx';
import { ContactForm, Editable, LocationForm, PartnerForm, ServiceForm } from './forms.tsx';

function SchoolsServed({ partner, onSaved }: { partner: PartnerDetail; onSaved: () => void }) {
  const { t } = useTranslation('partners');
  const schools = useApi<{ schools: SchoolOption[] }>('schools');
  const [value, setValue] = useState(partner.schools.map((s) => s.id));
  const [error, setError] = useState<unknown>(null);
  const [saved, setSaved] = useState(false);
  const editable = new Set(partner.editableSchoolIds);
  const options = (schools.data?.schools ?? []).filter((s) => editable.has(s.id));
  if (options.length === 0) return null;
  async function save() {
    setError(null);
    setSaved(false);
    try {
      const outside = partner.schools.map((s) => s.id).filter((id) => !editable.has(id));
      await api.put(`partners/${partner.id}/schools`, { schoolIds: [...outside, ...value.filter((id) => editable.has(id))] });
      setSaved(true);
      onSaved();
    } catch (err) {
      setError(err);
    }
  }
  return (
    <div className="stack">
      {error ? <ErrorAlert error={error} /> : null}
      {saved ? <Alert kind="success">{t('common:saved')}</Alert> : null}
      <CheckboxGroup legend={t('schoolsEdit')} columns options={options.map((s) => ({ value: s.id, label: s.name }))} value={value.filter((id) => editable.has(id))} onChange={(next) => setValue([...value.filter((id) => !editable.has(id)), ...next])} />
      <button type="button" onClick={save}>
        {t('saveSchools')}
      </button>
    </div>
  );
}

/**
 * A section listing a partner's services, contacts or locations: each shown, and for those who may
 * edit, opened in place for editing; an Add button opens an empty form on top.
 */
function ItemsSection<T extends { id: number }>(props: {
  kind: string;
  title: string;
  addLabel: string;
  none: string;
  items: T[];
  label: (item: T) => string;
  canEdit: boolean;
  editing: string | null;
  toggle: (key: string) => void;
  form: (item?: T) => ReactNode;
  view: (item: T) => ReactNode;
  remove?: (item: T) => ReactNode;
}) {
  const { kind, editing, canEdit } = props;
  return (
    <Section
      id={`${kind}s`}
      title={props.title}
      actions={canEdit ? <button type="button" onClick={() => props.toggle(`${kind}:new`)} aria-expanded={editing === `${kind}:new`}>{props.addLabel}</button> : null}
    >
      {editing === `${kind}:new` ? props.form() : null}
      {props.items.length === 0 ? <p>{props.none}</p> : null}
      <ul className="plain-list">
        {props.items.map((item) => (
          <li key={item.id}>
            <Editable label={props.label(item)} editing={editing === `${kind}:${item.id}`} canEdit={canEdit} onEdit={() => props.toggle(`${kind}:${item.id}`)} form={props.form(item)} view={props.view(item)} />
            {canEdit && props.remove && editing !== `${kind}:${item.id}` ? props.remove(item) : null}
          </li>
        ))}
      </ul>
    </Section>
  );
}

export function PartnerPage() {
  const { t, i18n } = useTranslation('partners');
  const me = useMe();
  const navigate = useNavigate();
  const { partnerId } = useParams();
  const { data: p, error, loading, reload } = useApi<PartnerDetail>(`partners/${partnerId}`);
  const [editing, setEditing] = useState<string | null>(null);
  const [deleteError, setDeleteError] = useState<unknown>(null);
  if (loading && !p) return <Loading />;
  if (!p) return <ErrorAlert error={error} />;
  const done = () => {
    setEditing(null);
    reload();
  };
  const toggle = (key: string) => setEditing(editing === key ? null : key);
  return (
    <Page
      title={p.name}
      subtitle={`${t(`sectors.${p.sector}`)}${p.status === 'inactive' ? ` · ${t('partnerStatus.inactive')}` : ''}`}
      actions={
        <>
          {p.canEdit ? (
            <button type="button" onClick={() => toggle('partner')} aria-expanded={editing === 'partner'}>
              {t('edit')}
            </button>
          ) : null}
          {DISTRICT_STAFF.includes(me.role) ? (
            <ConfirmButton
              label={t('delete')}
              question={t('deleteQuestion')}
              confirmLabel={t('deleteConfirm')}
              onConfirm={async () => {
                setDeleteError(null);
                try {
                  await api.delete(`partners/${p.id}`);
                  navigate('/partners');
                } catch (err) {
                  setDeleteError(err);
                }
              }}
            />
          ) : null}
        </>
      }
    >
      <PartnersNav />
      {error ? <ErrorAlert error={error} /> : null}
      {deleteError ? <ErrorAlert error={deleteError} /> : null}
      {editing === 'partner' ? (
        <Section id="edit-partner" title={t('editTitle')}>
          <PartnerForm partner={p} onSaved={done} onCancel={() => setEditing(null)} />
        </Section>
      ) : (
        <Section id="about" title={t('about')}>
          <p>{p.description}</p>
          <dl className="facts">
            {p.mission ? (
              <>
                <dt>{t('form.mission')}</dt>
                <dd>{p.mission}</dd>
              </>
            ) : null}
            {p.website ? (
              <>
                <dt>{t('form.website')}</dt>
                <dd>
                  <a href={p.website} rel="noopener noreferrer" target="_blank">
                    {p.website}
                  </a>
                </dd>
              </>
            ) : null}
            {p.email ? (
              <>
                <dt>{t('form.email')}</dt>
                <dd>
                  <a href={`mailto:${p.email}`}>{p.email}</a>
                </dd>
              </>
            ) : null}
            {p.phones.length ? (
              <>
                <dt>{t('contacts.phone')}</dt>
                <dd>{p.phones.join(', ')}</dd>
              </>
            ) : null}
            <dt>{t('openCapacity')}</dt>
            <dd>{p.openCapacity ?? t('notStated')}</dd>
          </dl>
        </Section>
      )}

      <ItemsSection
        kind="service"
        title={t('services.title')}
        addLabel={t('services.add')}
        none={t('services.none')}
        items={p.services}
        label={(s) => s.name}
        canEdit={p.canEdit}
        editing={editing}
        toggle={toggle}
        form={(s) => <ServiceForm partner={p} service={s} onSaved={done} onCancel={() => setEditing(null)} />}
        remove={(s) => (
          <ConfirmButton label={t('services.remove')} question={t('services.removeQuestion', { name: s.name })} confirmLabel={t('services.remove')} onConfirm={async () => void (await api.delete(`partners/${p.id}/services/${s.id}`), reload())} />
        )}
        view={(s) => (
          <>
            <h3>{s.name}</h3>
            <p className="muted">
              {t(`categories.${s.category}`)}
              {s.status !== 'active' ? ` · ${t(`serviceStatus.${s.status.replace(' ', '_')}`)}` : ''}
            </p>
            {s.description ? <p>{s.description}</p> : null}
            <dl className="facts">
              <dt>{t('services.languages')}</dt>
              <dd>{languageList(s.languages.map((l) => l.code ?? l.name), i18n.language)}</dd>
              <dt>{t('services.capacity')}</dt>
              <dd>{s.capacity === null ? t('notStated') : s.capacity === 0 ? t('services.full') : s.capacity}</dd>
              {s.schedule ? (
                <>
                  <dt>{t('services.schedule')}</dt>
                  <dd>{s.schedule}</dd>
                </>
              ) : null}
              {s.cost ? (
                <>
                  <dt>{t('services.cost')}</dt>
                  <dd>{s.cost}</dd>
                </>
              ) : null}
              {s.eligibility || s.minimumAge !== null || s.maximumAge !== null ? (
                <>
                  <dt>{t('services.eligibility')}</dt>
                  <dd>{[s.eligibility, s.minimumAge !== null || s.maximumAge !== null ? t('services.ages', { min: s.minimumAge ?? 0, max: s.maximumAge ?? '…' }) : null].filter(Boolean).join(' · ')}</dd>
                </>
              ) : null}
              {s.locationIds.length ? (
                <>
                  <dt>{t('services.locations')}</dt>
                  <dd>{s.locationIds.map((id) => p.locations.find((l) => l.id === id)?.name ?? '').filter(Boolean).join(', ')}</dd>
                </>
              ) : null}
            </dl>
          </>
        )}
      />

      <Section id="schools" title={t('schoolsServed')}>
        <p>{p.schools.map((s) => s.name).join(', ') || t('noSchools')}</p>
        {p.editableSchoolIds.length ? <SchoolsServed key={p.schools.map((s) => s.id).join(',')} partner={p} onSaved={reload} /> : null}
      </Section>

      <ItemsSection
        kind="contact"
        title={t('contacts.title')}
        addLabel={t('contacts.add')}
        none={t('contacts.none')}
        items={p.contacts}
        label={(c) => c.name ?? ''}
        canEdit={p.canEdit}
        editing={editing}
        toggle={toggle}
        form={(c) => <ContactForm partnerId={p.id} contact={c} onSaved={done} onCancel={() => setEditing(null)} />}
        view={(c) => (
          <p>
            <strong>{c.name}</strong>
            {c.title ? `, ${c.title}` : ''}
            {c.champion ? (
              <>
                {' '}
                <span className="badge badge-ok">{t('contacts.championBadge')}</span>
              </>
            ) : null}
            <br />
            {[c.email, c.phone].filter(Boolean).join(' · ')}
            {c.championNote ? (
              <>
                <br />
                <span className="muted">{c.championNote}</span>
              </>
            ) : null}
          </p>
        )}
      />

      <ItemsSection
        kind="location"
        title={t('locations.title')}
        addLabel={t('locations.add')}
        none={t('locations.none')}
        items={p.locations}
        label={(l) => l.name ?? ''}
        canEdit={p.canEdit}
        editing={editing}
        toggle={toggle}
        form={(l) => <LocationForm partnerId={p.id} location={l} onSaved={done} onCancel={() => setEditing(null)} />}
        view={(l) => (
          <p>
            <strong>{l.name}</strong>
            {l.address ? (
              <>
                <br />
                {l.address}
              </>
            ) : null}
          </p>
        )}
      />

      <Section id="agreements" title={t('agreementsTitle')}>
        <DataTable
          caption={t('agreementsCaption', { name: p.name })}
          rows={p.agreements}
          rowKey={(a) => a.id}
          empty={t('noAgreements')}
          columns={[
            { key: 'title', header: t('agreementTitle'), render: (a) => <Link to={`/agreements/${a.id}`}>{a.title}</Link> },
            { key: 'status', header: t('statusLabel'), render: (a) => <StatusBadge status={a.status} /> },
            { key: 'term', header: t('term'), render: (a) => `${formatDate(a.startDate)} – ${formatDate(a.endDate)}` },
          ]}
        />
      </Section>
    </Page>
  );
}
