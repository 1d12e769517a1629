/**
 * A form's submit: busy while it runs, and the server's message when it fails, so every form
 * shows a refusal the same way instead of each keeping its own try/catch.
 */
import { useState } from 'preact/hooks';
import { errorMessage } from './api.js';

export function useAction(): { busy: boolean; error: string | undefined; run(work: () => Promise<void>): Promise<void> } {
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string>();
  const run = async (work: () => Promise<void>) => {
    setBusy(true);
    setError(undefined);
    try {
      await work();
    } catch (err) {
      setError(errorMessage(err));
    } finally {
      setBusy(false);
    }
  };
  return { busy, error, run };
}
