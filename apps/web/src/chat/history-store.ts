// Local persistence of one user's conversations and messages (localStorage), so a reload keeps them
// and the client shows them offline. It is a cache: the server's conversation list and history are
// merged into it (ChatStore.mergeServerConversations, mergeHistory).
import type { ChatMessage, Conversation } from './model.js';

/** Messages kept per conversation on this device. */
export const MAX_STORED_MESSAGES = 1000;

export interface StoredChats {
  conversations: Conversation[];
  messages: Record<string, ChatMessage[]>;
}

const VERSION = 1;
const storageKey = (appKey: string, user: string) => `confab.chats.v${VERSION}:${appKey}:${user}`;

export function loadChats(appKey: string, user: string): StoredChats {
  const empty: StoredChats = { conversations: [], messages: {} };
  try {
    const raw = localStorage.getItem(storageKey(appKey, user));
    if (!raw) return empty;
    const parsed = JSON.parse(raw) as Partial<StoredChats>;
    if (!Array.isArray(parsed.conversations) || typeof parsed.messages !== 'object' || !parsed.messages)
      return empty;
    // A message that was still being sent when the page went away may or may not have reached the
    // server: show it as failed so the user can retry (a resend with the same id is de-duplicated).
    const messages: Record<string, ChatMessage[]> = {};
    for (const [key, list] of Object.entries(parsed.messages)) {
      messages[key] = list.map((m) =>
        m.state === 'sending' || m.state === 'pending'
          ? { ...m, state: 'failed', error: { code: undefined, message: 'interrupted by a reload' } }
          : m,
      );
    }
    return { conversations: parsed.conversations, messages };
  } catch {
    return empty;
  }
}

/** Returns an error text when the browser refused to store (quota, private mode). */
export function saveChats(appKey: string, user: string, chats: StoredChats): string | undefined {
  const trimmed: Record<string, ChatMessage[]> = {};
  for (const [key, list] of Object.entries(chats.messages)) trimmed[key] = list.slice(-MAX_STORED_MESSAGES);
  try {
    localStorage.setItem(
      storageKey(appKey, user),
      JSON.stringify({ conversations: chats.conversations, messages: trimmed }),
    );
    return undefined;
  } catch (err) {
    return err instanceof Error ? err.message : String(err);
  }
}

/**
 * Logging out forgets what this browser keeps of the user's chats: every cached conversation and message
 * (of every app and user: a shared computer keeps none), the group names, and the saved login. Only the
 * theme and the server settings (app key, URLs) stay. IndexedDB is not used by this client.
 */
export function forgetLocalData(): void {
  try {
    const keep = new Set(['confab.theme', 'confab.settings']);
    const doomed: string[] = [];
    for (let i = 0; i < localStorage.length; i++) {
      const key = localStorage.key(i);
      if (key?.startsWith('confab.') && !keep.has(key)) doomed.push(key);
    }
    for (const key of doomed) localStorage.removeItem(key);
  } catch {
    // Storage unavailable: nothing was kept either.
  }
}
