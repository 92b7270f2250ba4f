import type { Feature } from '../../app/features.ts';
import { NeedsPage } from './NeedsPage.tsx';
import { MatchingPage } from './MatchingPage.tsx';
import { OverviewPage } from './OverviewPage.tsx';

/** School needs, matched with partner assets; the district view of need and partners. */
export const feature: Feature = {
  id: 'needs',
  pages: [
    { path: '/needs', component: NeedsPage },
    { path: '/needs/matching', component: MatchingPage },
    { path: '/needs/overview', component: OverviewPage },
  ],
  nav: [{ to: '/needs', label: 'needs:navLabel', order: 480 }],
};
