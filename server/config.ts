/**
 * One typed configuration object, read from the environment (and an optional .env file),
 * validated at start-up. Every bad setting is reported at once.
 */
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { z } from 'zod';
import dotenv from 'dotenv';

const flag = z
  .enum(['true', 'false', '1', '0', 'yes', 'no'])
  .transform((v) => v === 'true' || v === '1' || v === 'yes');

const databaseUrl = z
  .string()
  .refine((v) => v.startsWith('sqlite:') || /^postgres(ql)?:\/\//.test(v), {
    message: 'must start with sqlite: (for example sqlite:./data/village.db) or postgres://',
  });

const schema = z.object({
  DATABASE_URL: databaseUrl.default('sqlite:./data/village.db'),
  HOST: z.string().min(1).default('127.0.0.1'),
  PORT: z.coerce.number().int().min(0).max(65535).default(3000),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  /** Set when Village is served over HTTPS (directly or behind a proxy): cookies get the Secure flag. */
  VILLAGE_SECURE_COOKIES: flag.default(false),
  /** Trust X-Forwarded-* headers from a reverse proxy. */
  VILLAGE_TRUST_PROXY: flag.default(false),
  /** Hours a browser session lasts without activity. */
  VILLAGE_SESSION_HOURS: z.coerce.number().positive().max(24 * 30).default(12),
  /** Largest request body accepted, in megabytes (uploads included). */
  VILLAGE_MAX_UPLOAD_MB: z.coerce.number().positive().max(4096).default(512),
  /** Where uploaded files (imports in progress, agreement documents) are kept. */
  VILLAGE_FILES_DIR: z.string().min(1).default('./data/files'),
  /** Sign-in attempts per IP address per minute. */
  VILLAGE_SIGNIN_RATE_PER_MINUTE: z.coerce.number().int().positive().default(10),
  /** Failed sign-ins in a row before an account is locked, and for how many minutes. */
  VILLAGE_LOCKOUT_ATTEMPTS: z.coerce.number().int().positive().default(5),
  VILLAGE_LOCKOUT_MINUTES: z.coerce.number().positive().default(15),
  /** Load the demo district into an empty database at start-up. */
  VILLAGE_DEMO: flag.default(false),
  /** Students in the demo district. */
  VILLAGE_DEMO_STUDENTS: z.coerce.number().int().min(50).max(200000).default(1200),
  /** Directory with the built web app. */
  VILLAGE_WEB_DIR: z.string().default('./web/dist'),
});

export type Config = z.infer<typeof schema>;

export class ConfigError extends Error {
  constructor(public readonly problems: string[]) {
    super(`Village cannot start: ${problems.length} bad setting${problems.length === 1 ? '' : 's'}\n` + problems.map((p) => `  - ${p}`).join('\n'));
    this.name = 'ConfigError';
  }
}

/** Reads .env (when present, without overriding the real environment) and validates every setting. */
export function loadConfig(env: NodeJS.ProcessEnv = process.env, options: { dotenvPath?: string } = {}): Config {
  const source: Record<string, string | undefined> = { ...env };
  const envFile = options.dotenvPath ?? path.resolve('.env');
  if (options.dotenvPath !== '' && existsSync(envFile)) {
    const parsed = dotenv.parse(readFileSync(envFile, 'utf8'));
    for (const [k, v] of Object.entries(parsed)) if (source[k] === undefined) source[k] = v;
  }
  // Empty strings mean "not set", as they do in most deployment tools.
  for (const k of Object.keys(source)) if (source[k] === '') delete source[k];
  const result = schema.safeParse(source);
  if (!result.success) {
    const problems = result.error.issues.map((i) => {
      const key = i.path.join('.');
      const given = source[key];
      return `${key}: ${i.message}${given !== undefined ? ` (given: ${JSON.stringify(given)})` : ''}`;
    });
    throw new ConfigError(problems);
  }
  return result.data;
}
