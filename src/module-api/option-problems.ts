// How a module's options that fail their schema are told: every problem at once, each naming its
// option, so a person fixes them in one pass instead of one run per typo.
import type { z } from 'zod';

/** One line per problem: "file option mode: must be octal digits". */
export function optionProblems(moduleName: string, error: z.ZodError): string[] {
  return error.issues.map((issue) => `${moduleName} option ${issue.path.join('.') || '(options)'}: ${issue.message}`);
}

/** Every problem in one message, for places that report a task's failure in one line. */
export function describeOptionProblems(moduleName: string, error: z.ZodError): string {
  return optionProblems(moduleName, error).join('; ');
}
