import { useCallback, useState } from 'react';
import { ApiError } from '../app/api.ts';

/**
 * A form's submission: runs the request, keeps it from being sent twice (`busy`), keeps the error
 * for <ErrorAlert>, and answers each field's own message from the server's field errors.
 */
export function useSubmit() {
  const [error, setError] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);
  const run = useCallback(async (action: () => Promise<void>) => {
    setBusy(true);
    setError(null);
    try {
      await action();
    } catch (err) {
      setError(err);
    } finally {
      setBusy(false);
    }
  }, []);
  const fieldError = useCallback((name: string) => (error instanceof ApiError ? error.fieldMessage(name) : undefined), [error]);
  return { error, busy, run, fieldError, setError };
}
