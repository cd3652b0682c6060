// corectl's public API for playbooks: the DSL, its types, and zod for typed play vars.
export { playbook, PlayBuilder, PlaybookBuilder } from './playbook/dsl.ts';
export type { ControllerContext, HandlerHandle, ItemResult, LoopHandle, LoopMeta, LoopResult, Playbook, PlayOptions, TaskHandle, TaskMeta } from './playbook/playbook-types.ts';
export type { Facts, TaskContext, TaskResult } from './module-api/index.ts';
export { z } from 'zod';
export { loadSecrets, sensitive } from './playbook/load-secrets.ts';
