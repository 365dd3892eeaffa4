// One msync device, the load generator's client (so the client is not the bottleneck): raw frames through
// @confab/protocol, callbacks only, its own resource (multi-device), an optional source address (past ~28k
// connections), and optionally the official client's login sequence PROVISION → UNREAD → SYNC of every
// queue with messages (the offline backlog). Sends one-to-one, group and chat-room text messages, joins
// chat rooms; a pushed SYNC DL (isLast false, nextKey) is answered with SYNC{queue, key} as the SDK does.
import {
  Command,
  ContentType,
  Domain,
  MessageType,
  MucOperation,
  NameSpace,
  frames,
  msync,
  u64ToString,
  type CommSyncDL,
} from '@confab/protocol';
import WebSocket from 'ws';

let nextClientId = 400_000_000_000;

export interface DeviceOptions {
  resource: string;
  localAddress?: string;
  /** Ask for the unread queues after login (what the SDK does; needed to drain an offline backlog). */
  unread?: boolean;
  onText?: (text: string, at: number) => void;
  onAck?: (clientId: string, ok: boolean) => void;
}

export class MsyncDevice {
  private readonly ws: WebSocket;
  private readonly pending = new Set<string>();
  /** The domain of each queue seen (user queues: easemob.com; groups: conference.easemob.com). */
  private readonly domains = new Map<string, string>();
  private unreadAnswered = false;
  /** Calls answered by an ACK of their meta id (room JOINs), by that id. */
  private readonly calls = new Map<string, (err?: Error) => void>();

  private constructor(
    url: string,
    readonly appKey: string,
    readonly user: string,
    private readonly token: string,
    private readonly opts: DeviceOptions,
    private readonly provisioned: (err?: Error) => void,
  ) {
    this.ws = new WebSocket(url, {
      perMessageDeflate: false,
      ...(opts.localAddress ? { localAddress: opts.localAddress } : {}),
    });
    this.ws.once('error', (e) => provisioned(e));
    this.ws.once('close', () => provisioned(new Error('closed before provisioning')));
    this.ws.on('open', () => this.provision());
    this.ws.on('message', (data: Buffer) => this.onFrame(data));
  }

  /** Connects and provisions; rejects on refusal, error or after `timeoutMs`. */
  static login(
    url: string,
    appKey: string,
    user: string,
    token: string,
    opts: DeviceOptions,
    timeoutMs = 30_000,
  ): Promise<MsyncDevice> {
    return new Promise((resolve, reject) => {
      let device: MsyncDevice | undefined = undefined;
      let settled = false;
      const timer = setTimeout(() => done(new Error('provision timed out')), timeoutMs);
      const done = (err?: Error) => {
        if (settled) return;
        settled = true;
        clearTimeout(timer);
        if (err) {
          device?.close();
          reject(err);
        } else resolve(device!);
      };
      device = new MsyncDevice(url, appKey, user, token, opts, done);
    });
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

  /** A GROUPCHAT text message to group `groupId` (spec §4.4: the conference domain). */
  sendGroupText(groupId: string, text: string): string {
    const id = String(nextClientId++);
    const payload = msync.MessageBody.encode({
      type: MessageType.GROUPCHAT,
      from: { name: this.user },
      to: { name: groupId },
      contents: [{ type: ContentType.TEXT, text }],
    });
    this.ws.send(
      frames.syncUL({
        meta: {
          id,
          to: { appKey: this.appKey, name: groupId, domain: Domain.CONFERENCE },
          ns: NameSpace.CHAT,
          payload,
        },
      }),
    );
    return id;
  }

  /**
   * joinChatRoom as the SDK sends it (spec msync §4.8): a MUCBody JOIN with isChatroom in namespace MUC;
   * resolves on its ACK (rejects on a refusal or after `timeoutMs`). From then on the room's messages are
   * pushed to this device.
   */
  joinRoom(roomId: string, timeoutMs = 60_000): Promise<void> {
    const id = String(nextClientId++);
    const payload = msync.MUCBody.encode({
      mucId: { appKey: this.appKey, name: roomId, domain: Domain.CONFERENCE },
      operation: MucOperation.JOIN,
      from: { name: this.user },
      isChatroom: true,
      ext: '',
      leaveOtherRooms: false,
    });
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => {
        this.calls.delete(id);
        reject(new Error(`join ${roomId} timed out`));
      }, timeoutMs);
      this.calls.set(id, (err) => {
        clearTimeout(timer);
        if (err) reject(err);
        else resolve();
      });
      this.ws.send(
        frames.syncUL({
          meta: {
            id,
            from: { appKey: this.appKey, name: this.user, domain: Domain.USER },
            to: { domain: Domain.USER },
            ns: NameSpace.MUC,
            payload,
          },
        }),
      );
    });
  }

  /** A chat-room text message (MessageType CHATROOM, the conference domain). */
  sendRoomText(roomId: string, text: string): string {
    const id = String(nextClientId++);
    const payload = msync.MessageBody.encode({
      type: MessageType.CHATROOM,
      from: { name: this.user },
      to: { name: roomId },
      contents: [{ type: ContentType.TEXT, text }],
    });
    this.ws.send(
      frames.syncUL({
        meta: {
          id,
          to: { appKey: this.appKey, name: roomId, domain: Domain.CONFERENCE },
          ns: NameSpace.CHAT,
          payload,
        },
      }),
    );
    return id;
  }

  close(): void {
    this.ws.terminate();
  }

  /** Logged in with `unread`: the UNREAD answer came and every queue it named (or NOTICE since) is drained. */
  get settled(): boolean {
    return this.unreadAnswered && this.pending.size === 0;
  }

  private provision() {
    const { resource } = this.opts;
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
    if (!key) this.pending.add(queue);
    const q = { appKey: this.appKey, name: queue, domain: this.domains.get(queue) ?? Domain.USER };
    this.ws.send(frames.syncUL(key ? { queue: q, key } : { queue: q }));
  }

  private onFrame(data: Buffer) {
    const env = msync.MSync.decode(data);
    const payload = env.payload ?? new Uint8Array();
    switch (env.command) {
      case Command.PROVISION: {
        const p = msync.Provision.decode(payload);
        if (p.status?.errorCode === 0) {
          this.provisioned();
          if (this.opts.unread) this.ws.send(frames.unreadUL());
        } else this.provisioned(new Error(`provision refused: ${p.status?.reason}`));
        return;
      }
      case Command.UNREAD: {
        for (const u of msync.CommUnreadDL.decode(payload).unread ?? []) {
          const q = this.seen(u.queue);
          if (q && !this.pending.has(q)) this.sync(q);
        }
        this.unreadAnswered = true;
        return;
      }
      case Command.NOTICE: {
        const q = this.seen(msync.CommNotice.decode(payload).queue);
        if (q && !this.pending.has(q)) this.sync(q);
        return;
      }
      case Command.SYNC:
        return this.onSync(msync.CommSyncDL.decode(payload));
      default:
        return;
    }
  }

  /** The queue's name, its domain remembered for the SYNCs that follow. */
  private seen(jid: { name?: string | null; domain?: string | null } | null | undefined) {
    const name = jid?.name;
    if (name && jid.domain && this.domains.get(name) !== jid.domain) this.domains.set(name, jid.domain);
    return name;
  }

  private onSync(dl: CommSyncDL) {
    const metaId = u64ToString(dl.metaId);
    if (metaId !== '0') {
      const call = this.calls.get(metaId);
      if (call) {
        this.calls.delete(metaId);
        const status = dl.status;
        call(
          status?.errorCode ? new Error(`refused: ${status.errorCode} ${status.reason ?? ''}`) : undefined,
        );
        return;
      }
      this.opts.onAck?.(metaId, dl.status?.errorCode === 0);
      return;
    }
    const queue = this.seen(dl.queue);
    if (!queue) return;
    const at = performance.now();
    for (const m of dl.metas ?? []) {
      // Group events (MUCBody: a member joined, …) share the group's queue; only messages are counted.
      if ((m.ns ?? NameSpace.CHAT) !== NameSpace.CHAT) continue;
      const text = msync.MessageBody.decode(m.payload!).contents?.[0]?.text ?? '';
      this.opts.onText?.(text, at);
    }
    if (dl.isLast) this.pending.delete(queue);
    else this.sync(queue, u64ToString(dl.nextKey));
  }
}
