/**
 * The HTML documents the server sends for dashboard URLs: the app shell (links the built,
 * hashed script and stylesheet), the login page (a plain form: signing in needs no JavaScript),
 * and the pages for no such page and a dashboard not built yet.
 * No inline script anywhere (the CSP forbids it); every interpolated value is escaped.
 */
export interface Manifest {
  js: string;
  css: string;
  files: string[];
}

export const escapeHtml = (s: string): string =>
  s.replace(/[&<>"']/g, (ch) => `&#${ch.charCodeAt(0)};`);

const head = (title: string, m: Manifest | undefined, script: boolean) => `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="color-scheme" content="light">
<title>${escapeHtml(title)}</title>
<link rel="icon" href="data:,">
${m ? `<link rel="stylesheet" href="/assets/${escapeHtml(m.css)}">` : ''}
${m && script ? `<script type="module" src="/assets/${escapeHtml(m.js)}"></script>` : ''}
</head>`;

export function appShell(m: Manifest): string {
  return `${head('Waymark', m, true)}
<body>
<div id="app"><div class="boot" role="status">Loading Waymark…</div></div>
<noscript><p class="boot">Waymark’s dashboard needs JavaScript.</p></noscript>
</body>
</html>`;
}

export function loginPage(m: Manifest | undefined, next: string, error?: string): string {
  return `${head('Sign in · Waymark', m, false)}
<body class="login-body">
<main class="login">
  <h1 class="brand"><span class="brand-mark" aria-hidden="true">◆</span> Waymark</h1>
  <form method="post" action="/login" class="card login-card">
    <h2>Sign in</h2>
    <p class="muted">Paste the admin token. <code>npm start</code> prints a sign-in link with it; it is also kept in the data dir’s <code>admin-token</code> file. A site’s API key (<code>wmk_…</code>) signs in to that site alone, read-only.</p>
    ${error ? `<p class="error" role="alert" id="login-error">${escapeHtml(error)}</p>` : ''}
    <label for="token">Admin token or API key</label>
    <input id="token" name="token" type="password" autocomplete="current-password" required autofocus>
    <input type="hidden" name="next" value="${escapeHtml(next)}">
    <button type="submit" class="primary">Sign in</button>
  </form>
</main>
</body>
</html>`;
}

/** For a browser that followed a link to no page: says so and leads to the dashboard. */
export function notFoundPage(m: Manifest | undefined): string {
  return `${head('Not found · Waymark', m, false)}
<body class="login-body">
<main class="login">
  <h1 class="brand"><span class="brand-mark" aria-hidden="true">◆</span> Waymark</h1>
  <div class="card login-card">
    <h2>No page here</h2>
    <p class="muted">The link may be mistyped or from an older version.</p>
    <p><a href="/">Open the dashboard</a></p>
  </div>
</main>
</body>
</html>`;
}

export function notBuiltPage(): string {
  return `${head('Waymark', undefined, false)}
<body><main class="login"><h1>Waymark</h1>
<p>The dashboard is not built yet. Run <code>npm run build:dashboard</code> (or <code>npm start</code>, which builds it).</p>
</main></body></html>`;
}
