/**
 * A dashboard build replaces the one a running server serves without a gap: the manifest changes
 * in one rename, the files it and the previous manifest list stay, older ones go; the demo shop's
 * folder is replaced whole. Runs on temporary folders, not on dashboard/dist.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { publishManifest, replaceDir } from '../../dashboard/publish.mjs';

let dir = '';
beforeEach(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'waymark-publish-'));
});
afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

const assets = () => fs.readdirSync(path.join(dir, 'assets')).sort();
const put = (...names: string[]) => {
  fs.mkdirSync(path.join(dir, 'assets'), { recursive: true });
  for (const n of names) fs.writeFileSync(path.join(dir, 'assets', n), n);
};
const build = (g: number) => ({ js: `app.${g}.js`, css: `app.${g}.css`, files: [`app.${g}.css`, `app.${g}.js`, `echarts.${g}.js`] });

describe('publishManifest', () => {
  it('keeps the files of the new and the previous build, deletes older ones and strays, and leaves no temporary file', () => {
    put(...build(1).files);
    expect(publishManifest(dir, build(1))).toEqual([]);
    put(...build(2).files);
    expect(publishManifest(dir, build(2))).toEqual([]);
    expect(assets()).toEqual([...build(1).files, ...build(2).files].sort());

    put(...build(3).files, 'stray.js');
    expect(publishManifest(dir, build(3))).toEqual([...build(1).files, 'stray.js'].sort());
    expect(assets()).toEqual([...build(2).files, ...build(3).files].sort());
    expect(JSON.parse(fs.readFileSync(path.join(dir, 'manifest.json'), 'utf8'))).toEqual(build(3));
    expect(fs.readdirSync(dir).sort()).toEqual(['assets', 'manifest.json']);
  });

  it('the same build again deletes nothing; an unreadable old manifest only keeps the new files', () => {
    put(...build(1).files);
    publishManifest(dir, build(1));
    expect(publishManifest(dir, build(1))).toEqual([]);
    fs.writeFileSync(path.join(dir, 'manifest.json'), '{ half');
    put(...build(2).files);
    expect(publishManifest(dir, build(2))).toEqual(build(1).files);
    expect(assets()).toEqual(build(2).files);
  });

  it('a reader polling the manifest while builds are published always finds it whole, and every file it lists', () => {
    put(...build(0).files);
    publishManifest(dir, build(0));
    for (let g = 1; g <= 50; g++) {
      put(...build(g).files);
      publishManifest(dir, build(g));
      const seen = JSON.parse(fs.readFileSync(path.join(dir, 'manifest.json'), 'utf8')) as { files: string[] };
      for (const f of [...seen.files, ...build(g - 1).files]) expect(fs.existsSync(path.join(dir, 'assets', f)), f).toBe(true);
    }
  });
});

describe('replaceDir', () => {
  it('replaces the folder whole: new files in, files gone from the source gone, no temporary folder left', () => {
    const src = path.join(dir, 'src');
    const out = path.join(dir, 'out');
    fs.mkdirSync(path.join(src, 'sub'), { recursive: true });
    fs.writeFileSync(path.join(src, 'a.html'), 'one');
    fs.writeFileSync(path.join(src, 'sub', 'b.html'), 'two');
    replaceDir(src, out);
    fs.rmSync(path.join(src, 'a.html'));
    fs.writeFileSync(path.join(src, 'sub', 'b.html'), 'three');
    replaceDir(src, out);
    expect(fs.readdirSync(out)).toEqual(['sub']);
    expect(fs.readFileSync(path.join(out, 'sub', 'b.html'), 'utf8')).toBe('three');
    expect(fs.readdirSync(dir).sort()).toEqual(['out', 'src']);
  });
});
