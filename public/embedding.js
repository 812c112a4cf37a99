// The host side of embedding.html: drives the iframe through its postMessage API, sizes it to
// its content, logs what it says; follows the custom elements through their events; passes
// this page's theme on to both. Rendered as text only.
const frame = document.getElementById('demo-frame');
const log = document.getElementById('frame-log');
const framePosition = document.getElementById('frame-position-out');
const frameLength = document.getElementById('frame-length-out');
const frameHeight = document.getElementById('frame-height-out');
const elementPosition = document.getElementById('element-position-out');
const elementLength = document.getElementById('element-length-out');
const themeSelect = document.getElementById('page-theme');
const elements = document.querySelectorAll('dcoscope-demo');
const MAX_LOG = 50;

function send(message) {
  // A host that knows where the embed lives should name its origin instead of '*'.
  frame.contentWindow?.postMessage({ target: 'dcoscope', ...message }, '*');
}

function logLine(text) {
  const li = document.createElement('li');
  li.textContent = text;
  log.prepend(li);
  while (log.childElementCount > MAX_LOG) log.lastElementChild?.remove();
}

window.addEventListener('message', (event) => {
  if (event.source !== frame.contentWindow) return;
  const m = event.data;
  if (!m || m.source !== 'dcoscope') return;
  if (m.type === 'resize') {
    // The iframe's content height: no inner scroll bar, at any width.
    frame.style.height = `${m.height}px`;
    frameHeight.textContent = String(m.height);
  }
  if (m.type === 'ready' || m.type === 'step') {
    framePosition.textContent = String(m.position);
    if (m.length !== null) frameLength.textContent = String(m.length);
  }
  if (m.type === 'counts') {
    logLine(
      `counts at ${m.position}: ` +
        m.lanes.map((l) => `${l.variant} ghosts ${l.ghosts}, swallowed ${l.swallowed}`).join('; '),
    );
  } else {
    logLine(`${m.type}: ${JSON.stringify(m)}`);
  }
});

// The handshake: whenever this script runs, even after the iframe said ready, ask again.
frame.addEventListener('load', () => {
  send({ command: 'hello' });
  if (themeSelect.value !== 'auto') send({ command: 'theme', theme: themeSelect.value });
});
send({ command: 'hello' });

document.getElementById('frame-play').addEventListener('click', () => send({ command: 'play' }));
document.getElementById('frame-pause').addEventListener('click', () => send({ command: 'pause' }));
document.getElementById('frame-hello').addEventListener('click', () => send({ command: 'hello' }));
document.getElementById('frame-seek').addEventListener('click', () => {
  const position = Number(document.getElementById('frame-position').value);
  send({ command: 'seek', position });
});

const element = document.getElementById('demo-element');
for (const type of ['dcoscope:ready', 'dcoscope:step']) {
  element.addEventListener(type, (event) => {
    elementPosition.textContent = String(event.detail.position);
    if (event.detail.length !== null) elementLength.textContent = String(event.detail.length);
  });
}

// A docs site's dark-mode toggle: the page's own colours, the iframe by message, the elements
// by their theme attribute.
function applyTheme(theme) {
  if (theme === 'auto') delete document.documentElement.dataset.theme;
  else document.documentElement.dataset.theme = theme;
  send({ command: 'theme', theme });
  for (const el of elements) el.setAttribute('theme', theme);
}
themeSelect.addEventListener('change', () => applyTheme(themeSelect.value));
