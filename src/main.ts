import { createApp } from './app.js';
import { ConfigError, loadConfig } from './adapters/config/config.js';

async function main(): Promise<void> {
  let config;
  try {
    config = loadConfig();
  } catch (error) {
    if (error instanceof ConfigError) {
      process.stderr.write(`${error.message}\n`);
      process.exit(2);
    }
    throw error;
  }
  const app = await createApp(config);
  await app.listen(config.port, config.host);
  const url = (await app.getUrl()).replace('[::1]', 'localhost').replace('0.0.0.0', 'localhost');
  const lines = [`progressive-dialer listening on ${url}`, `  dashboard:  ${url}/`, `  API:        ${url}/api (Authorization: Bearer <API_KEY>)`];
  if (config.generated.includes('API_KEY')) lines.push(`  API_KEY (generated, kept in ${config.dataDir}/credentials.json): ${config.apiKey}`);
  if (config.generated.includes('WEBHOOK_TOKEN')) lines.push(`  WEBHOOK_TOKEN (generated, kept there too): ${config.webhookToken}`);
  process.stdout.write(`${lines.join('\n')}\n`);
}

void main();
