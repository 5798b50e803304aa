import { startService } from './app.js';
import { ConfigError, loadConfig } from './adapters/config/config.js';

async function main(): Promise<void> {
  let config;
  try {
    config = loadConfig();
  } catch (error) {
    if (error instanceof ConfigError) {
      // one block, no stack; exitCode rather than exit() so the message drains even when stderr is a pipe
      process.stderr.write(`${error.message}\n`);
      process.exitCode = 2;
      return;
    }
    throw error;
  }
  const { url, demoSeeded } = await startService(config);
  const shown = url.replace('127.0.0.1', 'localhost');
  const lines = [
    `progressive-dialer listening on ${shown}`,
    `  dashboard:  ${shown}/`,
    `  API:        ${shown}/api  (Authorization: Bearer <API_KEY>)   docs: ${shown}/docs`,
    `  store:      ${config.eventStore.kind === 'sqlite' ? config.eventStore.file : 'EventStoreDB'}   telephony: ${config.telephony.provider}`,
  ];
  if (demoSeeded) lines.push('  DEMO: a sandbox campaign with 5 agents and 200 contacts was created and started (DEMO=false turns this off)');
  if (config.generated.includes('API_KEY')) lines.push(`  API_KEY (generated once, kept in ${config.dataDir}/credentials.json): ${config.apiKey}`);
  if (config.generated.includes('WEBHOOK_TOKEN')) lines.push(`  WEBHOOK_TOKEN (generated once, kept there too): ${config.webhookToken}`);
  process.stdout.write(`${lines.join('\n')}\n`);
}

void main();
