/** "Find a person": a visitor id or a user id opens that person's journey (the person view). */
import { useState } from 'preact/hooks';
import { LIMITS } from '../../../collector/schema/event.js';
import { navigate } from '../router.js';
import { viewPath } from '../routes.js';
import { carry } from '../state.js';

/** The person view of `id`, keeping site and range. The id may hold any character ('/', quotes…). */
export const personHref = (id: string, q: URLSearchParams, extra: Record<string, string | undefined> = {}) => carry(viewPath('person', { id }), q, extra);

export function FindPerson({ q, initial = '' }: { q: URLSearchParams; initial?: string }) {
  const [id, setId] = useState(initial);
  const submit = (e: Event) => {
    e.preventDefault();
    const who = id.trim();
    if (who) navigate(personHref(who, q));
  };
  return (
    <form class="find-person" role="search" aria-label="Find a person" onSubmit={submit}>
      <label class="inline-field">
        <span>Find a person</span>
        <input
          name="person-id"
          type="search"
          value={id}
          placeholder="visitor id or user id"
          onInput={(e) => setId(e.currentTarget.value)}
          required
          maxLength={LIMITS.maxId}
          autocomplete="off"
          spellcheck={false}
        />
      </label>
      <button type="submit" class="small primary">
        Open
      </button>
    </form>
  );
}
