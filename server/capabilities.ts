/**
 * Every capability's routes, registered in one place. A capability is a folder under server/
 * with its tables, commands, queries, policy and routes (see docs/ARCHITECTURE.md).
 */
import type { FastifyInstance } from 'fastify';
import { registerSessionRoutes } from './auth/routes.ts';
import { registerDistrictRoutes } from './districts/routes.ts';
import { registerUserRoutes } from './users/routes.ts';
import { registerAuditRoutes } from './audit/routes.ts';
import { registerRosterRoutes } from './roster/routes.ts';
import { registerHomeVisitRoutes } from './home-visits/routes.ts';
import { registerPartnerRoutes } from './partners/routes.ts';
import { registerMeasureRoutes } from './measures/routes.ts';
import { registerImportRoutes } from './imports/routes.ts';

export async function registerCapabilities(app: FastifyInstance): Promise<void> {
  registerSessionRoutes(app);
  registerDistrictRoutes(app);
  registerUserRoutes(app);
  registerAuditRoutes(app);
  registerRosterRoutes(app);
  registerHomeVisitRoutes(app);
  registerPartnerRoutes(app);
  registerMeasureRoutes(app);
  registerImportRoutes(app);
  // Each capability adds its register…Routes(app) call here, one line each.
}
