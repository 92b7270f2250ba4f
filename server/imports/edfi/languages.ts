/**
 * Ed-Fi language descriptors name a language by its ISO 639-2/3 code ("spa", Data Standard 3+) or
 * by its English name ("Spanish", Data Standard 2). Village stores ISO 639-1 codes ("es") and, for
 * languages that have none, the three-letter code. The names come from the runtime's own language
 * data (Intl.DisplayNames), so no list is kept by hand.
 */
let byName: Map<string, string> | null = null;
let twoByThree: Map<string, string> | null = null;
let codes: Set<string> | null = null;
const known3 = new Set<string>();

const LETTERS = 'abcdefghijklmnopqrstuvwxyz';

function build() {
  if (byName && twoByThree) return;
  const names = new Intl.DisplayNames(['en'], { type: 'language', fallback: 'none' });
  byName = new Map();
  twoByThree = new Map();
  const nameOf = (code: string) => {
    try {
      return names.of(code);
    } catch {
      return undefined;
    }
  };
  for (const a of LETTERS)
    for (const b of LETTERS) {
      const code = a + b;
      const name = nameOf(code);
      if (name) byName.set(name.toLowerCase(), code);
    }
  for (const a of LETTERS)
    for (const b of LETTERS)
      for (const c of LETTERS) {
        const code = a + b + c;
        const name = nameOf(code);
        if (!name) continue;
        known3.add(code);
        const two = byName.get(name.toLowerCase());
        if (two && two.length === 2) twoByThree.set(code, two);
        else if (!two) byName.set(name.toLowerCase(), code);
      }
  codes = new Set(byName.values());
  // Bibliographic ISO 639-2 codes some systems still send.
  for (const [b, t] of [['chi', 'zh'], ['fre', 'fr'], ['ger', 'de'], ['dut', 'nl'], ['per', 'fa'], ['arm', 'hy'], ['bur', 'my'], ['cze', 'cs'], ['gre', 'el'], ['geo', 'ka'], ['ice', 'is'], ['mac', 'mk'], ['mao', 'mi'], ['may', 'ms'], ['rum', 'ro'], ['slo', 'sk'], ['tib', 'bo'], ['wel', 'cy'], ['alb', 'sq'], ['baq', 'eu']] as const) {
    twoByThree.set(b, t);
  }
  // Common names the runtime spells differently.
  for (const [name, code] of [['tagalog', 'tl'], ['mandarin', 'zh'], ['hmong', 'hmn'], ['haitian', 'ht'], ['haitian creole', 'ht'], ['farsi', 'fa'], ['bengali', 'bn'], ['oriya', 'or'], ['moldavian', 'ro'], ['flemish', 'nl'], ['castilian', 'es'], ['gaelic', 'gd'], ['panjabi', 'pa'], ['pushto', 'ps']] as const) {
    byName.set(name, code);
  }
}

/** The ISO 639 code Village stores for an Ed-Fi language value, or null when it is not a language. */
export function isoLanguage(value: string): string | null {
  build();
  const v = value.trim().toLowerCase();
  if (!v) return null;
  if (/^[a-z]{2}$/.test(v)) return codes!.has(v) ? v : null;
  if (/^[a-z]{3}$/.test(v)) {
    const two = twoByThree!.get(v);
    if (two) return two;
    return known3.has(v) ? v : null;
  }
  // ISO 639-2 English names may list several ("Navajo; Navaho") or qualify one ("Greek, Modern (1453-)").
  for (const name of [v, ...v.split(/\s*;\s*/)]) {
    const code = byName!.get(name) ?? byName!.get(name.replace(/\s*\(.*\)$/, '')) ?? byName!.get(name.split(/\s*,\s*/).reverse().join(' '));
    if (code) return code;
  }
  return null;
}
