/**
 * The web app's only way to the server. Sends the CSRF token on writes, turns every failure into an
 * ApiError with the server's { error, message, details }, and, when a session has expired, asks the
 * person to sign in again (over the page, so nothing they typed is lost) and then retries once.
 */
export interface FieldError {
  path: string;
  message: string;
}

export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly details?: unknown,
  ) {
    super(message);
    this.name = 'ApiError';
  }
  get fields(): FieldError[] {
    return ((this.details as { fields?: FieldError[] } | undefined)?.fields ?? []) as FieldError[];
  }
  /** The message for one field, matching "body.name" or "name". */
  fieldMessage(name: string): string | undefined {
    return this.fields.find((f) => f.path === name || f.path.endsWith('.' + name))?.message;
  }
}

let csrfToken: string | null = null;
let onExpired: (() => Promise<void>) | null = null;

export function setCsrfToken(token: string | null) {
  csrfToken = token;
}

/** Called on a 401 for a signed-in person; resolves once they have signed in again. */
export function setSessionExpiredHandler(handler: (() => Promise<void>) | null) {
  onExpired = handler;
}

type Method = 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';

async function send(method: Method, path: string, body?: unknown, init: { raw?: boolean; signal?: AbortSignal } = {}): Promise<Response> {
  const headers: Record<string, string> = { accept: 'application/json' };
  let payload: BodyInit | undefined;
  if (body instanceof FormData) payload = body;
  else if (body !== undefined) {
    headers['content-type'] = 'application/json';
    payload = JSON.stringify(body);
  }
  if (method !== 'GET' && csrfToken) headers['x-csrf-token'] = csrfToken;
  return fetch(path.startsWith('/') ? path : `/api/v1/${path}`, { method, headers, body: payload, credentials: 'same-origin', signal: init.signal });
}

async function toError(res: Response): Promise<ApiError> {
  let data: { error?: string; message?: string; details?: unknown } = {};
  try {
    data = await res.json();
  } catch {
    /* not JSON */
  }
  return new ApiError(res.status, data.error ?? 'http_' + res.status, data.message ?? res.statusText, data.details);
}

export async function request<T>(method: Method, path: string, body?: unknown, init: { signal?: AbortSignal; noRetry?: boolean } = {}): Promise<T> {
  let res: Response;
  try {
    res = await send(method, path, body, init);
  } catch (err) {
    if ((err as Error).name === 'AbortError') throw err;
    throw new ApiError(0, 'network_error', 'The server could not be reached. Check the connection and try again.');
  }
  if (res.status === 401 && onExpired && !init.noRetry && !path.endsWith('/session')) {
    await onExpired();
    return request<T>(method, path, body, { ...init, noRetry: true });
  }
  if (!res.ok) throw await toError(res);
  if (res.status === 204) return undefined as T;
  const type = res.headers.get('content-type') ?? '';
  return (type.includes('json') ? res.json() : res.text()) as Promise<T>;
}

export const api = {
  get: <T>(path: string, signal?: AbortSignal) => request<T>('GET', path, undefined, { signal }),
  post: <T>(path: string, body?: unknown) => request<T>('POST', path, body ?? {}),
  put: <T>(path: string, body?: unknown) => request<T>('PUT', path, body ?? {}),
  patch: <T>(path: string, body?: unknown) => request<T>('PATCH', path, body ?? {}),
  delete: <T>(path: string) => request<T>('DELETE', path),
};

/** Builds a query string from defined values. */
export function qs(params: Record<string, string | number | boolean | null | undefined | Array<string | number>>): string {
  const u = new URLSearchParams();
  for (const [k, v] of Object.entries(params)) {
    if (v === undefined || v === null || v === '') continue;
    u.set(k, Array.isArray(v) ? v.join(',') : String(v));
  }
  const s = u.toString();
  return s ? `?${s}` : '';
}
