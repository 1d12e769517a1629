/**
 * dom.ts for the ESM build (swapped in by rollup.config.mjs): importing the module must not throw
 * where there is no DOM (server-side rendering), so read the globals off globalThis. They are
 * only used after init() has run in a browser.
 */
export const { document: doc, location: loc, navigator: nav } = globalThis;
