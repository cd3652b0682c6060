// Shell that runs on hosts lives in .sh files, imported as text: `import script from './x.sh'`.
// esbuild (the engine build and playbook compiles) and vitest load them so; see DESIGN.md §3.
declare module '*.sh' {
  const source: string;
  export default source;
}
