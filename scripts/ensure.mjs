#!/usr/bin/env node
// Installs what is missing, so `npm start` and `npm test` work on a fresh clone of a fresh
// machine: `deps` runs `npm ci` when node_modules does not match package-lock.json;
// `chromium` installs Debian's Chromium when /usr/bin/chromium is absent; `tshark` installs
// Debian's tshark (for tests/tools: the exported pcap read by the real Wireshark) when
// /usr/bin/tshark is absent, answering wireshark-common's debconf question (may non-root users
// capture?) with its default, no. Everything it says,
// and the installers' own output, goes to stderr: stdout belongs to the command it runs before
// (`npm run sim -- --json` must print JSON only).
import { execSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';

const want = new Set(process.argv.slice(2));
const run = (cmd) => execSync(cmd, { stdio: ['inherit', 2, 'inherit'] });

/** npm's own record of an install (node_modules/.package-lock.json) newer than the lockfile. */
function npmInstalledLock() {
  const hidden = 'node_modules/.package-lock.json';
  return existsSync(hidden) && statSync(hidden).mtimeMs >= statSync('package-lock.json').mtimeMs;
}

if (want.has('deps')) {
  const lock = readFileSync('package-lock.json');
  const hash = createHash('sha256').update(lock).digest('hex');
  const stamp = 'node_modules/.dcoscope-lock-hash';
  const have = existsSync(stamp) ? readFileSync(stamp, 'utf8') : '';
  const installed = existsSync('node_modules/.bin/vite') && (have === hash || npmInstalledLock());
  if (!installed) {
    console.error('ensure: installing npm dependencies (npm ci)…');
    run('npm ci --no-audit --no-fund');
  }
  if (have !== hash) {
    mkdirSync('node_modules', { recursive: true });
    writeFileSync(stamp, hash);
  }
}

if (want.has('chromium') && !existsSync('/usr/bin/chromium')) {
  console.error("ensure: installing Debian's chromium for the end-to-end tests…");
  const sudo = process.getuid && process.getuid() !== 0 ? 'sudo ' : '';
  run(`${sudo}apt-get update -qq`);
  run(`${sudo}env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium`);
}

if (want.has('tshark') && !existsSync('/usr/bin/tshark')) {
  console.error("ensure: installing Debian's tshark for the pcap tests…");
  const sudo = process.getuid && process.getuid() !== 0 ? 'sudo ' : '';
  run(`${sudo}apt-get update -qq`);
  // preseed the one question wireshark-common asks, so the install never waits for an answer
  run(
    `echo 'wireshark-common wireshark-common/install-setuid boolean false' | ${sudo}debconf-set-selections`,
  );
  run(`${sudo}env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq tshark`);
}
