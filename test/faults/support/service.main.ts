/** `src/main.ts` as a child of a test: it does not outlive the test process (its IPC channel closed). */
process.on('disconnect', () => process.exit(1));
process.channel?.unref();

await import('../../../src/main.js');
