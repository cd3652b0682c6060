// The public module API (`corectl/module`): everything a module needs, and nothing else, so a
// user's own module looks exactly like a built-in one.
export { defineModule, type ModuleCall, type ModuleDefinition, type ModuleFunction, type OptionsOrFn, type StepEnv } from './define-module.ts';
export type { ControllerOutcome, Diff, FleetHost, ModuleOutput, RemoteStep, TaskContext, TaskResult } from './module-types.ts';
export { CorectlError, type CorectlErrorOptions, type ErrorOrigin } from '../errors/corectl-error.ts';
export { ExitCode } from '../errors/exit-codes.ts';
export { quote, raw, sh, UnquotableValueError } from '../connection/shell-quote.ts';
export { shellScript, shellSource, type ShellArgument } from './shell-source.ts';
export { contentHash, fileContentSchema, absolutePathSchema, accountNameSchema, ownerSchema, unitNameSchema } from './option-schemas.ts';
export { modeSchema } from './file-mode.ts';
export { moduleOptions } from './module-options.ts';
export { compilePythonRegex, pythonRegexSchema, PythonRegexError, textBytes, type PythonRegex } from './python-regex.ts';
export { expandTemplate, parseTemplate, type TemplatePart } from './python-regex-template.ts';
export { unifiedDiff } from './unified-diff.ts';
export { shellWords, validateCommandSchema, validateFunction, type ValidateCommand } from './validate-command.ts';
export type { Facts } from '../facts/facts-schema.ts';
export {
  dataUrl, ignitionFile, ignitionMode, ignitionOwner, NotExpressibleError,
  type IgnitionFragment, type IgnitionRendering, type IgnitionUnit, type IgnitionUser, type LeftToRun,
} from './ignition-fragment.ts';
