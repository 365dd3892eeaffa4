// The per-app word list (settings.wordFilter): applied to a message's text and custom fields (the custom
// event and its string extensions). `block` refuses the send with 508 (MESSAGE_MODERATION_BLOCKED); `replace`
// masks each occurrence with *** and lets the message through. Matching is case-insensitive, on substrings.
import { ConfabError, ErrorCode, type Content, type KeyValue, type MessageBody } from '@confab/protocol';
import type { WordFilterSettings } from '../ports/storage.js';

const escape = (w: string) => w.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

// Compiled patterns per word list (apps are few; the list object is the app record's, so it is stable).
const compiled = new WeakMap<readonly string[], RegExp>();
function patternOf(words: readonly string[]): RegExp | undefined {
  if (words.length === 0) return undefined;
  let re = compiled.get(words);
  if (!re) {
    // Longest first, so that "bad word" is masked whole rather than "bad" inside it.
    const sorted = [...words].sort((a, b) => b.length - a.length).map(escape);
    re = new RegExp(sorted.join('|'), 'giu');
    compiled.set(words, re);
  }
  return re;
}

export const MODERATION_BLOCKED_REASON = 'blocked by moderation';

/** The body as it may be delivered: unchanged, masked, or a 508 thrown. */
export function applyWordFilter(filter: WordFilterSettings | undefined, body: MessageBody): MessageBody {
  const re = filter && patternOf(filter.words);
  if (!re) return body;
  let hit = false;
  const clean = (s: string | undefined): string | undefined => {
    if (s === undefined || s === '') return s;
    re.lastIndex = 0;
    if (!re.test(s)) return s;
    hit = true;
    re.lastIndex = 0;
    return s.replace(re, '***');
  };
  const cleanKv = (kv: KeyValue): KeyValue =>
    kv.stringValue === undefined ? kv : { ...kv, stringValue: clean(kv.stringValue)! };
  const contents = (body.contents ?? []).map((c): Content => ({
    ...c,
    ...(c.text !== undefined ? { text: clean(c.text)! } : {}),
    ...(c.customEvent !== undefined ? { customEvent: clean(c.customEvent)! } : {}),
    ...(c.customExts ? { customExts: c.customExts.map(cleanKv) } : {}),
  }));
  if (!hit) return body;
  if (filter.action === 'block')
    throw new ConfabError(ErrorCode.MESSAGE_MODERATION_BLOCKED, MODERATION_BLOCKED_REASON);
  return { ...body, contents };
}
