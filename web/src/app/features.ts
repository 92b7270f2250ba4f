/**
 * The areas of the web app. Each feature folder (web/src/features/<name>/index.ts) exports a
 * `feature`: its pages and its navigation entries, with the roles that may see them. The shell shows
 * only the areas a person may use; there are no placeholder pages.
 */
import type { ComponentType } from 'react';
import type { Role } from '../../../common/roles.ts';

export interface FeaturePage {
  /** Route path, e.g. '/schools/:schoolId'. */
  path: string;
  component: ComponentType;
  /** Who may open it (default: anyone signed in). */
  roles?: readonly Role[];
}

export interface NavItem {
  to: string;
  /** i18n key, 'namespace:key'. */
  label: string;
  roles?: readonly Role[];
  /** Lower comes first. */
  order: number;
}

export interface Feature {
  id: string;
  pages: FeaturePage[];
  nav?: NavItem[];
  /** The home page for these roles (first match wins, by nav order). */
  home?: { path: string; roles: readonly Role[] };
}

const modules = import.meta.glob('../features/*/index.ts', { eager: true }) as Record<string, { feature?: Feature }>;

export const features: Feature[] = Object.values(modules)
  .map((m) => m.feature)
  .filter((f): f is Feature => !!f);

export function navFor(role: Role): NavItem[] {
  return features
    .flatMap((f) => f.nav ?? [])
    .filter((n) => !n.roles || n.roles.includes(role))
    .sort((a, b) => a.order - b.order);
}

export function homeFor(role: Role): string {
  const home = features.map((f) => f.home).find((h) => h && h.roles.includes(role));
  return home?.path ?? navFor(role)[0]?.to ?? '/account';
}
