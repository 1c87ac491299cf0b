// sw.js: the service worker. Precaches the whole app under a cache named after the build's
// content hash, serves it cache-first (so the app works offline), deletes older caches, and adds
// the cross-origin isolation headers to what it serves, so SharedArrayBuffer works on static hosts
// that cannot set headers. A new version installs in the background and waits: the page offers
// "reload to update" and only then is it activated (never mid-session).
// shell/build-web replaces the two placeholders below.
const CACHE = 'spectrogram-__BUILD_HASH__';
const PRECACHE = __PRECACHE__;

self.addEventListener('install', (event) => {
  event.waitUntil(caches.open(CACHE).then((cache) => cache.addAll(PRECACHE)));
});

self.addEventListener('activate', (event) => {
  event.waitUntil((async () => {
    for (const key of await caches.keys()) {
      if (key.startsWith('spectrogram-') && key !== CACHE) await caches.delete(key);
    }
    await self.clients.claim();
  })());
});

self.addEventListener('message', (event) => {
  if (event.data === 'skipWaiting') self.skipWaiting();
});

function withIsolationHeaders(response) {
  if (!response || response.type === 'opaque' || response.status === 0) return response;
  const headers = new Headers(response.headers);
  headers.set('Cross-Origin-Opener-Policy', 'same-origin');
  headers.set('Cross-Origin-Embedder-Policy', 'require-corp');
  headers.set('Cross-Origin-Resource-Policy', 'same-origin');
  return new Response(response.body, { status: response.status, statusText: response.statusText, headers });
}

self.addEventListener('fetch', (event) => {
  const { request } = event;
  if (request.method !== 'GET' || new URL(request.url).origin !== self.location.origin) return;
  event.respondWith((async () => {
    const cache = await caches.open(CACHE);
    let response = await cache.match(request, { ignoreSearch: true });
    if (!response && request.mode === 'navigate') response = await cache.match('./');
    if (!response) response = await fetch(request);
    return withIsolationHeaders(response);
  })());
});
