import type { Feature } from '../../app/features.ts';
import { GOAL_EDITORS } from '../dashboard/types.ts';
import { GoalsPage } from './GoalsPage.tsx';
import { GoalPage } from './GoalPage.tsx';
import { EditGoalPage, NewGoalPage } from './GoalFormPage.tsx';

/** Shared goals: baseline, target, date, owners, and progress computed from the data. */
export const feature: Feature = {
  id: 'goals',
  pages: [
    { path: '/goals', component: GoalsPage },
    { path: '/goals/new', component: NewGoalPage, roles: GOAL_EDITORS },
    { path: '/goals/:goalId', component: GoalPage },
    { path: '/goals/:goalId/edit', component: EditGoalPage, roles: GOAL_EDITORS },
  ],
  nav: [{ to: '/goals', label: 'goals:navLabel', order: 150 }],
};
