/** Password hashing with argon2id (OWASP's recommended parameters). */
import { hash, verify } from '@node-rs/argon2';

// algorithm 2 is Argon2id (a const enum in the library's types).
const OPTIONS = { algorithm: 2 as const, memoryCost: 19456, timeCost: 2, parallelism: 1 };

export const PASSWORD_MIN_LENGTH = 10;

export function hashPassword(password: string): Promise<string> {
  return hash(password, OPTIONS);
}

export async function verifyPassword(stored: string | null, password: string): Promise<boolean> {
  if (!stored) {
    // Spend the same time as a real check so timing does not reveal whether the account exists.
    await hash(password, OPTIONS);
    return false;
  }
  try {
    return await verify(stored, password);
  } catch {
    return false;
  }
}

/** A reason the password is too weak, or null when it is acceptable. */
export function passwordProblem(password: string, context: { email?: string } = {}): string | null {
  if (password.length < PASSWORD_MIN_LENGTH) return `must be at least ${PASSWORD_MIN_LENGTH} characters long`;
  if (password.length > 256) return 'must be at most 256 characters long';
  if (context.email && password.toLowerCase().includes(context.email.split('@')[0].toLowerCase()) && context.email.split('@')[0].length >= 4)
    return 'must not contain your email address';
  if (/^(.)\1+$/.test(password)) return 'must not be one character repeated';
  return null;
}
