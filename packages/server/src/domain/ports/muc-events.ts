// Group (and later room) notifications: what `onGroupEvent` shows. One port so every use case tells
// people the same way; the adapter behind it stores each event durably before it returns (offline users
// get it at their next login, in order) and wakes online devices. Operation numbers are MUCBody's
// (`MucOperation` in @confab/protocol, spec msync §4.9).
import type { MucKind } from './mucs.js';

export interface MucEvent {
  appId: number;
  kind: MucKind;
  mucId: string;
  /** MUCBody.Operation. */
  operation: number;
  /** Who did it (MUCBody.from). */
  actor: string;
  /** The device that did it: it is not told, the actor's other devices are. Absent for the app server. */
  actorResource?: string;
  /** Whom it is about (MUCBody.to), e.g. the removed, muted or new admin users. */
  targets?: readonly string[];
  reason?: string;
  /** MUCBody.mucName (invitations show it). */
  mucName?: string;
  /** MUCBody.mucMemberCount (presence / absence). */
  memberCount?: number;
  /** MUCBody.eventInfo.ext / MUCBody.ext: JSON the SDK parses for some operations (updateInfo, attributes). */
  ext?: string;
  /** Mute expiry and similar per-operation numbers the SDK reads from `ext`/`reason`. */
  createdAt: number;
}

/** Who is told: every current member (stored once in the group's log), or named users (each one's own queue). */
export type MucAudience = { members: true; alsoUsers?: readonly string[] } | { users: readonly string[] };

export interface MucEvents {
  /** Durable before it resolves; waking online devices happens after (a lost wake-up only delays). */
  notify(event: MucEvent, audience: MucAudience): Promise<void>;
}
