/** The forms saved on this device: waiting to be sent, or refused by the server with the reason. */
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { Alert } from '../../ui/Alert.tsx';
import { discard, type useOutbox } from './offline.ts';

export function Outbox({ outbox }: { outbox: ReturnType<typeof useOutbox> }) {
  const { t, i18n } = useTranslation('homeVisits');
  const { items, online, sync, refresh, lastReport } = outbox;
  return (
    <section aria-labelledby="outbox-title" className="card">
      <h2 id="outbox-title">{t('outbox.title')}</h2>
      <p className="muted" role="status">
        {online ? t('outbox.online') : t('outbox.offline')}
      </p>
      {lastReport?.sent.length ? (
        <Alert kind="success">
          <ul>
            {lastReport.sent.map((s) => (
              <li key={s.visit.id + s.message}>
                <Link to={`/home-visits/visits/${s.visit.id}`}>{s.replayed ? t('outbox.replayed', { id: s.visit.id }) : t('outbox.sent', { id: s.visit.id })}</Link>
              </li>
            ))}
          </ul>
        </Alert>
      ) : null}
      {items.length === 0 ? (
        <p>{t('outbox.empty')}</p>
      ) : (
        <ul className="hv-outbox">
          {items.map((item) => (
            <li key={item.key} className={item.state === 'refused' ? 'hv-refused' : undefined}>
              <div>
                <strong>{item.label}</strong>
                <div className="muted">{t('outbox.savedAt', { when: new Date(item.savedAt).toLocaleString(i18n.language) })}</div>
                {item.state === 'refused' ? (
                  <p className="field-message">
                    {t('outbox.refused')} {item.message}
                  </p>
                ) : (
                  <p>{t('outbox.waiting')}</p>
                )}
              </div>
              <div className="row">
                <button
                  type="button"
                  className="button-quiet"
                  onClick={async () => {
                    if (window.confirm(t('outbox.discardConfirm'))) {
                      await discard(item.key);
                      await refresh();
                    }
                  }}
                >
                  {t('outbox.discard')}
                </button>
              </div>
            </li>
          ))}
        </ul>
      )}
      {items.some((i) => i.state === 'waiting') && online ? (
        <button type="button" onClick={() => void sync()}>
          {t('outbox.sendNow')}
        </button>
      ) : null}
    </section>
  );
}
