import type { Feature } from '../../app/features.ts';
import { AccountPage } from './AccountPage.tsx';

export const feature: Feature = {
  id: 'account',
  pages: [{ path: '/account', component: AccountPage }],
  nav: [{ to: '/account', label: 'account:navLabel', order: 900 }],
};
