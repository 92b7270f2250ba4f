/** The record of disclosures of one student's records to partners: what a parent may ask to see. */
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api } from '../../app/api.ts';
import { Page } from '../../ui/Page.tsx';
import { TextField } from '../../ui/Field.tsx';
import { ErrorAlert } from '../../ui/Alert.tsx';
import { DataTable } from '../../ui/DataTable.tsx';
import { formatDateTime } from '../../ui/format.ts';
import type { Disclosure } from './types.ts';
import { useSubmit } from '../partners/forms.tsx';

export function DisclosuresPage() {
  const { t } = useTranslation('agreements');
  const [number, setNumber] = useState('');
  const [result, setResult] = useState<{ student: { id: number; studentNumber: string; name: string }; disclosures: Disclosure[] } | null>(null);
  const f = useSubmit(
    () => {
      setResult(null);
      return api.get<NonNullable<typeof result>>(`disclosures?studentNumber=${encodeURIComponent(number.trim())}`);
    },
    (r) => setResult(r as NonNullable<typeof result>),
  );
  return (
    <Page title={t('disclosures.title')} subtitle={t('disclosures.subtitle')}>
      <form className="card row" role="search" onSubmit={f.submit}>
        <TextField label={t('disclosures.studentNumber')} value={number} onChange={(e) => setNumber(e.target.value)} required autoComplete="off" />
        <button type="submit" className="button-primary" disabled={f.busy || !number.trim()}>
          {t('disclosures.show')}
        </button>
      </form>
      {f.error ? <ErrorAlert error={f.error} /> : null}
      {result ? (
        <DataTable
          caption={t('disclosures.caption', { name: result.student.name, number: result.student.studentNumber, count: result.disclosures.length })}
          rows={result.disclosures}
          rowKey={(d) => `${d.at}:${d.context}:${d.partnerId}`}
          empty={t('disclosures.none')}
          csvName={`disclosures-${result.student.studentNumber}`}
          columns={[
            { key: 'at', header: t('disclosures.when'), render: (d) => formatDateTime(d.at), value: (d) => d.at },
            { key: 'partner', header: t('disclosures.partner'), render: (d) => d.partnerName },
            { key: 'agreement', header: t('disclosures.agreement'), render: (d) => d.agreementTitle ?? '—' },
            { key: 'route', header: t('disclosures.route'), render: (d) => (d.ferpaRoute ? t(`ferpa.${d.ferpaRoute}`) : '—'), value: (d) => d.ferpaRoute ?? '' },
            { key: 'records', header: t('disclosures.records'), render: (d) => d.dataCategories.map((c) => t(`dataCategories.${c}`)).join(', ') || '—', value: (d) => d.dataCategories.join(';') },
            { key: 'how', header: t('disclosures.how'), render: (d) => t(`disclosures.contexts.${d.context}`, { defaultValue: d.context }), value: (d) => d.context },
            { key: 'who', header: t('disclosures.who'), render: (d) => d.userLabel },
          ]}
        />
      ) : null}
    </Page>
  );
}
