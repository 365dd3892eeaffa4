// Reactions for one subject of the conformance matrix, added over the REST API once the fixture's messages
// are sent: `peer` adds `keep` to the one-to-one and the group message (so lists and details have entries
// whatever runs first) and the subject adds `gone` to both (so deleteReaction has its own to remove).
import type { TestServer } from '@confab/server/testing';
import { call } from '../accounts.js';
import { login } from '../rest.js';
import type { Fixture, ReactionFixture } from './matrix-types.js';

export function makeReactionFixture(env: TestServer): ReactionFixture {
  const base = `${env.apiUrl}/${env.org}/${env.app}`;
  const add = async (user: string, password: string, msgId: string, message: string) => {
    const r = await call('POST', `${base}/reaction/user/${user}`, await login(env, user, password), {
      msgId,
      message,
    });
    if (r.status !== 200)
      throw new Error(`reaction fixture ${user} ${message}: ${r.status} ${JSON.stringify(r.body)}`);
  };
  return {
    kept: 'keep',
    own: 'gone',
    async seed(f: Fixture) {
      for (const id of [f.messageId, f.group.messageId]) {
        await add(f.peer, f.password, id, 'keep');
        await add(f.me, f.password, id, 'gone');
      }
    },
  };
}
