/** The WAL's state record: two checksummed slots written alternately; a torn write loses nothing older. */
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { StateFile } from '../../../collector/storage/state-file.js';
import { tempDir } from '../../helpers/server.js';

const schema = z.object({ n: z.number() });
const open = (file: string) => StateFile.open(file, schema, () => ({ n: 0 }));

describe('state file', () => {
  it('starts from the initial value and returns the last written one after reopening', async () => {
    const file = path.join(tempDir(), 'state');
    let { state, value } = await open(file);
    expect(value).toEqual({ n: 0 });
    for (let n = 1; n <= 5; n++) await state.write({ n });
    await state.close();
    ({ state, value } = await open(file));
    expect(value).toEqual({ n: 5 });
    await state.close();
  });

  it('falls back to the previous record when the newest slot is torn', async () => {
    const file = path.join(tempDir(), 'state');
    const { state } = await open(file);
    await state.write({ n: 1 }); // seq 2 → slot 0
    await state.write({ n: 2 }); // seq 3 → slot 1
    await state.close();
    const fd = fs.openSync(file, 'r+');
    fs.writeSync(fd, Buffer.from('garbage'), 0, 7, 4096 + 10); // tear slot 1
    fs.closeSync(fd);
    const reopened = await open(file);
    expect(reopened.value).toEqual({ n: 1 });
    await reopened.state.close();
  });

  it('refuses a file with no valid record rather than starting over', async () => {
    const file = path.join(tempDir(), 'state');
    fs.writeFileSync(file, Buffer.alloc(8192, 0x41));
    await expect(open(file)).rejects.toThrow(/corrupt WAL state/);
  });
});
