// A sender that behaves like a careful client under failures: one message in flight, and after any
// socket loss or ACK timeout it reconnects (to whichever node answers) and resends the SAME client
// message id until it gets an ACK. The server's de-duplication must turn resends into one message.
import { StatusCode, u64ToString } from '@confab/protocol';
import { RawClient } from './raw-client.js';

export interface SenderTarget {
  wsUrls: () => string[];
  appKey: string;
}

export interface SentRecord {
  text: string;
  clientId: string;
  serverId: string;
}

export async function runResendingSender(opts: {
  target: SenderTarget;
  user: string;
  token: string;
  to: string;
  /** `to` is a group id: group messages. */
  group?: boolean;
  count: number;
  /** Distinct per sender so client ids never collide across senders. */
  idBase: number;
  deadlineMs: number;
  ackTimeoutMs?: number;
  /** Called after each ACK (for triggering chaos mid-stream). */
  onAck?: (n: number) => void;
}): Promise<SentRecord[]> {
  const acked: SentRecord[] = [];
  let client: RawClient | undefined;
  let attempt = 0;
  const connect = async (): Promise<RawClient> => {
    for (;;) {
      if (Date.now() > opts.deadlineMs) throw new Error(`${opts.user}: deadline passed while reconnecting`);
      const urls = opts.target.wsUrls();
      const url = urls[attempt++ % urls.length]!;
      try {
        const { client: c, answer } = await RawClient.login(
          url,
          opts.target.appKey,
          opts.user,
          opts.token,
          `${opts.user}-dev`,
        );
        if (answer.status?.errorCode === StatusCode.OK) return c;
        await c.close();
      } catch {
        // node down or refusing: try the next one after a short pause
      }
      await new Promise((r) => setTimeout(r, 100));
    }
  };

  for (let i = 0; i < opts.count; i++) {
    const text = `${opts.user}#${String(i).padStart(5, '0')}`;
    const clientId = String(opts.idBase + i);
    for (;;) {
      if (Date.now() > opts.deadlineMs) throw new Error(`${opts.user}: deadline passed at message ${i}`);
      client ??= await connect();
      try {
        const sent = opts.group
          ? client.sendGroupText(opts.to, text, clientId)
          : client.sendText(opts.to, text, clientId);
        const ack = await withTimeout(sent, opts.ackTimeoutMs ?? 3000);
        if (ack.status?.errorCode !== StatusCode.OK)
          throw new Error(`ack ${ack.status?.errorCode} ${ack.status?.reason}`);
        acked.push({ text, clientId, serverId: u64ToString(ack.serverId) });
        opts.onAck?.(acked.length);
        break;
      } catch {
        // Lost socket or no ACK: reconnect and resend the same id.
        await client.close().catch(() => undefined);
        client = undefined;
      }
    }
  }
  await client?.close();
  return acked;
}

function withTimeout<T>(p: Promise<T>, ms: number): Promise<T> {
  return new Promise((resolve, reject) => {
    const t = setTimeout(() => reject(new Error('timeout')), ms);
    p.then(
      (v) => {
        clearTimeout(t);
        resolve(v);
      },
      (e: unknown) => {
        clearTimeout(t);
        reject(e instanceof Error ? e : new Error(String(e)));
      },
    );
  });
}
