import type { Feature } from '../../app/features.ts';
import type { Role } from '../../../../common/roles.ts';
import { UsersPage } from './UsersPage.tsx';
import { NewUserPage } from './NewUserPage.tsx';
import { UserPage } from './UserPage.tsx';
import { TokensPage } from './TokensPage.tsx';

/** Account management: district administrators only (server/users/access.ts). */
const ADMIN: readonly Role[] = ['district_admin'];

export const feature: Feature = {
  id: 'users',
  pages: [
    { path: '/users', component: UsersPage, roles: ADMIN },
    { path: '/users/new', component: NewUserPage, roles: ADMIN },
    { path: '/users/tokens', component: TokensPage, roles: ADMIN },
    { path: '/users/:userId', component: UserPage, roles: ADMIN },
  ],
  nav: [{ to: '/users', label: 'users:navLabel', roles: ADMIN, order: 820 }],
};
