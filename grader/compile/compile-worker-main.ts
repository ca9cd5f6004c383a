import { parentPort, workerData } from 'worker_threads';
import { CompilerCrash, JavaScriptBuilder } from './build-javascript';
import { CompileRequest, CompileWorkerData, CompileWorkerMessage } from './compile-worker-protocol';

/** This module, as the bootstrap (compile-worker-bootstrap.js) must load it: `.ts` from the sources or a handout, `.js` from dist/. */
export const COMPILE_WORKER_MODULE = __filename;

/**
 * The compile worker's work, started by its bootstrap (compile-worker-bootstrap.js):
 * parse the handout once, say so, then build each submission asked for, one
 * at a time, keeping the type checker's state from one to the next.
 */
export function serveCompileRequests(): void {
  const port = parentPort;
  if (port === null) throw new Error('vmlab internal error: serveCompileRequests runs in the compile worker only');
  const builder = new JavaScriptBuilder((workerData as CompileWorkerData).setup);
  builder.warmUp();
  port.on('message', (request: CompileRequest) => port.postMessage(answer(builder, request)));
  port.postMessage({ kind: 'ready' } satisfies CompileWorkerMessage);
}

function answer(builder: JavaScriptBuilder, request: CompileRequest): CompileWorkerMessage {
  try {
    return { kind: 'built', id: request.id, built: builder.build(request.studentFiles, request.failAll) };
  } catch (error) {
    if (error instanceof CompilerCrash) return { kind: 'crashed', id: request.id, message: error.message };
    return error instanceof Error ? { kind: 'internal-error', id: request.id, message: error.message, stack: error.stack } : { kind: 'internal-error', id: request.id, message: String(error) };
  }
}
