/**
 * Best guesses for directories that come from elsewhere: the need category of a service from its
 * taxonomy terms, keywords, name and description; the kind of partner from its name and legal
 * status; an ISO 639-1 code from a language's name. Staff correct them in the directory.
 */
import type { NeedCategory, Sector } from '../vocab.ts';

const CATEGORY_RULES: Array<[NeedCategory, RegExp]> = [
  ['attendance', /attendance|absen|truan/],
  ['mental_health', /mental|counsel|therap|psychiatr|behavio|anxiety|depress|substance|al-anon|drinking/],
  ['food', /food|meal|nutrition|pantry|kitchen|lunch|hunger|grocer/],
  ['housing', /housing|shelter|homeless|rent|eviction/],
  ['early_childhood', /early childhood|preschool|pre-k|child ?care|infant|toddler|head start/],
  ['literacy', /literacy|reading|library|book/],
  ['mentoring', /mentor/],
  ['after_school', /after.?school|summer camp|camp|recreation|sport|arts? |art therapy|swim/],
  ['college_career', /college|career|job|employment|workforce|vocational/],
  ['adult_education', /adult education|esl|english class|ged|citizenship class/],
  ['legal_immigration', /legal|immigra|lawyer|attorney/],
  ['transportation', /transport|bus pass|ride|shuttle/],
  ['physical_health', /health|clinic|medical|dental|vision|hospital|disabilit|care/],
  ['basic_needs', /clothing|laundry|hygiene|shower|diaper|care package|basic needs|utilit|cash|shopping/],
  ['family_engagement', /family|parent/],
  ['academic_support', /tutor|academic|homework|education|school|teacher|student/],
];

export function inferCategory(...texts: Array<string | null | undefined>): NeedCategory {
  // Earlier texts (taxonomy terms, keywords) weigh more than later ones (name, description).
  for (const text of texts) {
    if (!text) continue;
    const t = text.toLowerCase();
    for (const [category, re] of CATEGORY_RULES) if (re.test(t)) return category;
  }
  return 'other';
}

const SECTOR_RULES: Array<[Sector, RegExp]> = [
  ['faith_based', /church|faith|ministr|mosque|temple|synagogue|parish|congregation|salvation army|catholic|lutheran/],
  ['hospital_clinic', /hospital|clinic|health (center|centre|system)|medical center/],
  ['college_university', /college|university/],
  ['education_foundation', /education foundation|schools? foundation/],
  ['funder', /united way|community foundation|foundation|\bfund\b/],
  ['labor_union', /\bunion\b|federation of teachers|education association|local \d+/],
  ['service_club', /rotary|lions club|kiwanis|optimist/],
  ['youth_organization', /ymca|ywca|boys (&|and) girls|youth|scouts|4-h/],
  ['after_school_provider', /after.?school/],
  ['public_housing_tenant_group', /housing authority|tenant/],
  ['literacy_attendance_nonprofit', /literacy|reading|attendance/],
  ['community_organizing', /organizing|organising|alliance|coalition/],
  ['government_agency', /\bcity of\b|\bcounty\b|department|town hall|government|\bstate of\b|public library|library/],
  ['business', /\bllc\b|company|corporation|\bcorp\b|bank|\bltd\b|store|market/],
];

const DESCRIPTION_SAFE = new Set<Sector>(['faith_based', 'hospital_clinic', 'college_university', 'youth_organization', 'after_school_provider']);

export function inferSector(name: string, description?: string | null, legalStatus?: string | null): Sector {
  const t = `${name} ${legalStatus ?? ''}`.toLowerCase();
  for (const [sector, re] of SECTOR_RULES) if (re.test(t)) return sector;
  // Descriptions mention places and other organisations; only a few kinds are safe to read from them.
  const d = (description ?? '').toLowerCase();
  for (const [sector, re] of SECTOR_RULES) if (DESCRIPTION_SAFE.has(sector) && re.test(d)) return sector;
  if (/non-?profit|charit/.test(`${legalStatus ?? ''} ${d}`)) return 'social_service_agency';
  return 'other';
}

const LANGUAGE_CODES: Record<string, string> = {
  english: 'en', spanish: 'es', español: 'es', chinese: 'zh', mandarin: 'zh', cantonese: 'zh', vietnamese: 'vi', tagalog: 'tl',
  filipino: 'tl', korean: 'ko', russian: 'ru', arabic: 'ar', french: 'fr', portuguese: 'pt', hmong: 'hmn', somali: 'so',
  haitian: 'ht', 'haitian creole': 'ht', japanese: 'ja', german: 'de', italian: 'it', polish: 'pl', urdu: 'ur', hindi: 'hi',
  punjabi: 'pa', farsi: 'fa', persian: 'fa', amharic: 'am', swahili: 'sw', ukrainian: 'uk', tongan: 'to', samoan: 'sm',
  'american sign language': 'sgn', asl: 'sgn', slovak: 'sk', bengali: 'bn', khmer: 'km', lao: 'lo', burmese: 'my', nepali: 'ne',
};

/** An ISO 639 code for a language given by name or code ("Spanish", "es", "ES"), or null. */
export function languageCode(value: string): string | null {
  const v = value.trim().toLowerCase();
  if (/^[a-z]{2,3}$/.test(v)) return v;
  return LANGUAGE_CODES[v] ?? null;
}
