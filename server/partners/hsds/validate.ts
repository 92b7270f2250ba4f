/**
 * Checks a data set before anything is written: required fields, values from the allowed lists,
 * dates and times, ids that appear twice, and references. A required reference (a service's
 * organization, a service_at_location's service and location…) must name a record in the files or
 * already in Village; an optional one that names nothing is dropped with a warning.
 */
import { RESOURCE_BY_KIND, kindOfLinkField, type HsdsDataset, type Where } from './resources.ts';
import { VILLAGE_TAXONOMY_ID, villageTermFor } from './village-terms.ts';

const DATE = /^\d{4}-\d{2}-\d{2}/;
const TIME = /^\d{1,2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:?\d{2})?$/;

function describe(w: Where): string {
  return w.line !== undefined ? `line ${w.line}` : w.path ?? w.file;
}

/** `stored(kind)`: ids of that kind already in Village for this district. */
export function validateDataset(ds: HsdsDataset, stored: (kind: string) => Set<string>): void {
  const ids = new Map<string, Set<string>>();
  for (const [kind, rows] of ds.tables) {
    const def = RESOURCE_BY_KIND.get(kind);
    const seen = new Map<string, Where>();
    for (const { row, where } of rows) {
      const id = row.id === undefined ? '' : String(row.id);
      if (id === '') {
        ds.errors.push({ where, column: 'id', message: `a ${kind} needs an id` });
        continue;
      }
      const first = seen.get(id);
      if (first) {
        ds.errors.push({ where, column: 'id', message: `${kind} id ${id} appears twice (${describe(first)} and ${describe(where)})` });
        continue;
      }
      seen.set(id, where);
      if (!def) continue;
      for (const f of def.fields) {
        const v = row[f.name];
        if (v === undefined || String(v).trim() === '') {
          if (f.required) ds.errors.push({ where, column: f.name, message: `a ${kind} needs a ${f.name} (required by HSDS)` });
          continue;
        }
        if (f.values) {
          const canonical = f.values.find((x) => x.toLowerCase() === String(v).trim().toLowerCase());
          if (canonical === undefined) ds.errors.push({ where, column: f.name, message: `"${v}" is not one of ${f.values.join(', ')}` });
          else if (canonical !== v) row[f.name] = canonical;
        }
        if ((f.type === 'date' || f.type === 'datetime') && !DATE.test(String(v))) ds.errors.push({ where, column: f.name, message: `"${v}" is not a date (YYYY-MM-DD)` });
        if (f.type === 'time' && !TIME.test(String(v))) ds.errors.push({ where, column: f.name, message: `"${v}" is not a time (HH:MM or HH:MM:SS)` });
      }
    }
    ids.set(kind, new Set(seen.keys()));
  }

  const known = (kind: string, id: string): boolean => {
    if (kind === 'taxonomy_term' && villageTermFor(id)) return true;
    if (kind === 'taxonomy' && id === VILLAGE_TAXONOMY_ID) return true;
    return !!ids.get(kind)?.has(id) || stored(kind).has(id);
  };

  for (const [kind, rows] of ds.tables) {
    const def = RESOURCE_BY_KIND.get(kind);
    const refs = def ? def.refs : Object.keys(rows[0]?.row ?? {}).flatMap((f) => (kindOfLinkField(f) && f !== 'id' ? [{ field: f, kind: kindOfLinkField(f)!, required: false }] : []));
    for (const { row, where } of rows) {
      for (const ref of refs) {
        const v = row[ref.field];
        if (v === undefined || String(v) === '') continue;
        if (known(ref.kind, String(v))) continue;
        if (ref.required) ds.errors.push({ where, column: ref.field, message: `no ${ref.kind} with id ${v} in the files or in Village` });
        else {
          ds.warnings.push({ where, column: ref.field, message: `no ${ref.kind} with id ${v} in the files or in Village; the link was dropped` });
          delete row[ref.field];
        }
      }
      if (kind === 'attribute' && row.link_id !== undefined) {
        const entity = String(row.link_entity ?? '');
        const candidates = RESOURCE_BY_KIND.has(entity) ? [entity] : [...RESOURCE_BY_KIND.keys()];
        if (!candidates.some((k) => known(k, String(row.link_id)))) {
          // HSDS declares no foreign key for link_id (link_entity says where to look): kept as it is.
          ds.warnings.push({ where, column: 'link_id', message: `no ${RESOURCE_BY_KIND.has(entity) ? entity : 'record'} with id ${row.link_id} in the files or in Village; the attribute is kept as it is` });
        }
      }
    }
  }
}
