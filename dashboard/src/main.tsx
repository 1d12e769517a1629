/** Entry point: mounts the app shell into #app (the server-rendered HTML shell holds only that). */
import { render } from 'preact';
import { App } from './app.js';

const root = document.getElementById('app');
if (root) {
  root.textContent = '';
  render(<App />, root);
}
