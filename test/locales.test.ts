/**
 * Every string of the web app exists in every language: each web/src/locales/<lang>/<namespace>.json
 * has the same keys in English and Spanish (plural forms aside: languages have different ones), no
 * empty strings, and the same {{placeholders}}. Covers every feature's namespace.
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';

const root = path.resolve('web', 'src', 'locales');
const languages = readdirSync(root, { withFileTypes: true }).filter((d) => d.isDirectory()).map((d) => d.name).sort();
const namespaces = [...new Set(languages.flatMap((l) => readdirSync(path.join(root, l)).filter((f) => f.endsWith('.json'))))].sort();
const PLURAL = /_(zero|one|two|few|many|other)$/;

function flatten(value: unknown, prefix = '', out = new Map<string, string>()): Map<string, string> {
  if (value && typeof value === 'object' && !Array.isArray(value)) {
    for (const [k, v] of Object.entries(value)) flatten(v, prefix ? `${prefix}.${k}` : k, out);
  } else {
    out.set(prefix, String(value));
  }
  return out;
}

function load(lang: string, ns: string): Map<string, string> | null {
  const file = path.join(root, lang, ns);
  if (!existsSync(file)) return null;
  return flatten(JSON.parse(readFileSync(file, 'utf8')));
}

/** Keys with plural suffixes folded into one (English has _one/_other; other languages more or fewer). */
function baseKeys(strings: Map<string, string>): Set<string> {
  return new Set([...strings.keys()].map((k) => k.replace(PLURAL, '')));
}

const placeholders = (s: string) => [...s.matchAll(/\{\{\s*([\w.]+)[^}]*\}\}/g)].map((m) => m[1]).sort().join(',');

describe('translations', () => {
  it('include English and Spanish', () => {
    expect(languages).toEqual(expect.arrayContaining(['en', 'es']));
    expect(namespaces).toEqual(expect.arrayContaining(['common.json', 'session.json', 'account.json']));
  });

  for (const ns of namespaces) {
    it(`${ns}: the same keys, no empty strings and the same placeholders in every language`, () => {
      const problems: string[] = [];
      const all = new Map(languages.map((l) => [l, load(l, ns)]));
      const union = new Set<string>();
      for (const [lang, strings] of all) {
        if (!strings) {
          problems.push(`${lang}/${ns} is missing`);
          continue;
        }
        for (const k of baseKeys(strings)) union.add(k);
        for (const [k, v] of strings) if (v.trim() === '') problems.push(`${lang}/${ns}: ${k} is empty`);
      }
      for (const [lang, strings] of all) {
        if (!strings) continue;
        const keys = baseKeys(strings);
        for (const k of union) if (!keys.has(k)) problems.push(`${lang}/${ns}: missing ${k}`);
      }
      const en = all.get('en');
      if (en) {
        for (const [lang, strings] of all) {
          if (lang === 'en' || !strings) continue;
          for (const [k, v] of strings) {
            const english = en.get(k) ?? en.get(k.replace(PLURAL, '_other'));
            if (english !== undefined && placeholders(english) !== placeholders(v)) problems.push(`${lang}/${ns}: ${k} has {{${placeholders(v)}}} but English has {{${placeholders(english)}}}`);
          }
        }
      }
      expect(problems).toEqual([]);
    });
  }
});
