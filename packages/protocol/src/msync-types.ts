// TypeScript shapes of the msync messages Confab reads and writes. Field names follow
// proto/msync.proto exactly (keepCase). 64-bit fields are Long on decode; encode accepts Long,
// number or decimal string.
import type Long from 'long';

export type U64 = Long | number | string;

export interface Jid {
  appKey?: string;
  name?: string;
  domain?: string;
  clientResource?: string;
}

export interface Status {
  errorCode?: number;
  reason?: string;
}

export interface MSync {
  version?: number;
  guid?: Jid | null;
  auth?: string;
  command?: number;
  payload?: Uint8Array;
  deviceId?: number;
  encryptType?: number[];
}

export interface KeyValue {
  key?: string;
  type?: number;
  varintValue?: U64;
  floatValue?: number;
  doubleValue?: number;
  stringValue?: string;
}

export interface Meta {
  id?: U64;
  from?: Jid | null;
  to?: Jid | null;
  timestamp?: U64;
  ns?: number;
  payload?: Uint8Array;
  routetype?: number;
  ext?: KeyValue[];
  meta?: Uint8Array;
  directedUsers?: string[];
}

export interface CommSyncUL {
  meta?: Meta | null;
  key?: U64;
  queue?: Jid | null;
  isRoam?: boolean;
  lastFullRoamKey?: U64;
}

export interface CommSyncDL {
  status?: Status | null;
  metaId?: U64;
  serverId?: U64;
  metas?: Meta[];
  nextKey?: U64;
  queue?: Jid | null;
  isLast?: boolean;
  timestamp?: U64;
  isRoam?: boolean;
}

export interface CommNotice {
  queue?: Jid | null;
}

export interface MetaQueue {
  queue?: Jid | null;
  n?: number;
}

export interface CommUnreadDL {
  status?: Status | null;
  unread?: MetaQueue[];
  timestamp?: U64;
}

export interface Provision {
  osType?: number;
  version?: string;
  networkType?: number;
  appSign?: string;
  compressType?: number[];
  encryptType?: number[];
  encryptKey?: string;
  status?: Status | null;
  deviceUuid?: string;
  isManualLogin?: boolean;
  password?: string;
  deviceName?: string;
  resource?: string;
  auth?: string;
  serviceId?: string;
  actionVersion?: string;
  authToken?: string;
  osCustomValue?: number;
  sessionId?: string;
  reason?: string;
}

export interface Size {
  width?: number;
  height?: number;
}

export interface Content {
  type?: number;
  text?: string;
  latitude?: number;
  longitude?: number;
  address?: string;
  displayName?: string;
  remotePath?: string;
  secretKey?: string;
  fileLength?: number;
  action?: string;
  params?: KeyValue[];
  duration?: number;
  size?: Size | null;
  thumbnailRemotePath?: string;
  thumbnailSecretKey?: string;
  thumbnailDisplayName?: string;
  thumbnailFileLength?: number;
  thumbnailSize?: Size | null;
  customEvent?: string;
  customExts?: KeyValue[];
  buildingName?: string;
  subType?: number;
  title?: string;
  summary?: string;
  combineLevel?: number;
}

export interface MessageBody {
  type?: number;
  from?: Jid | null;
  to?: Jid | null;
  contents?: Content[];
  ext?: KeyValue[];
  ackMessageId?: U64;
  msgConfig?: { allowGroupAck?: boolean } | null;
  ackContent?: string;
  meta?: string;
  editMessageId?: U64;
  editScope?: number;
}

export interface StatisticsBody {
  operation?: number;
  os?: number;
  version?: string;
  network?: number;
  imTime?: number;
  chatTime?: number;
  location?: string;
  reason?: string;
}

export interface MucSetting {
  name?: string;
  desc?: string;
  type?: number;
  maxUsers?: number;
  owner?: string;
}

export interface MucStatus {
  errorCode?: number;
  description?: string;
  chatroomInfo?: string;
}

/** easemob.pb.RosterBody (ns ROSTER): a contact event (spec msync §4.9). */
export interface RosterBody {
  operation?: number;
  status?: { errorCode?: number; description?: string } | null;
  from?: Jid | null;
  to?: Jid[];
  reason?: string;
  rosterVer?: string;
  biDirection?: boolean;
}

export interface MucBody {
  mucId?: Jid | null;
  operation?: number;
  from?: Jid | null;
  to?: Jid[];
  setting?: MucSetting | null;
  reason?: string;
  isChatroom?: boolean;
  status?: MucStatus | null;
  isThread?: boolean;
  mucParentId?: Jid | null;
  mucName?: string;
  eventInfo?: { eventType?: number; ext?: string } | null;
  mucMemberCount?: number;
  ext?: string;
  leaveOtherRooms?: boolean;
  members?: string[];
}
