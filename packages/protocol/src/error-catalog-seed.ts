// The 56 codes of Agora's public Web error-code page (/work/shared/seed/agora-chat-error-codes.txt), verbatim:
// `meaning` is the page's "possible reason". error-codes.test.ts re-parses the seed and fails on any drift.
// Names follow the official SDK's status.d.ts. Retired codes are never reused.

const seed = <const C extends number, const N extends string>(
  code: C,
  name: N,
  meaning: string,
  note?: string,
) => ({ code, name, origin: 'seed' as const, meaning, ...(note === undefined ? {} : { note }) });

export const seedEntries = [
  seed(0, 'REQUEST_SUCCESS', 'None.'),
  seed(-1, 'REQUEST_TIMEOUT', 'The request times out.'),
  seed(-2, 'REQUEST_UNKNOWN', 'An unidentified error occurs.'),
  seed(-3, 'REQUEST_PARAMETER_ERROR', 'The request parameters are invalid.'),
  seed(-4, 'REQUEST_ABORT', 'The request is aborted.'),
  seed(1, 'WEBIM_CONNCTION_OPEN_ERROR', 'The request to retrieve a token fails.'),
  seed(
    2,
    'WEBIM_CONNCTION_AUTH_ERROR',
    'The SDK fails to verify the App Key. Try logging in again with a valid App Key.',
  ),
  seed(12, 'WEBIM_CONNCTION_GETROSTER_ERROR', 'Fails to generate the token.'),
  seed(
    16,
    'WEBIM_CONNCTION_DISCONNECTED',
    'The WebSocket is disconnected due to network reasons. Try calling the method again.',
  ),
  seed(17, 'WEBIM_CONNCTION_AJAX_ERROR', 'An unidentified error occurs.'),
  seed(
    27,
    'WEBIM_CONNCTION_APPKEY_NOT_ASSIGN_ERROR',
    'The App Key is invalid. Log in again using a valid App Key. For how to get the App Key, see Get the information of theAgora Chat project.',
  ),
  seed(
    28,
    'WEBIM_CONNCTION_TOKEN_NOT_ASSIGN_ERROR',
    'The token entered to log in is empty or incorrect. Log in again using the correct token.',
  ),
  seed(
    31,
    'WEBIM_CONNCTION_CALLBACK_INNER_ERROR',
    'An Internal error occurs when receiving the message callback.',
  ),
  seed(
    32,
    'WEBIM_CONNCTION_CLIENT_OFFLINE',
    'If a user is not logged in or drops offline, when the user sends a message, the SDK returns this error. Log in and try sending the message.',
  ),
  seed(
    39,
    'WEBIM_CONNECTION_CLOSED',
    'If a user is not logged in, or logged out, when the user sends a message, the SDK returns this error, Log in again and try sending the message.',
  ),
  seed(40, 'WEBIM_CONNECTION_ERROR', 'The user authentication fails.'),
  seed(50, 'MAX_LIMIT', 'The number of reactions or the usage of translations has reached the limit.'),
  seed(51, 'MESSAGE_NOT_FOUND', 'The message to be reported does not exist.'),
  seed(52, 'NO_PERMISSION', 'The user has no permission to perform this operation.'),
  seed(53, 'OPERATION_UNSUPPORTED', 'The current operation is not supported.'),
  seed(
    101,
    'WEBIM_UPLOADFILE_ERROR',
    'The file upload fails because the message attachment or group file exceeds the file size limit. Adjust the file size, and try uploading again.',
  ),
  seed(
    102,
    'WEBIM_UPLOADFILE_NO_LOGIN',
    'The user is not logged in when uploading the file, causing the file upload to fail. Log in and try uploading the file again.',
  ),
  seed(
    200,
    'WEBIM_DOWNLOADFILE_ERROR',
    'When the message attachment cannot be downloaded, the SDK returns this error code. Try downloading the file again.',
  ),
  seed(
    204,
    'USER_NOT_FOUND',
    'The user to be added to a chat group during chat group creation does not exist.',
  ),
  seed(
    206,
    'WEBIM_CONNCTION_USER_LOGIN_ANOTHER_DEVICE',
    'If the user does not enable multi-device login, the user is forced to log out when logging in at another device, and the SDK returns this error code.',
  ),
  seed(207, 'WEBIM_CONNCTION_USER_REMOVED', 'The logged in user is removed in the app background.'),
  seed(
    216,
    'WEBIM_CONNCTION_USER_KICKED_BY_CHANGE_PASSWORD',
    'If the logged in user changes the present password, the SDK kicks the user out and returns this error code.',
  ),
  seed(
    217,
    'WEBIM_CONNCTION_USER_KICKED_BY_OTHER_DEVICE',
    'When the multi-device login function is enabled, if the user forces the user ID logged in at the current device to log out by calling APIs or managing the backend at another device, the SDK returns this error code.',
  ),
  seed(
    221,
    'USER_NOT_FRIEND',
    'When a peer user sets not to receive messages from a user that is not a contact, if you send a message to this peer user, the SDK reports this error code. You can enable this feature on Agora Console.',
  ),
  seed(503, 'SERVER_UNKNOWN_ERROR', 'The SDK fails to send the message due to an unknown error.'),
  seed(
    504,
    'MESSAGE_RECALL_TIME_LIMIT',
    'When a timeout occurs during message recall, the SDK returns this error code.',
  ),
  seed(
    505,
    'SERVICE_NOT_ENABLED',
    'When you try using a service that is not enabled, the SDK returns this error code. Activate the service first and then call the method again.',
  ),
  seed(
    506,
    'SERVICE_NOT_ALLOW_MESSAGING',
    'If all members are banned in the group chatroom and the user ID is not included in the whitelist, when this user tries sending a message, the SDK returns this error code.',
  ),
  seed(
    507,
    'SERVICE_NOT_ALLOW_MESSAGING_MUTE',
    'If the user is muted in the group or the chatroom, when the user sends a message, the SDK returns this error code.',
  ),
  seed(508, 'MESSAGE_MODERATION_BLOCKED', 'The message is blocked by the moderation service.'),
  seed(601, 'GROUP_ALREADY_JOINED', 'The user to be added to a chat group already exists in the chat group.'),
  seed(
    602,
    'GROUP_NOT_JOINED',
    'When you try sending messages or controlling a group that you have not joined, the SDK returns this error code.',
  ),
  seed(
    603,
    'PERMISSION_DENIED',
    'The user has no permission to operate. Check whether the user is banned. If the user is banned, unban the user and log in again.',
  ),
  seed(
    604,
    'WEBIM_LOAD_MSG_ERROR',
    'An internal error occurs when receiving the callback and in the subsequent logic handling',
  ),
  seed(
    605,
    'GROUP_NOT_EXIST',
    'When you try controlling a group that does not exist, the SDK returns this error code.',
  ),
  seed(606, 'GROUP_MEMBERS_FULL', 'The number of chat group members has reached the limit.'),
  // The seed page calls 607 GROUP_NOT_EXIST (a copy-paste slip: 605 is GROUP_NOT_EXIST). We keep the
  // official status.d.ts name; the test asserts this one difference explicitly.
  seed(
    607,
    'GROUP_MEMBERS_LIMIT',
    'The number of maximum chat group members that you are attempting to specify when creating a chat group exceeds the limit of your current pricing plan.',
    'The seed page names this code GROUP_NOT_EXIST by mistake; status.d.ts calls it GROUP_MEMBERS_LIMIT.',
  ),
  seed(700, 'REST_PARAMS_STATUS', 'The token or app key is an empty string when calling RESTful APIs.'),
  seed(
    702,
    'CHATROOM_NOT_JOINED',
    'The user to whom you are requesting to perform operations does not exist in the chat room.',
  ),
  seed(704, 'CHATROOM_MEMBERS_FULL', 'The number of chat room members has reached the limit.'),
  seed(
    705,
    'CHATROOM_NOT_EXIST',
    'The chat room to which you are requesting to perform operations does not exist.',
  ),
  seed(999, 'SDK_RUNTIME_ERROR', 'A Websocket error occurs when sending a message.'),
  seed(
    1100,
    'PRESENCE_PARAM_EXCEED',
    'The length of the parameters you are passing in when calling APIs of the presence service exceeds the limit.',
  ),
  seed(1101, 'REACTION_ALREADY_ADDED', 'The reaction to be added already exists in your reaction list.'),
  seed(
    1102,
    'REACTION_CREATING',
    'The reaction that you are attempting to create is being created by another user at the same time.',
  ),
  seed(
    1103,
    'REACTION_OPERATION_IS_ILLEGAL',
    'You do not have permission to perform operations to a reaction. For example, you cannot delete a reaction if the reaction does not exist in your reaction list.',
  ),
  seed(
    1200,
    'TRANSLATION_NOT_VALID',
    'The parameters you are passing in when calling APIs of the translation service are invalid.',
  ),
  seed(1201, 'TRANSLATION_TEXT_TOO_LONG', 'The length of the source text to translate exceeds the limit.'),
  seed(1204, 'TRANSLATION_FAILED', 'The request to retrieve the translation service fails.'),
  seed(1300, 'THREAD_NOT_EXIST', 'The thread does not exist.'),
  seed(1301, 'THREAD_ALREADY_EXIST', 'The thread to be created already exists.'),
] as const;
