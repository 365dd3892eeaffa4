// Codes the official agora-chat@1.4.0 Web SDK raises that Agora's public error-code page omits.
// `meaning` is the status.d.ts doc comment; rows with a `note` are not in status.d.ts at all (found in the
// bundle's code enum and raise sites, spec §5.4) or carry no usable doc comment. Retired codes are never reused.

const sdk = <const C extends number, const N extends string>(
  code: C,
  name: N,
  meaning: string,
  note?: string,
) => ({ code, name, origin: 'sdk' as const, meaning, ...(note === undefined ? {} : { note }) });

const NOT_IN_DTS = 'Not in status.d.ts; raised by the SDK bundle (agora-chat@1.4.0).';

export const sdkEntries = [
  // Code 0 has two names in status.d.ts; errorNameOf(0) answers REQUEST_SUCCESS.
  sdk(
    0,
    'WEBIM_CONNCTION_USER_NOT_ASSIGN_ERROR',
    'open() was called without a user (client-side check); shares code 0 with REQUEST_SUCCESS.',
    'status.d.ts marks it @hidden and gives no description; the meaning is ours.',
  ),
  sdk(
    3,
    'WEBIM_CONNCTION_OPEN_USERGRID_ERROR',
    'Password login failed: POST /token answered an error body (message = its error_description).',
    NOT_IN_DTS,
  ),
  sdk(
    23,
    'WEBIM_CONNCTION_LOAD_CHATROOM_ERROR',
    'The legacy getChatRooms() error callback: the REST call answered an error body.',
    NOT_IN_DTS,
  ),
  sdk(54, 'OPERATION_NOT_ALLOWED', 'An operation that is not allowed.'),
  sdk(56, 'WEBIM_TOKEN_EXPIRED', 'Token expired.'),
  sdk(57, 'WEBIM_SERVER_SERVING_DISABLED', 'Server serving disabled.'),
  sdk(203, 'PARSE_FILE_ERROR', 'Parse file failed.'),
  sdk(205, 'MESSAGE_PARAMETER_ERROR', 'The message parameter is invalid.'),
  sdk(
    208,
    'WEBIM_USER_ALREADY_LOGIN',
    'open() was called while the user is already logged in ("The user has logged in.").',
    `${NOT_IN_DTS} The spec calls it USER_ALREADY_LOGIN; the SDK enum name is WEBIM_USER_ALREADY_LOGIN.`,
  ),
  sdk(219, 'USER_MUTED_BY_ADMIN', 'Global muted.'),
  sdk(222, 'WEBIM_DOWNLOADFILE_ERROR_NO_PERMISSION', 'No permission to download file.'),
  sdk(223, 'WEBIM_DOWNLOADFILE_ERROR_EXPIRED', 'The file has expired.'),
  sdk(
    304,
    'SERVER_GET_DNSLIST_FAILED',
    'The DNS lookup (server.json, isHttpDNS: true) failed or listed no REST hosts.',
    NOT_IN_DTS,
  ),
  sdk(500, 'SERVER_BUSY', 'The server is busy.'),
  sdk(501, 'MESSAGE_INCLUDE_ILLEGAL_CONTENT', 'The message content contains illegal or sensitive words.'),
  sdk(502, 'MESSAGE_EXTERNAL_LOGIC_BLOCKED', 'The message was blocked.'),
  sdk(509, 'MESSAGE_CURRENT_LIMITING', 'Group chat ID current limiting.'),
  sdk(510, 'MESSAGE_WEBSOCKET_DISCONNECTED', 'The network is disconnected, causing message sending failure.'),
  sdk(511, 'MESSAGE_SIZE_LIMIT', 'You have exceeded the maximum allowed size of a message body.'),
  sdk(
    512,
    'MESSAGE_SEND_TIMEOUT',
    'No ACK arrived for a sent message within 15 s ("send message timeout").',
    NOT_IN_DTS,
  ),
  sdk(608, 'GROUP_IS_DISABLED', 'Group disabled'),
  sdk(609, 'GROUP_MEMBER_ATTRIBUTES_SET_FAILED', 'Failed to set the custom attributes of a group member.'),
  sdk(800, 'LOCAL_DB_OPERATION_FAILED', 'A local database operation failed.'),
  sdk(1302, 'MODIFY_MESSAGE_NOT_EXIST', 'The message to modify does not exist.'),
  sdk(1303, 'MODIFY_MESSAGE_FORMAT_ERROR', 'The format of the modified messaged is incorrect.'),
  sdk(1304, 'MODIFY_MESSAGE_FAILED', 'The message modification failed.'),
  sdk(1400, 'CONVERSATION_NOT_EXIST', 'The current conversation not exist .'),
] as const;
