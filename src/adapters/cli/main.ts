#!/usr/bin/env node
import 'reflect-metadata';
import { ConfigError } from '../config/config.js';
import { EXIT, UsageError, type CliCommand, type CliIo } from './cli-command.js';
import { rebuildCommand } from './rebuild.command.js';
import { replayCommand } from './replay.command.js';
import { simulateCommand } from './simulate.command.js';
import { statsCommand } from './stats.command.js';

const COMMANDS: readonly CliCommand[] = [replayCommand, rebuildCommand, statsCommand, simulateCommand];

function help(): string {
  const width = Math.max(...COMMANDS.map((command) => command.usage.length));
  return [
    'Usage: dialer <command> [options]      (npm run dialer -- <command> [options])',
    '',
    'Audit and read-model tools. They open the stores the service would, from the same environment:',
    'DATA_DIR (default ./data), EVENT_STORE (sqlite | eventstoredb), EVENTSTORE_CONNECTION_STRING.',
    '',
    'Commands:',
    ...COMMANDS.map((command) => `  ${command.usage.padEnd(width)}  ${command.summary}`),
    '',
    'Run `dialer <command> --help` for more about one command.',
    '',
  ].join('\n');
}

function commandHelp(command: CliCommand): string {
  return [`Usage: dialer ${command.usage}`, '', command.summary, '', ...command.details, ''].join('\n');
}

const wantsHelp = (args: readonly string[]) => args.includes('--help') || args.includes('-h');

function isParseArgsError(error: unknown): error is Error {
  return error instanceof Error && String((error as { code?: unknown }).code).startsWith('ERR_PARSE_ARGS');
}

/** Runs one command line; answers the exit code (0 done, 1 not found or failed, 2 bad usage or configuration). */
async function runCli(argv: readonly string[], io: CliIo): Promise<number> {
  const [name, ...args] = argv;
  if (name === undefined || name === 'help' || name === '--help' || name === '-h') {
    (name === undefined ? io.stderr : io.stdout).write(help());
    return name === undefined ? EXIT.usage : EXIT.ok;
  }
  const command = COMMANDS.find((candidate) => candidate.name === name);
  if (command === undefined) {
    io.stderr.write(`unknown command "${name}"\n\n${help()}`);
    return EXIT.usage;
  }
  if (wantsHelp(args)) {
    io.stdout.write(commandHelp(command));
    return EXIT.ok;
  }
  try {
    return await command.run(args, io);
  } catch (error) {
    if (error instanceof UsageError || isParseArgsError(error)) {
      io.stderr.write(`${error.message}\nUsage: dialer ${command.usage}\n`);
      return EXIT.usage;
    }
    if (error instanceof ConfigError) {
      io.stderr.write(`${error.message}\n`);
      return EXIT.usage;
    }
    io.stderr.write(
      `dialer ${name} failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`,
    );
    return EXIT.failed;
  }
}

process.exitCode = await runCli(process.argv.slice(2), {
  stdout: process.stdout,
  stderr: process.stderr,
  env: process.env,
});
