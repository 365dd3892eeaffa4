// Chunked uploads (REST §1.1 #7–#10): init hands out an id, parts (1-based, up to 4 in parallel) are
// stored as separate FileStore objects, complete concatenates them in order into one object. The
// sessions live in this process's memory, so a node only offers chunked uploads when its parts cannot
// land on another node (single node); the SDK falls back to a single upload when init fails.
import { randomUUID } from 'node:crypto';
import { Readable } from 'node:stream';
import type { FileStore } from '../ports/chat-files.js';

/** Agora's default part size; the SDK splits files larger than 1.5 × this. */
export const PART_SIZE = 5 * 1024 * 1024;
/** Parts of a 1 GB file (the largest configurable attachment) at the minimum part size of 5 MB. */
const MAX_PARTS = 256;
/** A chunked upload not completed this long after init is dropped with its parts. */
export const PART_SESSION_TTL_MS = 60 * 60 * 1000;
const MAX_OPEN_PER_USER = 8;

export interface PartSession {
  uuid: string;
  appId: number;
  owner: string;
  maxBytes: number;
  createdAt: number;
  parts: Map<number, { key: string; size: number }>;
}

export class PartUploads {
  private readonly sessions = new Map<string, PartSession>();

  constructor(private readonly store: FileStore) {}

  /** A new session, or undefined when the user has too many open ones. Old sessions are swept first. */
  async open(appId: number, owner: string, maxBytes: number, now: number): Promise<PartSession | undefined> {
    await this.sweep(now);
    const mine = [...this.sessions.values()].filter((s) => s.appId === appId && s.owner === owner);
    if (mine.length >= MAX_OPEN_PER_USER) return undefined;
    const session: PartSession = {
      uuid: randomUUID(),
      appId,
      owner,
      maxBytes,
      createdAt: now,
      parts: new Map(),
    };
    this.sessions.set(session.uuid, session);
    return session;
  }

  get(appId: number, uuid: string, owner: string): PartSession | undefined {
    const s = this.sessions.get(uuid);
    return s && s.appId === appId && s.owner === owner ? s : undefined;
  }

  /** Records a stored part (replacing an earlier upload of the same number); false = bad number or too big. */
  async addPart(
    session: PartSession,
    partNumber: number,
    part: { key: string; size: number },
  ): Promise<boolean> {
    const old = session.parts.get(partNumber);
    const others = [...session.parts.values()].reduce((n, p) => n + p.size, 0) - (old?.size ?? 0);
    if (
      !this.sessions.has(session.uuid) ||
      !Number.isInteger(partNumber) ||
      partNumber < 1 ||
      partNumber > MAX_PARTS ||
      others + part.size > session.maxBytes
    ) {
      await this.store.remove(part.key);
      return false;
    }
    session.parts.set(partNumber, part);
    if (old) await this.store.remove(old.key);
    return true;
  }

  /**
   * Concatenates parts 1..n into one object and ends the session. Rejects when a part is missing (or
   * there are none) and with the store's FileTooLargeError past the session's limit.
   */
  async complete(session: PartSession): Promise<{ key: string; size: number; head: Uint8Array }> {
    this.sessions.delete(session.uuid);
    const numbers = [...session.parts.keys()].sort((a, b) => a - b);
    try {
      if (numbers.length === 0 || numbers.some((n, i) => n !== i + 1)) throw new Error('missing parts');
      const store = this.store;
      const keys = numbers.map((n) => session.parts.get(n)!.key);
      let head: Uint8Array = new Uint8Array(0);
      const source = Readable.from(
        (async function* () {
          for (const key of keys)
            for await (const chunk of store.read(key)) {
              if (head.length < 16) head = Buffer.concat([head, chunk as Buffer]).subarray(0, 16);
              yield chunk as Buffer;
            }
        })(),
      );
      const written = await this.store.write(source, session.maxBytes);
      return { ...written, head };
    } finally {
      await this.removeParts(session);
    }
  }

  async abort(session: PartSession): Promise<void> {
    this.sessions.delete(session.uuid);
    await this.removeParts(session);
  }

  /** Drops sessions nobody completed within an hour, with their parts. */
  async sweep(now: number): Promise<void> {
    for (const s of [...this.sessions.values()])
      if (now - s.createdAt > PART_SESSION_TTL_MS) await this.abort(s);
  }

  private async removeParts(session: PartSession): Promise<void> {
    for (const p of session.parts.values()) await this.store.remove(p.key).catch(() => undefined);
    session.parts.clear();
  }
}
