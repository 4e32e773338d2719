// npm run stack: the service, Prometheus, Alertmanager and local receivers on
// 127.0.0.1 with free ports, until Ctrl-C or SIGTERM.
import { startStack } from './stack/start-stack.js';

const stack = await startStack({ killOnSignal: false });
const { urls } = stack;
const width = 14;
const row = (name: string, value: string) => console.log(`${name.padEnd(width)} ${value}`);

row('service', urls.service);
row('metrics', `${urls.service}/metrics`);
row('prometheus', urls.prometheus);
row('alerts', `${urls.prometheus}/alerts`);
row('alertmanager', urls.alertmanager);
row('slack (sec)', urls.slackSecurity);
row('slack (sre)', urls.slackSre);
row('pagerduty', urls.pagerduty);
row('webhook', urls.webhook);
row('smtp', urls.smtp);
row('admin token', stack.tokens.admin);
row('directory', stack.dir);
for (const [name, pid] of Object.entries(stack.pids())) row(`pid ${name}`, String(pid));
console.log('Ctrl-C stops everything.');

// Print what the receivers get, so the stack shows alerts arriving.
const channels = [
  ['slack-security', stack.receivers.slackSecurity],
  ['slack-sre', stack.receivers.slackSre],
  ['pagerduty', stack.receivers.pagerduty],
  ['webhook', stack.receivers.webhook],
] as const;
for (const [name, receiver] of channels) {
  const watch = (seen: number): void => {
    receiver
      .waitFor((r) => receiver.received.indexOf(r) >= seen, 2 ** 31 - 1)
      .then((r) => {
        console.log(
          `${new Date(r.receivedAtMs).toISOString()} ${name} received ${r.raw.length} bytes`,
        );
        watch(receiver.received.indexOf(r) + 1);
      })
      .catch(() => undefined);
  };
  watch(0);
}

let stopping = false;
const shutdown = (signal: string) => {
  if (stopping) return;
  stopping = true;
  console.log(`${signal}: stopping`);
  stack.stop().then(
    () => process.exit(0),
    (error: unknown) => {
      console.error(error);
      process.exit(1);
    },
  );
};
process.on('SIGINT', () => shutdown('SIGINT'));
process.on('SIGTERM', () => shutdown('SIGTERM'));
