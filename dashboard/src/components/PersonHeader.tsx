/**
 * Who the person is: their id (a user id when they signed in, else a visitor id), their devices
 * (visitor ids) and their sign-ins (identify events, at any time), and a way to erase them.
 */
import type { VisitorResult } from '../../../analysis/visitor/schema.js';
import { dateTimeIn } from '../dates.js';
import { fmtInt } from '../format.js';
import { Link } from '../router.js';
import { carry } from '../state.js';
import { viewPath } from '../routes.js';

export const IdentifiedBadge = () => (
  <span class="badge identified" title="Signed in: a user id your site passed to identify">
    identified
  </span>
);

export function PersonHeader({ d, tz, q, admin }: { d: VisitorResult; tz: string; q: URLSearchParams; admin: boolean }) {
  return (
    <section class="card person-head" data-person={d.person}>
      <h2 class="person-id">
        <span class="person-name">{d.person}</span>
        {d.identified && <IdentifiedBadge />}
      </h2>
      {d.id !== d.person && (
        <p class="muted" data-asked>
          Found by the id “{d.id}”.
        </p>
      )}
      <dl class="person-facts">
        <dt>{d.visitor_ids.length === 1 ? 'Device (visitor id)' : `${d.visitor_ids.length} devices (visitor ids)`}</dt>
        <dd data-visitor-ids>
          {d.visitor_ids.length === 0 ? (
            <span class="muted">none seen</span>
          ) : (
            d.visitor_ids.map((v) => (
              <code key={v} class="visitor-id">
                {v}
              </code>
            ))
          )}
        </dd>
        {d.identifies.length > 0 && (
          <>
            <dt>Sign-ins (identify)</dt>
            <dd>
              <ul class="identifies">
                {d.identifies.map((i, n) => (
                  <li key={n} data-identify>
                    {dateTimeIn(tz, i.first_ms)} <span class="muted">on</span> <code>{i.visitor_id}</code> <span class="muted">as</span> {i.user_id}
                    {i.count > 1 && <span class="muted"> · {fmtInt(i.count)} times, last {dateTimeIn(tz, i.last_ms)}</span>}
                  </li>
                ))}
              </ul>
            </dd>
          </>
        )}
      </dl>
      {admin && (
        <Link class="erase-link" href={carry(viewPath('sites'), q, { erase: d.person })}>
          Erase this person’s data…
        </Link>
      )}
    </section>
  );
}
