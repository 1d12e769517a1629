/** A read-only value with a Copy button (script tags, new API keys). */
import { useState } from 'preact/hooks';

export function CopyField({ value, label }: { value: string; label: string }) {
  const [copied, setCopied] = useState(false);
  const copy = async () => {
    try {
      await navigator.clipboard.writeText(value);
      setCopied(true);
      setTimeout(() => setCopied(false), 1500);
    } catch {
      // No clipboard permission (http, old browser): the text is selectable instead.
      setCopied(false);
    }
  };
  return (
    <div class="copy-field">
      <code aria-label={label} class="copy-value">{value}</code>
      <button type="button" onClick={copy} aria-label={`Copy ${label.toLowerCase()}`}>
        {copied ? 'Copied' : 'Copy'}
      </button>
    </div>
  );
}
