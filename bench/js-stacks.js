#!/usr/bin/env node
/**
 * What a Node process's main thread is running, even when it never yields (a loop that keeps even its
 * own timers from firing): `node --experimental-websocket bench/js-stacks.js <inspector port> [samples]`
 * prints that many JavaScript stacks, 200 ms apart (with their asynchronous callers when the inspector
 * knows them: it collects them only once attached). The process must have been started with
 * --inspect-port=<port> and sent SIGUSR1 (which opens its inspector from another thread). Used by the
 * soak test for a process that does not end after SIGTERM; Node 20 needs the flag for its WebSocket
 * client (later versions have it by default).
 */
'use strict';

const [port, samples = '3'] = process.argv.slice(2);

async function main() {
  const targets = await (await fetch(`http://127.0.0.1:${port}/json/list`)).json();
  const socket = new WebSocket(targets[0].webSocketDebuggerUrl);
  const scripts = new Map();
  const pending = new Map();
  const paused = [];
  let nextId = 0;
  let wakePaused;
  const call = (method, params = {}) =>
    new Promise((resolve) => {
      pending.set(++nextId, resolve);
      socket.send(JSON.stringify({ id: nextId, method, params }));
    });
  socket.onmessage = ({ data }) => {
    const message = JSON.parse(data);
    if (message.id) pending.get(message.id)?.(message.result);
    else if (message.method === 'Debugger.scriptParsed') scripts.set(message.params.scriptId, message.params.url);
    else if (message.method === 'Debugger.paused') {
      paused.push(message.params);
      wakePaused?.();
    }
  };
  await new Promise((resolve, reject) => {
    socket.onopen = resolve;
    socket.onerror = () => reject(new Error(`no inspector on port ${port}`));
  });
  await call('Debugger.enable');
  await call('Debugger.setAsyncCallStackDepth', { maxDepth: 8 });
  const where = (frame) => `${frame.functionName || '(anonymous)'} ${(scripts.get(frame.location?.scriptId ?? frame.scriptId) ?? frame.url ?? '').replace(/^.*\/(node_modules|dist)\//, '$1/')}:${(frame.location?.lineNumber ?? frame.lineNumber) + 1}`;
  for (let sample = 1; sample <= Number(samples); sample += 1) {
    const stopped = new Promise((resolve) => (wakePaused = resolve));
    await call('Debugger.pause');
    await stopped;
    const { callFrames, asyncStackTrace } = paused.at(-1);
    const lines = callFrames.map(where);
    for (let parent = asyncStackTrace; parent; parent = parent.parent) lines.push(`-- ${parent.description ?? 'async'} --`, ...parent.callFrames.map(where));
    process.stdout.write(`stack ${sample}:\n${lines.map((line) => `  ${line}`).join('\n')}\n`);
    await call('Debugger.resume');
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
  await call('Debugger.disable');
  socket.close();
}

main().then(
  () => process.exit(0),
  (error) => {
    process.stdout.write(`no stack: ${error.message}\n`);
    process.exit(0);
  },
);
