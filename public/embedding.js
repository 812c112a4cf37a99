// The host side of embedding.html: drives the iframe through its postMessage API and logs
// what it says; follows the custom element through its events. Rendered as text only.
const frame = document.getElementById('demo-frame');
const log = document.getElementById('frame-log');
const framePosition = document.getElementById('frame-position-out');
const elementPosition = document.getElementById('element-position-out');
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
  if (m.type === 'step') framePosition.textContent = String(m.position);
  if (m.type === 'counts') {
    logLine(
      `counts at ${m.position}: ` +
        m.lanes.map((l) => `${l.variant} ghosts ${l.ghosts}, swallowed ${l.swallowed}`).join('; '),
    );
  } else {
    logLine(`${m.type}: ${JSON.stringify(m)}`);
  }
});

document.getElementById('frame-play').addEventListener('click', () => send({ command: 'play' }));
document.getElementById('frame-pause').addEventListener('click', () => send({ command: 'pause' }));
document.getElementById('frame-seek').addEventListener('click', () => {
  const position = Number(document.getElementById('frame-position').value);
  send({ command: 'seek', position });
});

const element = document.getElementById('demo-element');
element.addEventListener('dcoscope:step', (event) => {
  elementPosition.textContent = String(event.detail.position);
});
