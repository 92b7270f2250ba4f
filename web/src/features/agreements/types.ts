/** What the agreements API answers (types only, from the server's schemas). */
import type { z } from 'zod';
import type {
  agreementDetailSchema,
  agreementSummarySchema,
  consentSchema,
  disclosureSchema,
  healthSummarySchema,
  reminderListSchema,
  termsSchema,
} from '../../../../server/partners/agreements-schema.ts';

export type AgreementSummary = z.output<typeof agreementSummarySchema>;
export type AgreementDetail = z.output<typeof agreementDetailSchema>;
export type Party = AgreementDetail['parties'][number];
export type Reminders = z.output<typeof reminderListSchema>;
export type Terms = z.output<typeof termsSchema>;
export type Consent = z.output<typeof consentSchema>;
export type Disclosure = z.output<typeof disclosureSchema>;
export type HealthSummary = z.output<typeof healthSummarySchema>;
