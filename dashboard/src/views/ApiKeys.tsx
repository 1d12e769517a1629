/**
 * A site's read-only API keys: create (the key is shown once, with a sign-in link for the
 * dashboard), list, revoke (which also signs out dashboards signed in with it).
 */
import { useState } from 'preact/hooks';
import { errorMessage, request, requestVoid, sitePath } from '../api.js';
import { createdKeySchema, keysResponse } from '../site-schemas.js';
import { useApi } from '../use-api.js';
import { CopyField } from '../components/CopyField.js';
import { Async } from '../components/States.js';

export function ApiKeys({ site }: { site: string }) {
  const url = sitePath(site, '/keys');
  const keys = useApi(url, (signal) => request(url, keysResponse, { signal }));
  const [name, setName] = useState('');
  const [created, setCreated] = useState<{ name: string; key: string }>();
  const [error, setError] = useState<string>();

  const create = async (e: Event) => {
    e.preventDefault();
    setError(undefined);
    try {
      const k = await request(url, createdKeySchema, { method: 'POST', body: { name: name.trim() } });
      setCreated({ name: k.name, key: k.key });
      setName('');
      keys.reload();
    } catch (err) {
      setError(errorMessage(err));
    }
  };
  const revoke = async (id: string, keyName: string) => {
    if (!confirm(`Revoke the key “${keyName}”? Tools using it stop working, and dashboards signed in with it are signed out, at once.`)) return;
    try {
      await requestVoid(`${url}/${encodeURIComponent(id)}`, { method: 'DELETE' });
      keys.reload();
    } catch (err) {
      setError(errorMessage(err));
    }
  };

  return (
    <section class="card" aria-label="API keys">
      <h3>Read-only API keys</h3>
      <p class="muted">
        For scripts and other tools: <code>Authorization: Bearer &lt;key&gt;</code> reads this site’s analyses and nothing else. For people (a
        colleague, an agency): the key signs in to this dashboard for this site alone, read-only — no other sites, no settings, no erasing.
      </p>
      {created && (
        <div class="notice" role="status">
          <p>
            New key “{created.name}”: copy it now, it is not shown again.
          </p>
          <CopyField value={created.key} label="New API key" />
          <p class="muted">Or share this sign-in link (it holds the key: send it privately):</p>
          <CopyField value={`${location.origin}/overview?site=${encodeURIComponent(site)}&token=${encodeURIComponent(created.key)}`} label="Read-only sign-in link" />
        </div>
      )}
      <Async state={keys} label="Loading keys…">
        {(d) =>
          d.keys.length === 0 ? (
            <p class="muted">No keys yet.</p>
          ) : (
            <ul class="key-list">
              {d.keys.map((k) => (
                <li key={k.id} data-key={k.name}>
                  <span>
                    <strong>{k.name}</strong> <span class="muted">created {k.created_at}</span>
                  </span>
                  <button type="button" class="small danger" onClick={() => revoke(k.id, k.name)}>
                    Revoke
                  </button>
                </li>
              ))}
            </ul>
          )
        }
      </Async>
      <form class="inline-form" onSubmit={create}>
        <input aria-label="Key name" value={name} onInput={(e) => setName(e.currentTarget.value)} placeholder="Key name, e.g. weekly-report" required maxLength={100} />
        <button type="submit" class="primary small">
          Create key
        </button>
      </form>
      {error && (
        <p class="error" role="alert">
          {error}
        </p>
      )}
    </section>
  );
}
