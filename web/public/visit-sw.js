/*
 * Village's service worker for the home-visit form at a family's door: it keeps the web app (its page
 * and its built files) and the last answer to "who is signed in" on the device, so the form opens
 * without a connection. Saved forms themselves live in IndexedDB and are sent by the page.
 * Everything else goes to the network untouched. Works on secure origins (HTTPS, localhost) only.
 */
const CACHE = 'village-visit-form-v1';
const SESSION = '/api/v1/session';

async function precache() {
  const cache = await caches.open(CACHE);
  const res = await fetch('/', { cache: 'no-store', credentials: 'same-origin' });
  if (!res.ok) return;
  const html = await res.clone().text();
  await cache.put('/index.html', res);
  const assets = [...html.matchAll(/(?:src|href)="(\/assets\/[^"]+)"/g)].map((m) => m[1]);
  await cache.addAll([...new Set(assets)]);
  // Who is signed in now, so the app opens signed in without a connection.
  const session = await fetch(SESSION, { cache: 'no-store', credentials: 'same-origin', headers: { accept: 'application/json' } });
  if (session.ok) await cache.put(SESSION, session);
}

self.addEventListener('install', (event) => {
  event.waitUntil(precache().then(() => self.skipWaiting()));
});

self.addEventListener('activate', (event) => {
  event.waitUntil(
    (async () => {
      for (const key of await caches.keys()) if (key !== CACHE) await caches.delete(key);
      await self.clients.claim();
    })(),
  );
});

function forgetFieldKits() {
  return new Promise((resolve) => {
    const open = indexedDB.open('village-home-visits');
    // No saved data on this device: do not create the database here (the page creates it with its stores).
    open.onupgradeneeded = () => open.transaction.abort();
    open.onerror = () => resolve();
    open.onsuccess = () => {
      const db = open.result;
      if (!db.objectStoreNames.contains('kit')) {
        db.close();
        resolve();
        return;
      }
      const tx = db.transaction('kit', 'readwrite');
      tx.objectStore('kit').clear();
      tx.oncomplete = tx.onerror = () => {
        db.close();
        resolve();
      };
    };
  });
}

async function networkFirst(request, cacheKey, keep) {
  const cache = await caches.open(CACHE);
  try {
    const res = await fetch(request);
    if (keep(res)) await cache.put(cacheKey, res.clone());
    else if (cacheKey === SESSION && res.status === 401) await cache.delete(SESSION);
    return res;
  } catch (err) {
    const hit = await cache.match(cacheKey);
    if (hit) return hit;
    throw err;
  }
}

async function cacheFirst(request) {
  const cache = await caches.open(CACHE);
  const hit = await cache.match(request);
  if (hit) return hit;
  const res = await fetch(request);
  if (res.ok) await cache.put(request, res.clone());
  return res;
}

self.addEventListener('fetch', (event) => {
  const request = event.request;
  const url = new URL(request.url);
  if (url.origin !== self.location.origin) return;
  if (url.pathname === SESSION && request.method === 'DELETE') {
    // Signing out forgets who was signed in on this device, and the families saved for offline use.
    // Forms not yet sent stay: they are sent when the same person signs in again.
    event.respondWith(Promise.all([caches.open(CACHE).then((c) => c.delete(SESSION)), forgetFieldKits()]).then(() => fetch(request)));
    return;
  }
  if (request.method !== 'GET') return;
  if (request.mode === 'navigate') {
    event.respondWith(networkFirst(request, '/index.html', (res) => res.ok && (res.headers.get('content-type') || '').includes('text/html')));
    return;
  }
  if (url.pathname.startsWith('/assets/')) {
    event.respondWith(cacheFirst(request));
    return;
  }
  if (url.pathname === SESSION) {
    event.respondWith(networkFirst(request, SESSION, (res) => res.ok));
  }
});
