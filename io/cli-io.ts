/** Where the CLI writes: the process's streams, or buffers in tests. */
export interface OutputStream {
  write(text: string): unknown;
  /** Terminal width, when writing to a terminal. */
  readonly columns?: number;
}

export interface CliIo {
  readonly stdout: OutputStream;
  readonly stderr: OutputStream;
}

export function processIo(): CliIo {
  return { stdout: process.stdout, stderr: process.stderr };
}
