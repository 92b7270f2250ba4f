/**
 * API tokens: a person creates them for integrations (the secret is shown once), sees them with their
 * prefix and last use, and revokes them. A district administrator sees and revokes everyone's.
 */
import { useEffect, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { TOKEN_SCOPES, type Role, type TokenScope } from '../../../../common/roles.ts';
import { api } from '../../app/api.ts';
import { useSubmit } from '../../ui/useSubmit.ts';
import { TextField } from '../../ui/Field.tsx';
import { ErrorAlert } from '../../ui/Alert.tsx';
import { CheckboxGroup } from '../../ui/Checkboxes.tsx';
import { ConfirmButton } from '../../ui/Confirm.tsx';
import { DataTable } from '../../ui/DataTable.tsx';
import { Loading } from '../../ui/Loading.tsx';
import { OnceSecret } from '../../ui/Secret.tsx';
import { useApi } from '../../ui/useApi.ts';
import { formatDate, formatDateTime } from '../../ui/format.ts';

export interface ApiToken {
  id: number;
  name: string;
  prefix: string;
  scopes: TokenScope[];
  createdAt: string;
  lastUsedAt: string | null;
  expiresAt: string | null;
  revokedAt: string | null;
  status: 'active' | 'expired' | 'revoked';
  owner: { id: number; email: string; displayName: string; role: Role };
}

const STATUS_BADGE = { active: 'badge-ok', expired: 'badge-warn', revoked: 'badge-bad' } as const;

export function TokenTable({ all = false, reloadKey = 0 }: { all?: boolean; reloadKey?: number }) {
  const { t } = useTranslation('account');
  const { data, error, loading, reload } = useApi<{ tokens: ApiToken[] }>(all ? 'tokens?all=true' : 'tokens');
  const [actionError, setActionError] = useState<unknown>(null);
  useEffect(() => {
    if (reloadKey) reload();
  }, [reloadKey, reload]);
  if (error) return <ErrorAlert error={error} />;
  if (loading && !data) return <Loading />;
  const tokens = data?.tokens ?? [];
  return (
    <>
      {actionError ? <ErrorAlert error={actionError} /> : null}
      <DataTable<ApiToken>
        caption={all ? t('tokens.allCaption') : t('tokens.caption')}
        rows={tokens}
        rowKey={(x) => x.id}
        empty={t('tokens.none')}
        columns={[
          { key: 'name', header: t('tokens.name') },
          ...(all ? [{ key: 'owner', header: t('tokens.owner'), render: (x: ApiToken) => `${x.owner.displayName} (${x.owner.email})`, value: (x: ApiToken) => x.owner.email }] : []),
          { key: 'prefix', header: t('tokens.prefix'), render: (x) => <code>{x.prefix}…</code> },
          { key: 'scopes', header: t('tokens.scopes'), render: (x) => x.scopes.map((s) => t(`tokens.scopeNames.${s}`)).join(', '), value: (x) => x.scopes.join(' ') },
          { key: 'lastUsedAt', header: t('tokens.lastUsed'), render: (x) => (x.lastUsedAt ? formatDateTime(x.lastUsedAt) : t('tokens.never')) },
          { key: 'expiresAt', header: t('tokens.expires'), render: (x) => (x.expiresAt ? formatDate(x.expiresAt) : t('tokens.noExpiry')) },
          { key: 'status', header: t('tokens.status'), render: (x) => <span className={`badge ${STATUS_BADGE[x.status]}`}>{t(`tokens.statuses.${x.status}`)}</span> },
          {
            key: 'actions',
            header: t('common:actions'),
            render: (x: ApiToken) =>
              x.status === 'active' ? (
                <ConfirmButton
                  label={
                    <>
                      {t('tokens.revoke')}
                      <span className="visually-hidden"> {x.name}</span>
                    </>
                  }
                  question={t('tokens.revokeQuestion', { name: x.name })}
                  confirmLabel={t('tokens.revokeConfirm')}
                  onConfirm={async () => {
                    setActionError(null);
                    try {
                      await api.delete(`tokens/${x.id}`);
                      reload();
                    } catch (err) {
                      setActionError(err);
                    }
                  }}
                />
              ) : (
                '—'
              ),
          },
        ]}
      />
    </>
  );
}

export function TokensSection() {
  const { t } = useTranslation('account');
  const [name, setName] = useState('');
  const [scopes, setScopes] = useState<TokenScope[]>(['read']);
  const [expiresOn, setExpiresOn] = useState('');
  const { error, busy, run, fieldError } = useSubmit();
  const [secret, setSecret] = useState<string | null>(null);
  const [reloadKey, setReloadKey] = useState(0);
  const submit = (e: FormEvent) => {
    e.preventDefault();
    setSecret(null);
    void run(async () => {
      const res = await api.post<{ token: string }>('tokens', { name, scopes, expiresOn: expiresOn || null });
      setSecret(res.token);
      setName('');
      setExpiresOn('');
      setReloadKey((k) => k + 1);
    });
  };
  return (
    <section aria-labelledby="tokens-title" className="card stack">
      <h2 id="tokens-title">{t('tokens.title')}</h2>
      <p className="muted">{t('tokens.intro')}</p>
      {secret ? <OnceSecret title={t('tokens.created')} value={secret} note={t('tokens.createdNote')} /> : null}
      <TokenTable reloadKey={reloadKey} />
      <form onSubmit={submit} className="stack" noValidate aria-labelledby="new-token-title">
        <h3 id="new-token-title">{t('tokens.newTitle')}</h3>
        {error ? <ErrorAlert error={error} /> : null}
        <TextField label={t('tokens.name')} hint={t('tokens.nameHint')} required maxLength={100} value={name} onChange={(e) => setName(e.target.value)} error={fieldError('name')} />
        <CheckboxGroup
          legend={t('tokens.scopes')}
          hint={t('tokens.scopesHint')}
          options={TOKEN_SCOPES.map((s) => ({ value: s, label: t(`tokens.scopeNames.${s}`), hint: t(`tokens.scopeHints.${s}`) }))}
          value={scopes}
          onChange={setScopes}
          error={fieldError('scopes')}
        />
        <TextField label={t('tokens.expiresOn')} hint={t('tokens.expiresOnHint')} type="date" value={expiresOn} onChange={(e) => setExpiresOn(e.target.value)} error={fieldError('expiresOn')} />
        <button type="submit" className="button-primary" disabled={busy || !name.trim() || scopes.length === 0}>
          {busy ? t('common:saving') : t('tokens.create')}
        </button>
      </form>
    </section>
  );
}
