// Types for publish.mjs (a build-time module the rollup config imports as plain JavaScript).
export interface Manifest {
  js: string;
  css: string;
  files: string[];
}
export function publishManifest(dist: string, manifest: Manifest): string[];
export function replaceDir(from: string, to: string): void;
