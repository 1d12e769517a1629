/**
 * Row versions for the ReplacingMergeTree tables of configuration (sites, API keys, journeys,
 * annotations): the newest version of a row wins. Time-ordered across processes (µs since the
 * epoch), and strictly increasing within this one, even for two writes in one millisecond.
 */
let last = 0;

export function nextRowVersion(): number {
  last = Math.max(last + 1, Date.now() * 1000);
  return last;
}
