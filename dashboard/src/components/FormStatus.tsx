/** What a form's last action did (a notice) or why it was refused (an error), announced to assistive tech. */
import type { ComponentChildren } from 'preact';

export function FormStatus({ notice, error }: { notice?: ComponentChildren; error?: string | undefined }) {
  return (
    <>
      {notice !== undefined && notice !== false && notice !== null && (
        <p class="notice" role="status">
          {notice}
        </p>
      )}
      {error && (
        <p class="error" role="alert">
          {error}
        </p>
      )}
    </>
  );
}
