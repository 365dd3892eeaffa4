// A lean msync client for load generation: raw frames through @confab/protocol (no SDK, so the client
// is not the bottleneck), no frame buffering, callbacks only.
import {
  Command,
  ContentType,
  Domain,
  MessageType,
  NameSpace,
  frames,
  msync,
  u64ToString,
  type CommSyncDL,
} from '@confab/protocol';
import WebSocket from 'ws';

export interface LoadClientEvents {
  /** A message arrived (text and the time it was decoded). */
  onText?: (text: string, at: number) => void;
  /** The sender's ACK for a client id. */
  onAck?: (clientId: string, ok: boolean) => void;
}

let nextClientId = 300_000_000_000;

export class LoadClient {
  private readonly ws: WebSocket;
  private readonly pendingQueues = new Set<string>();
  private provisioned!: () => void;
  private readonly ready: Promise<void>;

  private constructor(
    url: string,
    readonly appKey: string,
    readonly user: string,
    private readonly token: string,
    private readonly events: LoadClientEvents,
  ) {
    this.ws = new WebSocket(url, { perMessageDeflate: false });
    this.ready = new Promise((resolve, reject) => {
      this.provisioned = resolve;
      this.ws.once('error', reject);
    });
    this.ws.on('open', () => this.provision());
    this.ws.on('message', (data: Buffer) => this.onFrame(data));
  }

  static async login(
    url: string,
    appKey: string,
    user: string,
    token: string,
    events: LoadClientEvents = {},
  ) {
    const c = new LoadClient(url, appKey, user, token, events);
    await c.ready;
    return c;
  }

  sendText(to: string, text: string): string {
    const id = String(nextClientId++);
    const payload = msync.MessageBody.encode({
      type: MessageType.CHAT,
      from: { name: this.user },
      to: { name: to },
      contents: [{ type: ContentType.TEXT, text }],
    });
    this.ws.send(
      frames.syncUL({
        meta: { id, to: { appKey: this.appKey, name: to, domain: Domain.USER }, ns: NameSpace.CHAT, payload },
      }),
    );
    return id;
  }

  close(): void {
    this.ws.terminate();
  }

  private provision() {
    const resource = `bench_${this.user}`;
    this.ws.send(
      frames.provision(
        { resource, deviceName: 'bench', authToken: JSON.stringify({ token: `$t$${this.token}` }) },
        {
          guid: { appKey: this.appKey, name: this.user, domain: Domain.USER, clientResource: resource },
          auth: `$t$${this.token}`,
        },
      ),
    );
  }

  private sync(queue: string, key?: string) {
    const q = { appKey: this.appKey, name: queue, domain: Domain.USER };
    this.ws.send(frames.syncUL(key ? { queue: q, key } : { queue: q }));
  }

  private onFrame(data: Buffer) {
    const env = msync.MSync.decode(data);
    const payload = env.payload ?? new Uint8Array();
    switch (env.command) {
      case Command.PROVISION: {
        const p = msync.Provision.decode(payload);
        if (p.status?.errorCode === 0) this.provisioned();
        else this.ws.emit('error', new Error(`provision refused: ${p.status?.reason}`));
        return;
      }
      case Command.NOTICE: {
        const q = msync.CommNotice.decode(payload).queue?.name;
        // Like the official client: one sync per queue at a time, a NOTICE for a pending queue is ignored.
        if (q && !this.pendingQueues.has(q)) {
          this.pendingQueues.add(q);
          this.sync(q);
        }
        return;
      }
      case Command.SYNC:
        return this.onSync(msync.CommSyncDL.decode(payload));
      default:
        return;
    }
  }

  private onSync(dl: CommSyncDL) {
    const metaId = u64ToString(dl.metaId);
    if (metaId !== '0') {
      this.events.onAck?.(metaId, dl.status?.errorCode === 0);
      return;
    }
    const queue = dl.queue?.name;
    if (!queue) return;
    const at = performance.now();
    for (const m of dl.metas ?? []) {
      const text = msync.MessageBody.decode(m.payload!).contents?.[0]?.text ?? '';
      this.events.onText?.(text, at);
    }
    if (dl.isLast) this.pendingQueues.delete(queue);
    else this.sync(queue, u64ToString(dl.nextKey));
  }
}
