// FileStore on the local disk: `<root>/<2-char shard>/<uuid>`. Keys are random UUIDs minted here (and
// `<uuid>.thumb` for a thumbnail, `<uuid>.part` for a part of a chunked upload); no client input (file
// names, part numbers) ever becomes part of a path. An object is written to a `.tmp` file and renamed
// when complete and flushed, so a key never names a partial file.
import { randomUUID } from 'node:crypto';
import { createReadStream, createWriteStream, mkdirSync } from 'node:fs';
import { mkdir, readdir, rename, rm, stat, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { Transform, type Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { FileTooLargeError, type FileStore } from '../../domain/ports/chat-files.js';

const KEY = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}(?:\.thumb|\.part)?$/;
const SHARD = /^[0-9a-f]{2}$/;
/** What removeStale may delete: partial objects and parts. */
const PARTIAL = /\.(?:tmp|part)$/;

export interface LocalFileStore extends FileStore {
  readonly root: string;
  /** Absolute path of a key's object (tests and diagnostics). */
  pathOf(key: string): string;
}

/** Counts bytes through; fails with FileTooLargeError past `maxBytes`. */
function sizeLimit(maxBytes: number, counted: { size: number }): Transform {
  return new Transform({
    transform(chunk: Buffer, _encoding, done) {
      counted.size += chunk.length;
      if (counted.size > maxBytes) done(new FileTooLargeError(`file larger than ${maxBytes} bytes`));
      else done(null, chunk);
    },
  });
}

export function localFileStore(root: string): LocalFileStore {
  // The server must start on a fresh data directory.
  mkdirSync(root, { recursive: true });
  const pathOf = (key: string) => {
    if (!KEY.test(key)) throw new Error('invalid file key');
    return join(root, key.slice(0, 2), key);
  };
  return {
    root,
    pathOf,
    async write(source, maxBytes, kind = 'object') {
      const key = kind === 'part' ? `${randomUUID()}.part` : randomUUID();
      const path = pathOf(key);
      const tmp = `${path}.tmp`;
      await mkdir(join(root, key.slice(0, 2)), { recursive: true });
      const counted = { size: 0 };
      try {
        await pipeline(
          source,
          sizeLimit(maxBytes, counted),
          createWriteStream(tmp, { flags: 'wx', flush: true }),
        );
        await rename(tmp, path);
      } catch (err) {
        await rm(tmp, { force: true });
        throw err;
      }
      return { key, size: counted.size };
    },
    async put(key, bytes) {
      const path = pathOf(key);
      // Unique per writer: two requests may make the same thumbnail at once; the last rename wins.
      const tmp = `${path}.${randomUUID()}.tmp`;
      await mkdir(join(root, key.slice(0, 2)), { recursive: true });
      try {
        await writeFile(tmp, bytes, { flag: 'wx', flush: true });
        await rename(tmp, path);
      } catch (err) {
        await rm(tmp, { force: true });
        throw err;
      }
    },
    read(key): Readable {
      return createReadStream(pathOf(key));
    },
    async remove(key) {
      await rm(pathOf(key), { force: true });
    },
    async removeStale(before) {
      let removed = 0;
      const shards = await readdir(root).catch(() => []);
      for (const shard of shards) {
        if (!SHARD.test(shard)) continue;
        const names = await readdir(join(root, shard)).catch(() => []);
        for (const name of names) {
          if (!PARTIAL.test(name)) continue;
          const path = join(root, shard, name);
          const info = await stat(path).catch(() => undefined);
          if (!info?.isFile() || info.mtimeMs >= before) continue;
          await rm(path, { force: true });
          removed++;
        }
      }
      return removed;
    },
  };
}
