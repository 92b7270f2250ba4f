/** Numbers, measures and student groups in the reader's language. */
import i18n from 'i18next';
import type { TFunction } from 'i18next';

export function pct(x: number | null | undefined, digits = 1): string {
  if (x === null || x === undefined) return '—';
  return new Intl.NumberFormat(i18n.language, { style: 'percent', minimumFractionDigits: digits, maximumFractionDigits: digits }).format(x);
}

export function count(n: number | null | undefined): string {
  if (n === null || n === undefined) return '—';
  return new Intl.NumberFormat(i18n.language).format(n);
}

/** A change in percentage points, signed: "+1.2" / "−0.8". */
export function points(change: number | null | undefined): string {
  if (change === null || change === undefined) return '—';
  const v = Math.round(change * 1000) / 10;
  const s = new Intl.NumberFormat(i18n.language, { minimumFractionDigits: 1, maximumFractionDigits: 1, signDisplay: 'exceptZero' }).format(v);
  return s.replace('-', '\u2212');
}

/** Whether a change is for the better, given which way is better for the measure. */
export function direction(change: number | null | undefined, better: 'lower' | 'higher'): 'better' | 'worse' | 'same' | null {
  if (change === null || change === undefined) return null;
  if (Math.abs(change) < 0.0005) return 'same';
  return (change < 0) === (better === 'lower') ? 'better' : 'worse';
}

export function measureLabel(t: TFunction, key: string): string {
  return t(`dashboard:measures.${key}`, { defaultValue: key.replace(/-/g, ' ') });
}

export function languageName(code: string): string {
  try {
    return new Intl.DisplayNames([i18n.language], { type: 'language' }).of(code) ?? code;
  } catch {
    return code;
  }
}

/** 'race=hispanic' → 'Hispanic or Latino'; 'english_learner=Y' → 'English learners: yes'. */
export function groupLabel(t: TFunction, group: string | null): string {
  if (!group) return t('dashboard:allStudents');
  const [kind, value] = group.split('=');
  if (kind === 'home_language') return value === 'unknown' ? t('dashboard:values.unknown') : languageName(value);
  if (kind === 'race' || kind === 'sex') return t(`dashboard:values.${kind}.${value}`, { defaultValue: value });
  return t(`dashboard:values.flag.${value}`, { kind: kindLabel(t, kind), defaultValue: value });
}

export function kindLabel(t: TFunction, kind: string): string {
  return t(`dashboard:kinds.${kind}`, { defaultValue: kind });
}

export function gradeLabel(t: TFunction, grade: string): string {
  return t(`dashboard:grades.${grade}`, { defaultValue: grade });
}

export function monthLabel(month: string): string {
  return new Intl.DateTimeFormat(i18n.language, { month: 'short', year: 'numeric', timeZone: 'UTC' }).format(new Date(`${month}-01T00:00:00Z`));
}

/** A top/bottom-coded rate as read: '<=5%' → '≤ 5%'. */
export const bandText = (band: string) => band.replace('<=', '≤ ').replace('>=', '≥ ');
