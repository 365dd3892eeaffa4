// The chat room of one subject of the conformance matrix for the live rows (joinChatRoom, leaveChatRoom,
// quitChatRoom, the attribute calls, the chatRoom variants of send and getHistoryMessages): owned by `me`
// (so a leave keeps it a member and the calls run in any order), `peer` a member. Made in the store until
// the room REST routes are merged (then it can be made over REST like group-fixture.ts's groups).
import type { TestServer } from '@confab/server/testing';
import { makeRoom } from '../rooms.js';

export function makeRoomLiveFixture(env: TestServer, people: { me: string; peer: string }): Promise<string> {
  return makeRoom(env, { owner: people.me, members: [people.peer] });
}
