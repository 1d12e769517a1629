/**
 * Browser globals under local names: the minifier cannot shorten globals, but it can shorten
 * these, and each is used many times. (Aliasing is byte accounting, nothing more.)
 */
export const doc = document;
export const loc = location;
export const nav = navigator;
