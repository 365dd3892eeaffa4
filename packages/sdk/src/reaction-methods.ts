// The official Connection methods of reactions (getReactionlist: the official alias of getReactionList),
// added to Connection from here so connection.ts stays the connection. The calls are in reaction-calls.ts.
import { Connection } from './connection.js';
import * as calls from './reaction-calls.js';
import type { ReactionDetail, ReactionListItem } from './reaction-types.js';

type ListResult = { type: 0; data: ReactionListItem[] };

export interface ReactionMethods {
  addReaction(params: calls.ReactionParams): Promise<void>;
  deleteReaction(params: calls.ReactionParams): Promise<void>;
  getReactionList(params: calls.GetReactionListParams): Promise<ListResult>;
  getReactionlist(params: calls.GetReactionListParams): Promise<ListResult>;
  getReactionDetail(params: calls.GetReactionDetailParams): Promise<{ type: 0; data: ReactionDetail }>;
}

declare module './connection.js' {
  // Declaration merging: the methods below are Connection's.
  // eslint-disable-next-line @typescript-eslint/no-empty-object-type
  interface Connection extends ReactionMethods {}
}

const ctx = (c: Connection) => c.accountContext();

function list(this: Connection, params: calls.GetReactionListParams): Promise<ListResult> {
  return this.withCallbacks(undefined, () => calls.getReactionList(ctx(this), params));
}

const methods: ReactionMethods = {
  addReaction(this: Connection, params) {
    return this.withCallbacks(undefined, () => calls.addReaction(ctx(this), params));
  },
  deleteReaction(this: Connection, params) {
    return this.withCallbacks(undefined, () => calls.deleteReaction(ctx(this), params));
  },
  getReactionList: list,
  getReactionlist: list,
  getReactionDetail(this: Connection, params) {
    return this.withCallbacks(undefined, () => calls.getReactionDetail(ctx(this), params));
  },
};

Object.assign(Connection.prototype, methods);
