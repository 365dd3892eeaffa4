// A small seeded fuzzer for the fuzz test: a deterministic PRNG (mulberry32) and generators of mutated
// bytes, odd strings and numbers, random JSON, msync frames and REST requests. Same seed, same inputs.
import {
  Command,
  ContentType,
  Domain,
  MessageType,
  NameSpace,
  ValueType,
  frame,
  frames,
  msync,
  type KeyValue,
  type Meta,
} from '@confab/protocol';

export class Rng {
  private state: number;
  constructor(seed: number) {
    this.state = seed >>> 0;
  }
  /** A float in [0, 1). */
  next(): number {
    this.state = (this.state + 0x6d2b79f5) >>> 0;
    let t = this.state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  }
  int(n: number): number {
    return Math.floor(this.next() * n);
  }
  chance(p: number): boolean {
    return this.next() < p;
  }
  pick<T>(list: readonly T[]): T {
    return list[this.int(list.length)]!;
  }
  bytes(n: number): Uint8Array {
    const out = new Uint8Array(n);
    for (let i = 0; i < n; i++) out[i] = this.int(256);
    return out;
  }
  /** Printable ASCII (safe in a header or a URL after encoding). */
  ascii(n: number): string {
    let s = '';
    for (let i = 0; i < n; i++) s += String.fromCharCode(32 + this.int(95));
    return s;
  }
}

const U64_EDGES = ['0', '1', '9223372036854775807', '9223372036854775808', '18446744073709551615'];

/** Strings that break naive code: empty, huge, control and non-BMP characters, path and SQL tricks. */
export function oddString(r: Rng): string {
  switch (r.int(12)) {
    case 0:
      return '';
    case 1:
      return 'x'.repeat(r.pick([65, 129, 1025, 20_000]));
    case 2:
      return '\u0000\u0001\uffff\ud800';
    case 3:
      return '😀'.repeat(r.int(40));
    case 4:
      return '../'.repeat(r.int(5)) + 'etc/passwd';
    case 5:
      return "'; DROP TABLE users; --";
    case 6:
      return r.pick(['undefined', 'null', 'NaN', 'true', '[]', '{}', '__proto__', 'constructor']);
    case 7:
      return r.pick(U64_EDGES);
    case 8:
      return r.pick(['-1', '1e308', '0x10', '1.5', ' 7 ', '-0']);
    case 9:
      return r.ascii(r.int(40));
    case 10:
      return `fz${r.int(4)}`;
    default:
      return String.fromCharCode(...Array.from({ length: r.int(20) }, () => r.int(0x3000)));
  }
}

export function oddNumber(r: Rng): number {
  return r.pick([
    0,
    -1,
    1,
    2 ** 31,
    2 ** 53,
    -(2 ** 53),
    1e308,
    -1e308,
    0.5,
    Number.MAX_SAFE_INTEGER + 2,
    r.int(1e6),
  ]);
}

const JSON_KEYS = [
  'username',
  'password',
  'nickname',
  'grant_type',
  'client_id',
  'client_secret',
  'newpassword',
  'usernames',
  'to',
  'type',
  'msg_id',
  'queue',
  'mark',
  'reason',
  'settings',
  'org',
  'name',
  'start',
  'end',
  'limit',
  'cursor',
  'pin_msg_id',
  'ttl',
  'timestamp',
  'data',
  'entities',
  '__proto__',
  'constructor',
];

/** A random JSON value, nested at most `depth` deep. */
export function randomJson(r: Rng, depth = 3): unknown {
  const leaf = () =>
    r.pick([
      () => oddString(r),
      () => oddNumber(r),
      () => r.chance(0.5),
      () => null,
      () => `fz${r.int(4)}`,
    ])();
  if (depth <= 0 || r.chance(0.3)) return leaf();
  if (r.chance(0.4)) return Array.from({ length: r.int(6) }, () => randomJson(r, depth - 1));
  const o: Record<string, unknown> = {};
  for (let i = r.int(6); i > 0; i--)
    o[r.chance(0.8) ? r.pick(JSON_KEYS) : oddString(r)] = randomJson(r, depth - 1);
  return o;
}

/** Bytes with a few random edits: bit flips, cuts, insertions, duplicated runs, or garbage. */
export function mutate(r: Rng, input: Uint8Array): Uint8Array {
  let b = Array.from(input);
  for (let edits = 1 + r.int(4); edits > 0; edits--) {
    const at = b.length === 0 ? 0 : r.int(b.length);
    switch (r.int(7)) {
      case 0:
        if (b.length) b[at] = b[at]! ^ (1 << r.int(8));
        break;
      case 1:
        b = b.slice(0, at);
        break;
      case 2:
        b.splice(at, 0, ...r.bytes(1 + r.int(8)));
        break;
      case 3:
        b.splice(at, 1 + r.int(8));
        break;
      case 4:
        b.splice(at, 0, ...b.slice(at, at + 1 + r.int(16)));
        break;
      case 5:
        // a varint that claims a huge length
        b.splice(at, 0, 0x0a, 0xff, 0xff, 0xff, 0xff, 0x0f);
        break;
      default:
        if (b.length) b[at] = r.pick([0x00, 0xff, 0x80, 0x7f]);
    }
  }
  return Uint8Array.from(b);
}

function randomExt(r: Rng): KeyValue[] {
  return Array.from({ length: r.int(4) }, () => ({
    key: r.chance(0.7) ? `k${r.int(5)}` : oddString(r),
    type: r.chance(0.8) ? r.pick(Object.values(ValueType)) : r.int(100),
    ...r.pick([
      () => ({ stringValue: oddString(r) }),
      () => ({ varintValue: r.pick(U64_EDGES) }),
      () => ({ doubleValue: oddNumber(r) }),
      () => ({ floatValue: r.next() }),
    ])(),
  }));
}

/** A MessageBody a client might send, valid or odd: chat, acks, recall, edit, with odd fields. */
function messageBody(r: Rng, to: string): Uint8Array {
  const type = r.chance(0.85) ? r.pick(Object.values(MessageType)) : r.int(50);
  const id = r.chance(0.5) ? String(1 + r.int(1e6)) : r.pick(U64_EDGES);
  return msync.MessageBody.encode({
    type,
    from: { name: r.chance(0.8) ? 'fz0' : oddString(r) },
    to: { name: r.chance(0.8) ? to : oddString(r) },
    contents: Array.from({ length: r.chance(0.9) ? 1 : r.int(5) }, () => ({
      type: r.chance(0.9) ? r.pick(Object.values(ContentType)) : r.int(40),
      text: r.chance(0.8) ? `hi ${r.int(1000)}` : oddString(r),
      ...(r.chance(0.2)
        ? { remotePath: oddString(r), secretKey: oddString(r), fileLength: r.int(2 ** 31) }
        : {}),
      ...(r.chance(0.1) ? { customEvent: oddString(r), customExts: randomExt(r) } : {}),
      ...(r.chance(0.1)
        ? { latitude: oddNumber(r), longitude: oddNumber(r), size: { width: oddNumber(r) } }
        : {}),
    })),
    ...(r.chance(0.3) ? { ext: randomExt(r) } : {}),
    ...(type === MessageType.RECALL || r.chance(0.1) ? { ackMessageId: id } : {}),
    ...(type === MessageType.EDIT || r.chance(0.1) ? { editMessageId: id, editScope: r.int(4) } : {}),
    ...(r.chance(0.1) ? { ackContent: oddString(r), meta: oddString(r) } : {}),
  });
}

/** A frame a logged-in client might send, then mutated at one of its layers (or not at all). */
export function liveFrame(r: Rng, appKey: string, peers: readonly string[]): Uint8Array {
  const to = r.pick(peers);
  const meta = (): Meta => ({
    id: r.chance(0.9) ? String(1e9 + r.int(1e9)) : r.pick(U64_EDGES),
    to: {
      appKey: r.chance(0.9) ? appKey : oddString(r),
      name: to,
      domain: r.chance(0.9) ? Domain.USER : oddString(r),
    },
    ns: r.chance(0.8) ? NameSpace.CHAT : r.int(10),
    payload: r.chance(0.8) ? messageBody(r, to) : mutate(r, messageBody(r, to)),
    ...(r.chance(0.2) ? { ext: randomExt(r) } : {}),
    ...(r.chance(0.1) ? { routetype: r.int(5), directedUsers: [oddString(r)] } : {}),
  });
  const seed = r.pick([
    () => frames.unreadUL(),
    () => frames.syncUL({ meta: meta() }),
    () => frames.syncUL({ meta: meta() }),
    () =>
      frames.syncUL({
        queue: {
          appKey: r.chance(0.8) ? appKey : oddString(r),
          name: r.chance(0.8) ? to : oddString(r),
          domain: Domain.USER,
        },
        ...(r.chance(0.7) ? { key: r.chance(0.7) ? String(r.int(1e4)) : r.pick(U64_EDGES) } : {}),
      }),
    () => frame(r.int(8) as Command, r.bytes(r.int(40))),
    () => frame(Command.NOTICE),
  ])();
  switch (r.int(5)) {
    case 0:
      return mutate(r, seed); // the envelope
    case 1: {
      // a valid envelope around a mutated payload
      const env = msync.MSync.decode(seed);
      return frame((env.command ?? Command.SYNC) as Command, mutate(r, env.payload ?? new Uint8Array()));
    }
    default:
      return seed;
  }
}

/** A PROVISION (valid token or not) or something else, mutated or not: what a socket sends first. */
export function firstFrame(r: Rng, appKey: string, user: string, token: string): Uint8Array {
  const auth = r.chance(0.3) ? `$t$${token}` : oddString(r);
  const provision = frames.provision(
    {
      resource: r.chance(0.7) ? `r${r.int(1000)}` : oddString(r),
      deviceName: r.chance(0.8) ? 'fuzz' : oddString(r),
      actionVersion: 'v5.1',
      ...(r.chance(0.8) ? { authToken: JSON.stringify({ token: auth }) } : { authToken: oddString(r) }),
      ...(r.chance(0.1) ? { reason: oddString(r), osType: r.int(30), compressType: [r.int(3)] } : {}),
    },
    {
      guid: {
        appKey: r.chance(0.8) ? appKey : oddString(r),
        name: r.chance(0.8) ? user : oddString(r),
        domain: r.chance(0.9) ? Domain.USER : oddString(r),
        clientResource: `r${r.int(1000)}`,
      },
      auth,
      ...(r.chance(0.1) ? { version: r.int(4), encryptType: [r.int(4)], deviceId: r.int(2 ** 31) } : {}),
    },
  );
  if (r.chance(0.15)) return liveFrame(r, appKey, [user]);
  if (r.chance(0.05)) return r.bytes(r.int(64));
  return r.chance(0.6) ? mutate(r, provision) : provision;
}
