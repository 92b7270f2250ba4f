import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { toSpreadsheetCsv } from '../../../common/csv-escape.ts';

export interface Column<T> {
  key: string;
  header: string;
  render?: (row: T) => ReactNode;
  /** The cell's plain value for CSV export (default: row[key]). */
  value?: (row: T) => unknown;
  numeric?: boolean;
  /** Only in the CSV export, not on the page (e.g. a count the page shows inside another cell). */
  csvOnly?: boolean;
}

/** A captioned, scrollable table; on a phone it scrolls sideways inside its own region. */
export function DataTable<T>({ caption, columns: allColumns, rows, rowKey, empty, csvName }: { caption: string; columns: Column<T>[]; rows: T[]; rowKey: (row: T) => string | number; empty?: string; csvName?: string }) {
  const { t } = useTranslation();
  const columns = allColumns.filter((c) => !c.csvOnly);
  return (
    <div className="table-block">
      {csvName && rows.length > 0 ? (
        <div className="table-tools">
          <button type="button" className="button-quiet" onClick={() => downloadCsv(csvName, allColumns.map((c) => c.header), rows.map((r) => allColumns.map((c) => (c.value ? c.value(r) : (r as Record<string, unknown>)[c.key]))))}>
            {t('downloadCsv')}
          </button>
        </div>
      ) : null}
      <div className="table-scroll" role="region" aria-label={caption} tabIndex={0}>
        <table>
          <caption>{caption}</caption>
          <thead>
            <tr>
              {columns.map((c) => (
                <th key={c.key} scope="col" className={c.numeric ? 'num' : undefined}>
                  {c.header}
                </th>
              ))}
            </tr>
          </thead>
          <tbody>
            {rows.length === 0 ? (
              <tr>
                <td colSpan={columns.length}>{empty ?? t('noResults')}</td>
              </tr>
            ) : (
              rows.map((r) => (
                <tr key={rowKey(r)}>
                  {columns.map((c, i) =>
                    i === 0 ? (
                      <th key={c.key} scope="row" className={c.numeric ? 'num' : undefined}>
                        {c.render ? c.render(r) : String((r as Record<string, unknown>)[c.key] ?? '')}
                      </th>
                    ) : (
                      <td key={c.key} className={c.numeric ? 'num' : undefined}>
                        {c.render ? c.render(r) : String((r as Record<string, unknown>)[c.key] ?? '')}
                      </td>
                    ),
                  )}
                </tr>
              ))
            )}
          </tbody>
        </table>
      </div>
    </div>
  );
}

/** Saves rows as a spreadsheet-safe CSV file. */
export function downloadCsv(filename: string, header: string[], rows: unknown[][]) {
  const blob = new Blob(['\ufeff' + toSpreadsheetCsv(header, rows)], { type: 'text/csv;charset=utf-8' });
  const url = URL.createObjectURL(blob);
  const a = document.createElement('a');
  a.href = url;
  a.download = filename.endsWith('.csv') ? filename : `${filename}.csv`;
  document.body.appendChild(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 1000);
}
