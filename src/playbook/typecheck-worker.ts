// The worker thread startTypecheck (typecheck-playbook.ts) runs the type check in: the playbook's
// file comes in as workerData, its errors go back as one message.
import { parentPort, workerData } from 'node:worker_threads';
import { typecheckPlaybook } from './typecheck-playbook.ts';

const { file } = workerData as { file: string };
parentPort!.postMessage(await typecheckPlaybook(file));
