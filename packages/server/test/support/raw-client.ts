// A minimal msync client speaking raw frames through @confab/protocol, for protocol-level tests
// that must see exactly what the server sends (no SDK in between).
import {
  Command,
  Domain,
  MessageType,
  ContentType,
  NameSpace,
  frames,
  msync,
  u64ToString,
  type CommSyncDL,
  type CommUnreadDL,
  type Jid,
  type Meta,
  type MSync,
  type Provision,
} from '@confab/protocol';
import WebSocket from 'ws';

export type Inbound =
  | { command: 'PROVISION'; body: Provision }
  | { command: 'SYNC'; body: CommSyncDL }
  | { command: 'NOTICE'; body: { queue?: Jid | null } }
  | { command: 'UNREAD'; body: CommUnreadDL };

let localIds = 100_000_000_000;

export class RawClient {
  readonly inbox: Inbound[] = [];
  private waiters: Array<() => void> = [];
  closed = false;
  closeCode: number | undefined;

  private constructor(
    readonly ws: WebSocket,
    readonly appKey: string,
    readonly user: string,
  ) {
    ws.on('message', (data: Buffer) => {
      const env: MSync = msync.MSync.decode(data);
      const payload = env.payload ?? new Uint8Array();
      switch (env.command) {
        case Command.PROVISION:
          this.push({ command: 'PROVISION', body: msync.Provision.decode(payload) });
          break;
        case Command.SYNC:
          this.push({ command: 'SYNC', body: msync.CommSyncDL.decode(payload) });
          break;
        case Command.NOTICE:
          this.push({ command: 'NOTICE', body: msync.CommNotice.decode(payload) });
          break;
        case Command.UNREAD:
          this.push({ command: 'UNREAD', body: msync.CommUnreadDL.decode(payload) });
          break;
        default:
          break;
      }
    });
    ws.on('close', (code) => {
      this.closed = true;
      this.closeCode = code;
      this.wakeAll();
    });
  }

  static async connect(wsUrl: string, appKey: string, user: string): Promise<RawClient> {
    const ws = new WebSocket(wsUrl);
    await new Promise<void>((resolve, reject) => {
      ws.once('open', () => resolve());
      ws.once('error', reject);
    });
    return new RawClient(ws, appKey, user);
  }

  /** Connects and provisions; resolves with the provision answer. */
  static async login(wsUrl: string, appKey: string, user: string, token: string, resource: string) {
    const c = await RawClient.connect(wsUrl, appKey, user);
    const answer = await c.provision(token, resource);
    return { client: c, answer };
  }

  async provision(token: string, resource: string): Promise<Provision> {
    this.ws.send(
      frames.provision(
        {
          resource,
          deviceName: 'test',
          actionVersion: 'v5.1',
          authToken: JSON.stringify({ token: `$t$${token}` }),
        },
        {
          guid: { appKey: this.appKey, name: this.user, domain: Domain.USER, clientResource: resource },
          auth: `$t$${token}`,
        },
      ),
    );
    const frame = await this.next((f) => f.command === 'PROVISION');
    return frame.body as Provision;
  }

  unread(): Promise<CommUnreadDL> {
    this.ws.send(frames.unreadUL());
    return this.next((f) => f.command === 'UNREAD').then((f) => f.body as CommUnreadDL);
  }

  /** Sends a text message; resolves with the ACK. */
  sendText(to: string, text: string, id = String(localIds++)): Promise<CommSyncDL> {
    const payload = msync.MessageBody.encode({
      type: MessageType.CHAT,
      from: { name: this.user },
      to: { name: to },
      contents: [{ type: ContentType.TEXT, text }],
    });
    return this.sendMeta({
      id,
      to: { appKey: this.appKey, name: to, domain: Domain.USER },
      ns: NameSpace.CHAT,
      payload,
    });
  }

  /** Sends a text message to a group; resolves with the ACK. */
  sendGroupText(groupId: string, text: string, id = String(localIds++)): Promise<CommSyncDL> {
    const payload = msync.MessageBody.encode({
      type: MessageType.GROUPCHAT,
      from: { name: this.user },
      to: { name: groupId },
      contents: [{ type: ContentType.TEXT, text }],
    });
    return this.sendMeta({
      id,
      to: { appKey: this.appKey, name: groupId, domain: Domain.CONFERENCE },
      ns: NameSpace.CHAT,
      payload,
    });
  }

  sendMeta(meta: Meta): Promise<CommSyncDL> {
    const id = u64ToString(meta.id);
    this.ws.send(frames.syncUL({ meta }));
    return this.next((f) => f.command === 'SYNC' && u64ToString(f.body.metaId) === id).then(
      (f) => f.body as CommSyncDL,
    );
  }

  /** SYNC{queue[, key]} and the answer (a group's queue has the conference domain). */
  sync(queue: string, key?: string, domain: string = Domain.USER): Promise<CommSyncDL> {
    const q: Jid = { appKey: this.appKey, name: queue, domain };
    this.ws.send(frames.syncUL(key ? { queue: q, key } : { queue: q }));
    return this.next(
      (f) => f.command === 'SYNC' && u64ToString(f.body.metaId) === '0' && f.body.queue?.name === queue,
    ).then((f) => f.body as CommSyncDL);
  }

  /** Drains a queue like the official client: follow nextKey until isLast; returns the texts. */
  async drain(queue: string, domain: string = Domain.USER): Promise<{ metas: Meta[]; texts: string[] }> {
    const metas: Meta[] = [];
    let dl = await this.sync(queue, undefined, domain);
    while (!dl.isLast) {
      metas.push(...(dl.metas ?? []));
      dl = await this.sync(queue, u64ToString(dl.nextKey), domain);
    }
    const texts = metas.map((m) => msync.MessageBody.decode(m.payload!).contents?.[0]?.text ?? '');
    return { metas, texts };
  }

  /**
   * Waits for the server to deliver to `queue` the way the official client accepts: a NOTICE (then we
   * drain), or an unsolicited DL with the entries (then we ack with SYNC{queue, key} until isLast).
   */
  async receive(
    queue: string,
    timeoutMs = 5000,
    domain: string = Domain.USER,
  ): Promise<{ metas: Meta[]; texts: string[]; pushed: boolean }> {
    const first = await this.next(
      (f) =>
        (f.command === 'NOTICE' && f.body.queue?.name === queue) ||
        (f.command === 'SYNC' && u64ToString(f.body.metaId) === '0' && f.body.queue?.name === queue),
      timeoutMs,
    );
    if (first.command === 'NOTICE') return { ...(await this.drain(queue, domain)), pushed: false };
    const metas: Meta[] = [];
    let dl = first.body as CommSyncDL;
    while (!dl.isLast) {
      metas.push(...(dl.metas ?? []));
      dl = await this.sync(queue, u64ToString(dl.nextKey), domain);
    }
    const texts = metas.map((m) => msync.MessageBody.decode(m.payload!).contents?.[0]?.text ?? '');
    return { metas, texts, pushed: true };
  }

  /** The next frame of one command. */
  async nextOf<C extends Inbound['command']>(
    command: C,
    match: (f: Extract<Inbound, { command: C }>) => boolean = () => true,
    timeoutMs?: number,
  ): Promise<Extract<Inbound, { command: C }>> {
    const f = await this.next(
      (x) => x.command === command && match(x as Extract<Inbound, { command: C }>),
      timeoutMs,
    );
    return f as Extract<Inbound, { command: C }>;
  }

  async next(match: (f: Inbound) => boolean, timeoutMs = 5000): Promise<Inbound> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const i = this.inbox.findIndex(match);
      if (i >= 0) return this.inbox.splice(i, 1)[0]!;
      if (this.closed) throw new Error(`${this.user}: socket closed (${this.closeCode}) while waiting`);
      const left = deadline - Date.now();
      if (left <= 0) throw new Error(`${this.user}: timed out waiting for a frame`);
      await new Promise<void>((resolve) => {
        const t = setTimeout(resolve, left);
        this.waiters.push(() => {
          clearTimeout(t);
          resolve();
        });
      });
    }
  }

  close(): Promise<void> {
    if (this.closed) return Promise.resolve();
    return new Promise((resolve) => {
      this.ws.once('close', () => resolve());
      this.ws.close();
    });
  }

  private push(f: Inbound) {
    this.inbox.push(f);
    this.wakeAll();
  }

  private wakeAll() {
    const w = this.waiters;
    this.waiters = [];
    for (const f of w) f();
  }
}
