/**
 * One month of a school calendar as a keyboard-usable grid: arrow keys move a day (up and down a
 * week), Home/End go to the week's ends, Page Up/Down change month; Enter or a click opens the day.
 */
import { useEffect, useMemo, useRef, type KeyboardEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { addDays, datesBetween, isoWeekday } from '../../../../common/calendar.ts';
import { formatDate } from '../../ui/format.ts';
import type { CalendarDay } from './types.ts';

export function monthOf(date: string): string {
  return date.slice(0, 7);
}

export function monthsBetween(start: string, end: string): string[] {
  const out: string[] = [];
  let [y, m] = start.slice(0, 7).split('-').map(Number);
  const [ey, em] = end.slice(0, 7).split('-').map(Number);
  while (y < ey || (y === ey && m <= em)) {
    out.push(`${y}-${String(m).padStart(2, '0')}`);
    m++;
    if (m > 12) {
      m = 1;
      y++;
    }
  }
  return out;
}

function lastDayOfMonth(month: string): string {
  const [y, m] = month.split('-').map(Number);
  return new Date(Date.UTC(y, m, 0)).toISOString().slice(0, 10);
}

export function addMonths(date: string, n: number): string {
  const [y, m, d] = date.split('-').map(Number);
  const target = new Date(Date.UTC(y, m - 1 + n, 1));
  const last = new Date(Date.UTC(target.getUTCFullYear(), target.getUTCMonth() + 1, 0)).getUTCDate();
  return new Date(Date.UTC(target.getUTCFullYear(), target.getUTCMonth(), Math.min(d, last))).toISOString().slice(0, 10);
}

export function MonthGrid({
  month,
  days,
  range,
  focused,
  selected,
  onFocusDate,
  onSelect,
}: {
  month: string;
  days: Map<string, CalendarDay>;
  range: { start: string; end: string };
  focused: string;
  selected: string | null;
  onFocusDate: (date: string) => void;
  onSelect: (date: string) => void;
}) {
  const { t, i18n } = useTranslation('admin');
  const gridRef = useRef<HTMLTableElement>(null);
  const focusRequested = useRef(false);
  const weekdayNames = useMemo(() => {
    const fmt = new Intl.DateTimeFormat(i18n.language, { weekday: 'short', timeZone: 'UTC' });
    const long = new Intl.DateTimeFormat(i18n.language, { weekday: 'long', timeZone: 'UTC' });
    return datesBetween('2021-08-16', '2021-08-22').map((d) => ({ short: fmt.format(new Date(`${d}T00:00:00Z`)), long: long.format(new Date(`${d}T00:00:00Z`)) }));
  }, [i18n.language]);

  const weeks = useMemo(() => {
    const first = `${month}-01`;
    const dates: (string | null)[] = Array.from({ length: isoWeekday(first) - 1 }, () => null);
    dates.push(...datesBetween(first, lastDayOfMonth(month)));
    while (dates.length % 7) dates.push(null);
    const rows: (string | null)[][] = [];
    for (let i = 0; i < dates.length; i += 7) rows.push(dates.slice(i, i + 7));
    return rows;
  }, [month]);

  useEffect(() => {
    if (!focusRequested.current) return;
    focusRequested.current = false;
    gridRef.current?.querySelector<HTMLButtonElement>(`button[data-date="${focused}"]`)?.focus();
  }, [focused, month]);

  const clamp = (d: string) => (d < range.start ? range.start : d > range.end ? range.end : d);
  function onKeyDown(e: KeyboardEvent<HTMLButtonElement>, date: string) {
    const moves: Record<string, () => string> = {
      ArrowLeft: () => addDays(date, -1),
      ArrowRight: () => addDays(date, 1),
      ArrowUp: () => addDays(date, -7),
      ArrowDown: () => addDays(date, 7),
      Home: () => addDays(date, 1 - isoWeekday(date)),
      End: () => addDays(date, 7 - isoWeekday(date)),
      PageUp: () => addMonths(date, -1),
      PageDown: () => addMonths(date, 1),
    };
    const move = moves[e.key];
    if (!move) return;
    e.preventDefault();
    focusRequested.current = true;
    onFocusDate(clamp(move()));
  }

  const describe = (date: string) => {
    const day = days.get(date);
    const state = !day ? t('calendar.notSchoolDay') : day.instructional ? t('calendar.instructional') : t('calendar.nonInstructional');
    return `${formatDate(date, { dateStyle: 'full' })}: ${state}${day?.event ? ` — ${day.event}` : ''}`;
  };

  return (
    <table className="month-grid" ref={gridRef}>
      <caption className="visually-hidden">{formatDate(`${month}-01`, { month: 'long', year: 'numeric' })}</caption>
      <thead>
        <tr>
          {weekdayNames.map((w) => (
            <th key={w.long} scope="col" abbr={w.long}>
              {w.short}
            </th>
          ))}
        </tr>
      </thead>
      <tbody>
        {weeks.map((week, i) => (
          <tr key={i}>
            {week.map((date, j) => {
              if (!date) return <td key={j} className="day-blank" />;
              const day = days.get(date);
              const inYear = date >= range.start && date <= range.end;
              const kind = !day ? 'none' : day.instructional ? 'instructional' : 'off';
              if (!inYear) {
                return (
                  <td key={date} className="day-outside">
                    <span aria-hidden="true">{Number(date.slice(8))}</span>
                    <span className="visually-hidden">{`${formatDate(date, { dateStyle: 'full' })}: ${t('calendar.outsideYear')}`}</span>
                  </td>
                );
              }
              return (
                <td key={date}>
                  <button
                    type="button"
                    data-date={date}
                    className={`day day-${kind}${selected === date ? ' day-selected' : ''}`}
                    tabIndex={date === focused ? 0 : -1}
                    aria-label={describe(date)}
                    aria-pressed={selected === date}
                    title={day?.event ?? undefined}
                    onKeyDown={(e) => onKeyDown(e, date)}
                    onFocus={() => date !== focused && onFocusDate(date)}
                    onClick={() => onSelect(date)}
                  >
                    <span className="day-number" aria-hidden="true">
                      {Number(date.slice(8))}
                    </span>
                    {day?.event ? (
                      <span className="day-event" aria-hidden="true">
                        {day.event}
                      </span>
                    ) : null}
                  </button>
                </td>
              );
            })}
          </tr>
        ))}
      </tbody>
    </table>
  );
}
