/**
 * English and Spanish. Each feature keeps its strings in web/src/locales/<lang>/<namespace>.json;
 * another language is added by adding a folder of the same files.
 */
import i18n from 'i18next';
import { initReactI18next } from 'react-i18next';

const files = import.meta.glob('../locales/*/*.json', { eager: true, import: 'default' }) as Record<string, Record<string, unknown>>;

const resources: Record<string, Record<string, Record<string, unknown>>> = {};
for (const [file, strings] of Object.entries(files)) {
  const m = /locales\/([^/]+)\/([^/]+)\.json$/.exec(file);
  if (!m) continue;
  (resources[m[1]] ??= {})[m[2]] = strings;
}

export const SUPPORTED = ['en', 'es'] as const;
export type Lang = (typeof SUPPORTED)[number];
const STORAGE_KEY = 'village.locale';

export function initialLanguage(): Lang {
  const stored = typeof localStorage !== 'undefined' ? localStorage.getItem(STORAGE_KEY) : null;
  if (stored && (SUPPORTED as readonly string[]).includes(stored)) return stored as Lang;
  const nav = typeof navigator !== 'undefined' ? navigator.language.slice(0, 2) : 'en';
  return (SUPPORTED as readonly string[]).includes(nav) ? (nav as Lang) : 'en';
}

void i18n.use(initReactI18next).init({
  resources,
  lng: initialLanguage(),
  fallbackLng: 'en',
  ns: Object.keys(resources.en ?? { common: {} }),
  defaultNS: 'common',
  interpolation: { escapeValue: false },
  returnNull: false,
});

export function setLanguage(lang: Lang) {
  localStorage.setItem(STORAGE_KEY, lang);
  void i18n.changeLanguage(lang);
  document.documentElement.lang = lang;
}

document.documentElement.lang = i18n.language;

export default i18n;
