// Drive headless Chromium over the DevTools protocol (the pipe transport:
// no WebSocket, no npm package) against a running `collate serve`:
//   1. with JavaScript: choose a PDF in the page's file input; the script
//      uploads it to the JSON API and the findings and page pictures appear;
//   2. without JavaScript: choose the file and click the button; the form
//      posts to /check and the result page shows the same;
// and no Content-Security-Policy violation is reported on either page.
// usage: node serve_page.mjs CHROMIUM URL PDF SCREENSHOT_PREFIX
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';

const [chromium, url, pdfArg, shotPrefix] = process.argv.slice(2);
if (!chromium || !url || !pdfArg || !shotPrefix) {
  console.error('usage: node serve_page.mjs CHROMIUM URL PDF SCREENSHOT_PREFIX');
  process.exit(2);
}
const pdf = resolve(pdfArg);
const profile = mkdtempSync(join(tmpdir(), 'collate-chromium-'));
const args = ['--headless=new', '--remote-debugging-pipe', '--disable-gpu', '--no-first-run',
  '--no-default-browser-check', '--disable-extensions', '--disable-background-networking',
  '--disable-dev-shm-usage', `--user-data-dir=${profile}`, 'about:blank'];
if (process.getuid && process.getuid() === 0) args.unshift('--no-sandbox'); // root cannot use the sandbox

const browser = spawn(chromium, args, { stdio: ['ignore', 'ignore', 'pipe', 'pipe', 'pipe'] });
let stderr = '';
browser.stderr.on('data', (d) => { stderr += d; });
const toBrowser = browser.stdio[3];
const fromBrowser = browser.stdio[4];

let nextId = 1;
const calls = new Map();
const listeners = [];
let buffer = Buffer.alloc(0);
fromBrowser.on('data', (chunk) => {
  buffer = Buffer.concat([buffer, chunk]);
  let end;
  while ((end = buffer.indexOf(0)) >= 0) {
    const msg = JSON.parse(buffer.subarray(0, end).toString('utf8'));
    buffer = buffer.subarray(end + 1);
    if (msg.id && calls.has(msg.id)) {
      const { ok, fail } = calls.get(msg.id);
      calls.delete(msg.id);
      if (msg.error) fail(new Error(`${msg.error.message} (${msg.error.code})`));
      else ok(msg.result);
    } else if (msg.method) {
      for (const l of listeners) l(msg);
    }
  }
});

function send(method, params = {}, sessionId) {
  const id = nextId++;
  const msg = { id, method, params };
  if (sessionId) msg.sessionId = sessionId;
  toBrowser.write(JSON.stringify(msg) + '\0');
  return new Promise((ok, fail) => calls.set(id, { ok, fail }));
}

function waitEvent(method, sessionId, ms = 30000) {
  return new Promise((ok, fail) => {
    const timer = setTimeout(() => fail(new Error(`timed out waiting for ${method}`)), ms);
    const l = (msg) => {
      if (msg.method === method && msg.sessionId === sessionId) {
        clearTimeout(timer);
        listeners.splice(listeners.indexOf(l), 1);
        ok(msg.params);
      }
    };
    listeners.push(l);
  });
}

const sleep = (ms) => new Promise((r) => setTimeout(r, ms));
let failures = 0;
function expect(cond, what) {
  console.log(`${cond ? 'ok' : 'FAIL'}: ${what}`);
  if (!cond) failures++;
}

// A tab with CSP violations and console errors collected.
async function openTab(width, height, scripts) {
  const { targetId } = await send('Target.createTarget', { url: 'about:blank' });
  const { sessionId } = await send('Target.attachToTarget', { targetId, flatten: true });
  const tab = { sessionId, violations: [] };
  listeners.push((msg) => {
    if (msg.sessionId !== sessionId) return;
    const text = msg.method === 'Log.entryAdded' ? msg.params.entry.text
      : msg.method === 'Runtime.consoleAPICalled' ? msg.params.args.map((a) => a.value).join(' ') : '';
    if (/Content Security Policy|Refused to/i.test(text)) tab.violations.push(text);
  });
  await send('Page.enable', {}, sessionId);
  await send('Log.enable', {}, sessionId);
  await send('Runtime.enable', {}, sessionId);
  await send('Emulation.setDeviceMetricsOverride',
    { width, height, deviceScaleFactor: 1, mobile: false }, sessionId);
  if (!scripts) await send('Emulation.setScriptExecutionDisabled', { value: true }, sessionId);
  return tab;
}

async function navigate(tab, to) {
  const loaded = waitEvent('Page.loadEventFired', tab.sessionId);
  await send('Page.navigate', { url: to }, tab.sessionId);
  await loaded;
}

async function chooseFile(tab) {
  const { root } = await send('DOM.getDocument', {}, tab.sessionId);
  const { nodeId } = await send('DOM.querySelector', { nodeId: root.nodeId, selector: '#file' }, tab.sessionId);
  await send('DOM.setFileInputFiles', { files: [pdf], nodeId }, tab.sessionId);
  return root;
}

async function shoot(tab, path) {
  const { data } = await send('Page.captureScreenshot',
    { format: 'png', captureBeyondViewport: true }, tab.sessionId);
  writeFileSync(path, Buffer.from(data, 'base64'));
  console.log(`screenshot: ${path}`);
}

// What the result area shows, read through the DOM domain (works with
// scripts disabled too).
async function resultState(tab) {
  const { root } = await send('DOM.getDocument', { depth: -1 }, tab.sessionId);
  const { outerHTML } = await send('DOM.getOuterHTML', { nodeId: root.nodeId }, tab.sessionId);
  const part = outerHTML.slice(outerHTML.indexOf('id="result"'));
  return {
    html: outerHTML,
    findings: (part.match(/<li><span class="sev /g) || []).length,
    pictures: (part.match(/<img [^>]*src="data:image\/png;base64,/g) || []).length,
    badge: (part.match(/<span class="badge (ok|warning|error)">/) || [])[1],
  };
}

async function main() {
  await send('Target.setDiscoverTargets', { discover: false });

  // 1. With JavaScript: the script uploads on choosing a file.
  const js = await openTab(1280, 900, true);
  await navigate(js, url + '/');
  await shoot(js, `${shotPrefix}-page.png`);
  await chooseFile(js);
  let st;
  const until = Date.now() + 60000;
  do {
    await sleep(250);
    st = await resultState(js);
  } while ((st.findings === 0 || st.pictures === 0) && Date.now() < until);
  const { result: status } = await send('Runtime.evaluate',
    { expression: 'document.getElementById("status").textContent', returnByValue: true }, js.sessionId);
  const { result: loaded } = await send('Runtime.evaluate', {
    expression: '[...document.querySelectorAll("#result img")].every(i => i.complete && i.naturalWidth > 0)',
    returnByValue: true,
  }, js.sessionId);
  expect(st.findings >= 3, `with JavaScript: findings listed (${st.findings})`);
  expect(st.pictures >= 1, `with JavaScript: page pictures shown (${st.pictures})`);
  expect(loaded.value === true, 'with JavaScript: the pictures decoded');
  expect(st.badge === 'error', `with JavaScript: status badge (${st.badge})`);
  expect(/<div class="summary">/.test(st.html), 'with JavaScript: summary from the JSON');
  expect(/^Checked /.test(status.value), `with JavaScript: status line (${status.value})`);
  expect(/How to fix what was found/.test(st.html), 'with JavaScript: how to fix');
  await shoot(js, `${shotPrefix}-result-js.png`);
  expect(js.violations.length === 0, `with JavaScript: no CSP violation ${JSON.stringify(js.violations)}`);

  // 2. Without JavaScript: a plain form post to /check.
  const plain = await openTab(1280, 900, false);
  await navigate(plain, url + '/');
  const root = await chooseFile(plain);
  const { nodeId: button } = await send('DOM.querySelector',
    { nodeId: root.nodeId, selector: '#submit' }, plain.sessionId);
  const { model } = await send('DOM.getBoxModel', { nodeId: button }, plain.sessionId);
  const x = (model.content[0] + model.content[2]) / 2, y = (model.content[1] + model.content[5]) / 2;
  const loadedResult = waitEvent('Page.loadEventFired', plain.sessionId, 90000);
  for (const type of ['mousePressed', 'mouseReleased'])
    await send('Input.dispatchMouseEvent', { type, x, y, button: 'left', clickCount: 1 }, plain.sessionId);
  await loadedResult;
  st = await resultState(plain);
  expect(/<title>Check result/.test(st.html), 'without JavaScript: the result page loaded');
  expect(st.findings >= 3, `without JavaScript: findings listed (${st.findings})`);
  expect(st.pictures >= 1, `without JavaScript: page pictures shown (${st.pictures})`);
  expect(st.badge === 'error', `without JavaScript: status badge (${st.badge})`);
  await shoot(plain, `${shotPrefix}-result-nojs.png`);
  expect(plain.violations.length === 0, `without JavaScript: no CSP violation ${JSON.stringify(plain.violations)}`);
}

const watchdog = setTimeout(() => {
  console.error('FAIL: the browser test took longer than 180 s');
  browser.kill('SIGKILL');
  process.exit(1);
}, 180000);
let rc = 0;
try {
  await main();
  rc = failures ? 1 : 0;
} catch (e) {
  console.error(`FAIL: ${e.message}`);
  if (stderr) console.error(stderr.split('\n').slice(-20).join('\n'));
  rc = 1;
}
try {
  await Promise.race([send('Browser.close'), sleep(5000)]);
} catch (e) { /* closing anyway */ }
const exited = new Promise((r) => browser.once('exit', r));
browser.kill('SIGKILL');
await Promise.race([exited, sleep(5000)]);
clearTimeout(watchdog);
try {
  rmSync(profile, { recursive: true, force: true, maxRetries: 5, retryDelay: 200 });
} catch (e) {
  console.error(`note: cannot remove ${profile}: ${e.message}`);
}
console.log(`${failures ? 'browser test failed' : 'browser test passed'}`);
process.exit(rc);
