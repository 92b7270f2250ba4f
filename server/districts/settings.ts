import { z } from 'zod';

/** Per-district rules for measures and privacy (PRODUCT.md, "Rules of the domain"). */
export const districtSettingsSchema = z.object({
  /** Smallest student count shown to people without student-level access to the whole cell. */
  minN: z.number().int().min(1).max(100).default(10),
  /** Days enrolled a student needs to count toward chronic absence (default 10; California uses 31). */
  minDaysEnrolled: z.number().int().min(1).max(200).default(10),
  /** Minutes absent that make a partial-day record count as an absence (null: partial days never count). */
  partialDayThresholdMinutes: z.number().int().min(1).max(1440).nullable().default(null),
  /** Show rates of 0% or 100% in small groups as a band. */
  topBottomCoding: z.boolean().default(false),
  /** The share of families a school's home-visit program aims to reach. */
  homeVisitCoverageTarget: z.number().min(0).max(1).default(0.1),
});

export type DistrictSettings = z.infer<typeof districtSettingsSchema>;

export function parseDistrictSettings(json: string | null | undefined): DistrictSettings {
  let raw: unknown = {};
  try {
    raw = json ? JSON.parse(json) : {};
  } catch {
    raw = {};
  }
  const parsed = districtSettingsSchema.safeParse(raw);
  return parsed.success ? parsed.data : districtSettingsSchema.parse({});
}

/** A change to some settings: only the settings given change (the defaults are not applied). */
export const districtSettingsPatchSchema = z.object(
  Object.fromEntries(Object.entries(districtSettingsSchema.shape).map(([k, v]) => [k, v.unwrap().optional()])) as {
    [K in keyof typeof districtSettingsSchema.shape]: z.ZodOptional<ReturnType<(typeof districtSettingsSchema.shape)[K]['unwrap']>>;
  },
);
