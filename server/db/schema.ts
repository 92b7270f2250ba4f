/**
 * The whole database as Kysely sees it: the union of every capability's tables.
 * Each capability declares its own tables in its folder's tables.ts.
 */
import type { DistrictTables } from '../districts/tables.ts';
import type { UserTables } from '../users/tables.ts';
import type { AuditTables } from '../audit/tables.ts';
import type { RosterTables } from '../roster/tables.ts';
import type { ImportsTables } from '../imports/tables.ts';
import type { MeasuresTables } from '../measures/tables.ts';
import type { HomeVisitsTables } from '../home-visits/tables.ts';
import type { PartnersTables } from '../partners/tables.ts';

export interface Database
  extends DistrictTables,
    UserTables,
    AuditTables,
    RosterTables,
    ImportsTables,
    MeasuresTables,
    HomeVisitsTables,
    PartnersTables {}
