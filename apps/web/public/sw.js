// Confab's service worker (issue 20): shows the server's Web Push notifications (payload
// {title, body, data: {conversationId, chatType, from, msgId}}, see docs/push.md) and opens the
// conversation when one is clicked: an open Confab tab is focused and told which conversation to show,
// else a new one opens at /?open=<chatType>:<conversationId>.
/* global self */
self.addEventListener('install', () => self.skipWaiting());
self.addEventListener('activate', (event) => event.waitUntil(self.clients.claim()));

self.addEventListener('push', (event) => {
  let n = { title: 'Confab', body: 'You have a new message', data: {} };
  try {
    if (event.data) n = { ...n, ...event.data.json() };
  } catch {
    // not JSON: the generic text
  }
  const data = n.data || {};
  event.waitUntil(
    self.registration.showNotification(n.title || 'Confab', {
      body: n.body,
      data,
      // One notification per conversation: a newer message replaces the older one.
      tag: data.conversationId ? `${data.chatType}:${data.conversationId}` : undefined,
      renotify: Boolean(data.conversationId),
    }),
  );
});

self.addEventListener('notificationclick', (event) => {
  event.notification.close();
  const data = event.notification.data || {};
  const open = data.conversationId ? `${data.chatType || 'singleChat'}:${data.conversationId}` : '';
  event.waitUntil(
    (async () => {
      const tabs = await self.clients.matchAll({ type: 'window', includeUncontrolled: true });
      for (const tab of tabs) {
        if (new URL(tab.url).origin !== self.location.origin) continue;
        await tab.focus();
        if (open) tab.postMessage({ type: 'confab:open-conversation', open });
        return;
      }
      await self.clients.openWindow(open ? `/?open=${encodeURIComponent(open)}` : '/');
    })(),
  );
});
