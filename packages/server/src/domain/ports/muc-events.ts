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
  /** MUCBody.members: several users joined or left at once (`membersPresence` / `membersAbsence`). */
  members?: readonly string[];
  /**
   * JSON the SDK parses for some operations; the encoder puts it where that operation's is read
   * (MUCBody.eventInfo.ext for updateInfo and attributes, MUCBody.ext otherwise). Build it with the
   * helpers of domain/mucs/muc-event-meta.ts (muteEventExt, updateInfoEventExt, memberAttributesEventExt).
   */
  ext?: string;
  /** When it happened (ms): the event's time. */
  createdAt: number;
}

/**
 * Who is told: every current member (stored once in the group's log; `alsoUsers` also get it in their
 * own notice queue, e.g. the removed member), or named users only (each one's notice queue). The actor's
 * acting device is never told; the actor's other devices are when the actor is in the audience.
 */
export type MucAudience = { members: true; alsoUsers?: readonly string[] } | { users: readonly string[] };

export interface MucEvents {
  /** Durable before it resolves; waking online devices happens after (a lost wake-up only delays). */
  notify(event: MucEvent, audience: MucAudience): Promise<void>;
}
