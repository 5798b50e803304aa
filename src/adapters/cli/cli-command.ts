/** Where a command writes: process.stdout / process.stderr in the CLI, anything with `write` in a test. */
export interface Output {
  write(text: string): unknown;
  readonly isTTY?: boolean;
}

export interface CliIo {
  readonly stdout: Output;
  readonly stderr: Output;
  /** The environment the configuration is read from (DATA_DIR, EVENT_STORE, EVENTSTORE_CONNECTION_STRING…). */
  readonly env: Record<string, string | undefined>;
}

/** One `dialer <name> …` command; `run` answers the process exit code. */
export interface CliCommand {
  readonly name: string;
  readonly usage: string;
  readonly summary: string;
  /** Extra lines for `dialer <name> --help`. */
  readonly details: readonly string[];
  run(args: readonly string[], io: CliIo): Promise<number>;
}

/** The command line itself is wrong: the message and the command's usage are printed, exit code 2. */
export class UsageError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'UsageError';
  }
}

export const EXIT = { ok: 0, notFound: 1, failed: 1, usage: 2 } as const;
