// Every message kind of agora-chat@1.4.0: what `message.create` accepts and what a received message
// looks like (fields exactly as the official SDK builds them, bundle `T()` in the message module).
import type { ChatThread, ChatThreadOverview } from './thread-types.js';
import type { ChatType, MessageExt, OnlineState } from './types.js';
import type { Reaction } from './reaction-types.js';

export type MessageKind = 'txt' | 'img' | 'file' | 'audio' | 'video' | 'loc' | 'custom' | 'cmd' | 'combine';
export type AckKind = 'read' | 'delivery' | 'channel';

/** Fields every created message shares. */
export interface BaseCreate {
  chatType: ChatType;
  to: string;
  from?: string;
  ext?: MessageExt;
  msgConfig?: { allowGroupAck?: boolean; languages?: string[] };
  isChatThread?: boolean;
  deliverOnlineOnly?: boolean;
  receiverList?: string[];
  priority?: 'high' | 'normal' | 'low';
}

/** A local file to upload before sending, as the official SDK takes it (`{data: Blob, filename}`). */
export interface FileObject {
  data: Blob;
  filename?: string;
  filetype?: string;
  url?: string;
}

/** Where an already-uploaded attachment lives (the official `body`). */
export interface AttachmentBody {
  url: string;
  filename?: string;
  secret?: string;
  file_length?: number;
  length?: number;
  size?: { width: number; height: number };
}

export interface FileCreate extends BaseCreate {
  file?: FileObject;
  body?: AttachmentBody;
  url?: string;
  secret?: string;
  filename?: string;
  file_length?: number;
  length?: number;
  width?: number;
  height?: number;
  isGif?: boolean;
  onFileUploadComplete?: (data: unknown) => void;
  onFileUploadError?: (error: unknown) => void;
}

export type CreateTxt = BaseCreate & { type: 'txt'; msg: string };
export type CreateImg = FileCreate & { type: 'img' };
export type CreateFile = FileCreate & { type: 'file' };
export type CreateAudio = FileCreate & { type: 'audio' };
export type CreateVideo = FileCreate & { type: 'video' };
export type CreateLoc = BaseCreate & {
  type: 'loc';
  lat: number;
  lng: number;
  addr?: string;
  buildingName?: string;
};
export type CreateCustom = BaseCreate & {
  type: 'custom';
  customEvent: string;
  customExts?: Record<string, unknown>;
};
export type CreateCmd = BaseCreate & { type: 'cmd'; action: string };
export type CreateCombine = BaseCreate & {
  type: 'combine';
  title?: string;
  summary?: string;
  compatibleText?: string;
  /** Already-uploaded combine file (Confab does not build the "cm" file client-side). */
  url: string;
  secret?: string;
  filename?: string;
  file_length?: number;
  combineLevel?: number;
};
export type CreateAck = {
  type: AckKind;
  chatType?: ChatType;
  to: string;
  /** The server id of the message acknowledged (read/delivery). */
  id?: string;
  ackId?: string;
  /** A group read receipt's free text (the official `ackContent`). */
  ackContent?: string;
};

export type CreateMsgParameters =
  | CreateTxt
  | CreateImg
  | CreateFile
  | CreateAudio
  | CreateVideo
  | CreateLoc
  | CreateCustom
  | CreateCmd
  | CreateCombine
  | CreateAck;

/** A message as created locally: the create parameters plus id and time. */
export type CreatedMessage = CreateMsgParameters & { id: string; time: number; from?: string };

interface ReceivedBase {
  id: string;
  chatType: ChatType;
  from: string;
  to: string;
  ext: MessageExt;
  time: number;
  onlineState: OnlineState;
  msgConfig?: { allowGroupAck?: boolean };
  priority?: 'high' | 'normal' | 'low';
  broadcast?: boolean;
  isRead?: boolean;
  isDelivered?: boolean;
  modifiedInfo?: { operationTime: number; operatorId: string; operationCount: number };
  /** Its reactions, as history returns them (`isAddedBySelf`: this user added it). */
  reactions?: Reaction[];
  /** A thread message: the thread's parent message, group and name. */
  chatThread?: ChatThread;
  /** A group message with a thread: the thread's state. */
  chatThreadOverview?: ChatThreadOverview;
  /** Send-time translations (msgConfig.languages): [{code, text}]. */
  translations?: { code: string; text: string }[];
}

export interface ReceivedImageMessage extends ReceivedBase {
  type: 'img';
  url: string;
  width: number;
  height: number;
  secret: string;
  thumb: string;
  thumb_secret: string;
  file_length: number;
  isGif?: boolean;
}
export interface ReceivedFileLike extends ReceivedBase {
  url: string;
  secret: string;
  file: Record<string, never>;
  filename: string;
  length: number;
  file_length: number;
  filetype: string;
  accessToken: string;
}
export interface ReceivedFileMessage extends ReceivedFileLike {
  type: 'file';
}
export interface ReceivedAudioMessage extends ReceivedFileLike {
  type: 'audio';
}
export interface ReceivedVideoMessage extends ReceivedFileLike {
  type: 'video';
  thumb: string;
  thumb_secret: string;
}
export interface ReceivedLocationMessage extends ReceivedBase {
  type: 'loc';
  buildingName: string;
  addr: string;
  lat: number;
  lng: number;
}
export interface ReceivedCmdMessage extends ReceivedBase {
  type: 'cmd';
  action: string;
}
export interface ReceivedCustomMessage extends ReceivedBase {
  type: 'custom';
  customEvent: string;
  params: Record<string, unknown>;
  customExts: Record<string, unknown>;
}
export interface ReceivedCombineMessage extends ReceivedBase {
  type: 'combine';
  title: string;
  summary: string;
  url: string;
  secret: string;
  file_length: number;
  filename: string;
  compatibleText: string;
  combineLevel: number;
}

/** onReadMessage / onDeliveredMessage payload. */
export interface ReceivedAckMessage {
  id: string;
  type: 'read' | 'delivery';
  from: string;
  to: string;
  mid: string;
  /** A group read receipt: how many members have read the message (the server's `ext[0]`). */
  groupReadCount?: unknown;
  /** A group read receipt's free text. */
  ackContent?: string;
  onlineState: OnlineState;
}
export interface ReceivedChannelMessage {
  id: string;
  type: 'channel';
  chatType: 'singleChat';
  from: string;
  to: string;
  time: number;
  onlineState: OnlineState;
}
export interface RecallMessageInfo {
  id: string;
  from: string;
  to: string;
  mid: string;
  ext: string;
  onlineState: OnlineState;
}
