// Type-checks a playbook and what it imports with the TypeScript compiler, so a wrong module
// option or a typo in a var is reported with file and line before anything runs.
import ts from 'typescript';

const OPTIONS: ts.CompilerOptions = {
  strict: true,
  noEmit: true,
  target: ts.ScriptTarget.ES2022,
  module: ts.ModuleKind.NodeNext,
  moduleResolution: ts.ModuleResolutionKind.NodeNext,
  allowImportingTsExtensions: true,
  skipLibCheck: true,
  esModuleInterop: true,
  types: ['node'],
};

export function typecheckPlaybook(file: string): string[] {
  const program = ts.createProgram([file], OPTIONS);
  return ts
    .getPreEmitDiagnostics(program)
    .filter((d) => d.category === ts.DiagnosticCategory.Error)
    .map((d) => {
      const message = ts.flattenDiagnosticMessageText(d.messageText, '\n  ');
      if (!d.file || d.start === undefined) return `  ${message}`;
      const { line, character } = d.file.getLineAndCharacterOfPosition(d.start);
      return `  ${d.file.fileName}:${line + 1}:${character + 1}: ${message}`;
    });
}
