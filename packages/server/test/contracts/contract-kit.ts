// What every storage-backed contract suite shares: one adapter per suite (a skipped adapter shows as one
// skipped test with its reason, so the summary counts it), a fresh app per test, and a message builder.
import { after, before, beforeEach, describe, test } from 'node:test';
import { directConversation } from '../../src/domain/conversations/direct-conversation.js';
import type { AppendResult, NewMessage, Storage } from '../../src/domain/ports/storage.js';
import type { StorageFixture } from './storage-contract.js';

/** `describe(title, body)`, or one skipped test carrying the reason. */
export function adapterSuite(title: string, skip: string | undefined, body: () => void): void {
  if (skip) test(title, { skip }, () => undefined);
  else describe(title, body);
}

export interface KitOptions {
  /** The sending device of built messages. @default 'r1' */
  resource?: (sender: string) => string;
  /** Milliseconds between built messages' createdAt. @default 1 */
  timeStep?: number;
}

export interface ContractKit {
  msg: (sender: string, recipient: string, opts?: Partial<NewMessage>) => NewMessage;
  /** Appends to the 1:1 conversation of sender and recipient. */
  append: (m: NewMessage) => Promise<AppendResult>;
  nextMessageId: () => bigint;
}

/**
 * Registers the suite's hooks (call it inside the describe body): the adapter opens before the suite and
 * closes after; each test gets a new app, handed to `bind` with the storage.
 */
export function contractKit(
  make: () => Promise<StorageFixture>,
  bind: (storage: Storage, appId: number) => void,
  options: KitOptions = {},
): ContractKit {
  let fx: StorageFixture;
  let appId = 0;
  let nextId = 1n;
  let counter = 0;
  before(async () => {
    fx = await make();
  });
  after(() => fx.cleanup());
  beforeEach(async () => {
    const n = ++counter;
    const app = await fx.storage.apps.create({
      org: 'org',
      name: `app${n}`,
      uuid: `uuid-${n}-${Math.random()}`,
      clientId: `cid-${n}-${Math.random()}`,
      clientSecretHash: 'h',
      settings: { openRegistration: true, tokenTtlSeconds: 60, maxMessageBytes: 5120 },
      createdAt: 1,
    });
    appId = app.id;
    bind(fx.storage, appId);
  });
  const nextMessageId = () => (nextId += 1n);
  return {
    nextMessageId,
    msg: (sender, recipient, opts = {}) => {
      const n = ++counter;
      return {
        id: nextMessageId(),
        appId,
        sender,
        senderResource: options.resource?.(sender) ?? 'r1',
        clientMsgId: `m${n}`,
        recipient,
        chatType: 1,
        createdAt: 1_700_000_000_000 + n * (options.timeStep ?? 1),
        meta: new Uint8Array([n & 0xff, 1, 2]),
        ...opts,
      };
    },
    append: (m) => fx.storage.messages.append(m, directConversation(m.sender, m.recipient)),
  };
}
