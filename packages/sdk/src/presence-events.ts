// NOTIFY metas (msync §4.9): the payload is compact JSON `{type, data}`. Presence (`type: "presence"`)
// becomes onPresenceStatusChange with the official SDK's shape: per user `{userId, lastTime, expire, ext,
// statusDetails: [{device, status}]}` (numbers where the official SDK converts them). Other types are not
// served yet and are ignored.

export interface PresenceStatusDetail {
  device: string;
  status: number;
}

export interface PresenceStatus {
  userId: string;
  lastTime: number;
  expire: number;
  ext: string;
  statusDetails: PresenceStatusDetail[];
}

interface RawPresence {
  uid?: unknown;
  last_time?: unknown;
  expiry?: unknown;
  ext?: unknown;
  status?: unknown;
}

/** The presence list of a NOTIFY payload, or undefined when it is another kind of notification. */
export function decodePresenceNotify(payload: Uint8Array): PresenceStatus[] | undefined {
  const parsed = JSON.parse(new TextDecoder().decode(payload)) as {
    type?: unknown;
    data?: { values?: unknown };
  };
  if (parsed?.type !== 'presence') return undefined;
  const values = Array.isArray(parsed.data?.values) ? (parsed.data.values as RawPresence[]) : [];
  return values.map((v) => ({
    userId: typeof v.uid === 'string' ? v.uid : '',
    lastTime: Number(v.last_time),
    expire: Number(v.expiry),
    ext: typeof v.ext === 'string' ? v.ext : '',
    statusDetails: Object.entries((v.status ?? {}) as Record<string, unknown>).map(([device, status]) => ({
      device,
      status: Number(status),
    })),
  }));
}
