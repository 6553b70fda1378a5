/** The console's entry: renders the app into the page served at /admin. */
import { h, render } from 'preact';
import { App } from './app.tsx';

const root = document.getElementById('app');
if (root) render(<App />, root);
