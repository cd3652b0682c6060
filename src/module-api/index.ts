// The public module API (`corectl/module`): everything a module needs, and nothing else, so a
// user's own module looks exactly like a built-in one.
export { defineModule, type ModuleCall, type ModuleDefinition, type OptionsOrFn, type StepEnv } from './define-module.ts';
export type { ControllerOutcome, Diff, FleetHost, ModuleOutput, RemoteStep, TaskContext, TaskResult } from './module-types.ts';
export { quote, raw, sh, UnquotableValueError } from '../connection/shell-quote.ts';
export { contentHash, fileContentSchema, modeSchema, absolutePathSchema, accountNameSchema, unitNameSchema } from './option-schemas.ts';
export type { Facts } from '../facts/facts-schema.ts';
