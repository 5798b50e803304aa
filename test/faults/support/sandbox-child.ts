import { createInterface } from 'node:readline';
import type { SandboxChildOptions } from './sandbox.process.js';
import type { SandboxRecord } from './sandbox-record.js';
import { cleanEnv, spawnTypeScript, type NodeChild } from './child-process.js';

/** The test's handle on the sandbox provider running in a child process. */
export class SandboxChild {
  private constructor(
    private readonly child: NodeChild,
    readonly baseUrl: string,
    private readonly controlUrl: string,
  ) {}

  static async start(
    options: SandboxChildOptions,
    logFile: string,
    snapshot?: string,
  ): Promise<SandboxChild> {
    const child = spawnTypeScript(
      'test/faults/support/sandbox.process.ts',
      cleanEnv({ FAULT_SANDBOX: JSON.stringify(options) }),
      logFile,
      { snapshot, stdout: 'pipe' },
    );
    const lines = createInterface({ input: child.process.stdout! });
    const first = await Promise.race([
      new Promise<string>((resolve) => lines.once('line', resolve)),
      child.exited.then(({ code }) => {
        throw new Error(`the sandbox process exited (${code}) before listening; see ${logFile}`);
      }),
      new Promise<never>((_, reject) =>
        setTimeout(
          () => reject(new Error(`the sandbox process did not start in 30 s; see ${logFile}`)),
          30_000,
        ).unref(),
      ),
    ]);
    lines.close();
    child.process.stdout!.resume();
    const { baseUrl, controlUrl } = JSON.parse(first) as { baseUrl: string; controlUrl: string };
    return new SandboxChild(child, baseUrl, controlUrl);
  }

  async record(): Promise<SandboxRecord> {
    const response = await fetch(`${this.controlUrl}/record`);
    if (!response.ok) throw new Error(`sandbox record: HTTP ${response.status}`);
    return (await response.json()) as SandboxRecord;
  }

  /** Waits until no callback POST is under way. */
  async settled(): Promise<void> {
    await fetch(`${this.controlUrl}/settled`, { method: 'POST' });
  }

  async stop(): Promise<void> {
    if (!this.child.isRunning()) return;
    this.child.process.kill('SIGTERM');
    const timer = setTimeout(() => this.child.process.kill('SIGKILL'), 5_000);
    await this.child.exited;
    clearTimeout(timer);
  }
}
