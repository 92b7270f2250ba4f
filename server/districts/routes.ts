/** District, schools, school years and calendars. */
import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { route } from '../http/route.ts';
import { recordAudit } from '../audit/record.ts';
import {
  calendarCopyInputSchema,
  calendarDaysInputSchema,
  calendarGenerateInputSchema,
  calendarSchema,
  districtSchema,
  idParam,
  schoolInputSchema,
  schoolPatchSchema,
  schoolSchema,
  schoolYearInputSchema,
  schoolYearSchema,
} from './schema.ts';
import { districtSettingsPatchSchema } from './settings.ts';
import { createSchool, getSchool, listSchools, updateSchool } from './schools.ts';
import { getDistrict, updateDistrict } from './commands.ts';
import { createSchoolYear, listSchoolYears, updateSchoolYear } from './school-years.ts';
import { copyCalendar, generateCalendar, getCalendar, setCalendarDays } from './calendar.ts';

const ADMINS = ['district_admin', 'data_manager'] as const;

export function registerDistrictRoutes(app: FastifyInstance): void {
  route(app, {
    method: 'GET',
    path: '/district',
    summary: 'My district and its settings',
    tags: ['district'],
    access: 'signed-in',
    response: districtSchema,
    handler: async ({ actor, ctx }) => getDistrict(ctx.db, actor.districtId),
  });

  route(app, {
    method: 'PATCH',
    path: '/district',
    summary: 'Rename my district or change its settings (minimum n, minimum days enrolled, partial days, top/bottom coding, home-visit coverage target)',
    tags: ['district'],
    access: ['district_admin'],
    body: z.object({ name: z.string().trim().min(1).max(200).optional(), settings: districtSettingsPatchSchema.optional() }),
    response: districtSchema,
    handler: async ({ actor, ctx, body }) => {
      const before = await getDistrict(ctx.db, actor.districtId);
      const after = await updateDistrict(ctx.db, actor.districtId, { name: body.name, settings: body.settings });
      const changes: Record<string, { from: unknown; to: unknown }> = {};
      if (before.name !== after.name) changes.name = { from: before.name, to: after.name };
      for (const k of Object.keys(after.settings) as (keyof typeof after.settings)[]) {
        if (before.settings[k] !== after.settings[k]) changes[`settings.${k}`] = { from: before.settings[k], to: after.settings[k] };
      }
      await recordAudit(ctx.db, actor, { action: 'update', entityType: 'district', entityId: actor.districtId, details: { changes } });
      return after;
    },
  });

  route(app, {
    method: 'GET',
    path: '/schools',
    summary: 'Schools of my district',
    tags: ['district'],
    access: 'signed-in',
    response: z.object({ schools: z.array(schoolSchema) }),
    handler: async ({ actor, ctx }) => ({ schools: await listSchools(ctx.db, actor.districtId) }),
  });

  route(app, {
    method: 'GET',
    path: '/schools/:schoolId',
    summary: 'One school',
    tags: ['district'],
    access: 'signed-in',
    params: idParam('schoolId'),
    response: schoolSchema,
    handler: async ({ actor, ctx, params }) => getSchool(ctx.db, actor.districtId, params.schoolId as number),
  });

  route(app, {
    method: 'POST',
    path: '/schools',
    summary: 'Add a school',
    tags: ['district'],
    access: ADMINS,
    body: schoolInputSchema,
    response: schoolSchema,
    status: 201,
    handler: async ({ actor, ctx, body }) => {
      const school = await createSchool(ctx.db, actor.districtId, body);
      await recordAudit(ctx.db, actor, { action: 'create', entityType: 'school', entityId: school.id, details: { code: school.code } });
      return school;
    },
  });

  route(app, {
    method: 'PATCH',
    path: '/schools/:schoolId',
    summary: 'Change a school',
    tags: ['district'],
    access: ADMINS,
    params: idParam('schoolId'),
    body: schoolPatchSchema,
    response: schoolSchema,
    handler: async ({ actor, ctx, params, body }) => {
      const school = await updateSchool(ctx.db, actor.districtId, params.schoolId as number, body);
      await recordAudit(ctx.db, actor, { action: 'update', entityType: 'school', entityId: school.id, details: { fields: Object.keys(body) } });
      return school;
    },
  });

  route(app, {
    method: 'GET',
    path: '/school-years',
    summary: 'School years of my district, newest first',
    tags: ['district'],
    access: 'signed-in',
    response: z.object({ schoolYears: z.array(schoolYearSchema) }),
    handler: async ({ actor, ctx }) => ({ schoolYears: await listSchoolYears(ctx.db, actor.districtId) }),
  });

  route(app, {
    method: 'POST',
    path: '/school-years',
    summary: 'Add a school year (its dates may not overlap another year)',
    tags: ['district'],
    access: ADMINS,
    body: schoolYearInputSchema,
    response: schoolYearSchema,
    status: 201,
    handler: async ({ actor, ctx, body }) => {
      const year = await createSchoolYear(ctx.db, actor.districtId, body);
      await recordAudit(ctx.db, actor, { action: 'create', entityType: 'school_year', entityId: year.id, details: { ...body } });
      return year;
    },
  });

  route(app, {
    method: 'PATCH',
    path: '/school-years/:yearId',
    summary: 'Rename a school year or change its dates',
    tags: ['district'],
    access: ADMINS,
    params: idParam('yearId'),
    body: schoolYearInputSchema.partial(),
    response: schoolYearSchema,
    handler: async ({ actor, ctx, params, body }) => {
      const year = await updateSchoolYear(ctx.db, actor.districtId, params.yearId as number, body);
      await recordAudit(ctx.db, actor, { action: 'update', entityType: 'school_year', entityId: year.id, details: { ...body } });
      return year;
    },
  });

  const calendarParams = idParam('schoolId');

  route(app, {
    method: 'GET',
    path: '/schools/:schoolId/calendar',
    summary: "A school's calendar for one school year: every school day, instructional or not",
    tags: ['district'],
    access: 'signed-in',
    params: calendarParams,
    query: z.object({ yearId: z.coerce.number().int().positive() }),
    response: calendarSchema,
    handler: async ({ actor, ctx, params, query }) => getCalendar(ctx.db, actor.districtId, params.schoolId as number, query.yearId),
  });

  route(app, {
    method: 'PUT',
    path: '/schools/:schoolId/calendar/days',
    summary: 'Mark days instructional or non-instructional (with the event, e.g. a holiday), or remove them',
    tags: ['district'],
    access: ADMINS,
    params: calendarParams,
    body: calendarDaysInputSchema,
    response: calendarSchema,
    handler: async ({ actor, ctx, params, body }) => {
      const calendar = await setCalendarDays(ctx.db, actor.districtId, params.schoolId as number, body);
      await recordAudit(ctx.db, actor, {
        action: 'update',
        entityType: 'calendar',
        entityId: params.schoolId as number,
        details: { yearId: body.yearId, days: body.days.slice(0, 50) },
      });
      return calendar;
    },
  });

  route(app, {
    method: 'POST',
    path: '/schools/:schoolId/calendar/generate',
    summary: 'Fill the calendar with the chosen weekdays between two dates, minus holidays',
    tags: ['district'],
    access: ADMINS,
    params: calendarParams,
    body: calendarGenerateInputSchema,
    response: calendarSchema,
    handler: async ({ actor, ctx, params, body }) => {
      const calendar = await generateCalendar(ctx.db, actor.districtId, params.schoolId as number, body);
      await recordAudit(ctx.db, actor, {
        action: 'update',
        entityType: 'calendar',
        entityId: params.schoolId as number,
        details: { yearId: body.yearId, generated: { from: body.from, to: body.to, weekdays: body.weekdays, holidays: body.holidays.length, mode: body.mode } },
      });
      return calendar;
    },
  });

  route(app, {
    method: 'POST',
    path: '/schools/:schoolId/calendar/copy',
    summary: "Copy this school's calendar for a year to other schools (replacing theirs for that year)",
    tags: ['district'],
    access: ADMINS,
    params: calendarParams,
    body: calendarCopyInputSchema,
    response: z.object({ schoolIds: z.array(z.number().int()), days: z.number().int() }),
    handler: async ({ actor, ctx, params, body }) => {
      const result = await copyCalendar(ctx.db, actor.districtId, params.schoolId as number, body.yearId, body.toSchoolIds);
      for (const schoolId of result.schoolIds) {
        await recordAudit(ctx.db, actor, { action: 'update', entityType: 'calendar', entityId: schoolId, details: { yearId: body.yearId, copiedFromSchoolId: params.schoolId, days: result.days } });
      }
      return result;
    },
  });
}
