// From corectl's build, a playbook is type-checked against the declaration files of corectl's API
// (dist/types, made with the engine) instead of its sources: the same mistakes must be found, at
// the same places, for the same reason. (How a type is spelt in the chain above the reason may
// differ: the declarations spell out what the sources call by an alias.)
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { corectlDeclarations, typecheckPlaybook } from '../../../src/playbook/typecheck-playbook.ts';

// Inside the repository, so that `corectl` resolves to its sources when no declarations are given.
const dir = mkdtempSync(join(resolve('test/fixtures'), '.tmp-declarations-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const SITE = `import { loadSecrets, playbook, z, type TaskContext } from 'corectl';
import { file, podman, systemd } from 'corectl/modules';

const siteVars = z.object({ site: z.string().default('lab'), ports: z.array(z.number()).default([53]) });
type SiteVars = z.infer<typeof siteVars>;
const secrets = await loadSecrets('secrets.yaml', z.object({ token: z.string() }));

export default playbook((pb) => {
  pb.play('base', { hosts: 'all', vars: siteVars }, (play) => {
    const restart = play.handler('restart', systemd({ unit: 'x.service', state: 'restarted' }));
    play.task('conf', file(({ vars, host }: TaskContext<SiteVars>) => ({ path: '/etc/x.conf', content: \`\${vars.site} \${host}\` })), { notify: [restart] });
    play.task('token', file({ path: '/etc/token', content: secrets.token, mode: '0600' }));
    play.task('dns', podman.container({ name: 'dns', image: 'docker.io/coredns/coredns:1.12.0' }));
    play.controller('ports', ({ vars }) => vars('h').ports.map((port) => port + 1));
  });
});
`;

const cases: [name: string, from: string, to: string][] = [
  ['a clean site', '', ''],
  ['a misspelt option', "content: secrets.token", "contnt: secrets.token"],
  ["an option with Ansible's name", "path: '/etc/token'", "dest: '/etc/token'"],
  ['an unknown option in computed options', 'content: `', 'contents: `'],
  ['a wrong option value', "state: 'restarted'", "state: 'bounced'"],
  ["a var the play's schema does not have", '.ports.map', '.port.map'],
  ['a secret the schema does not have', 'secrets.token', 'secrets.tokn'],
  ['vars that are not a schema', 'vars: siteVars', "vars: { site: 'lab' }"],
];

/** An error's file:line:column and its last line (the reason the chain leads to), types in it elided. */
const placeAndReason = (error: string) => `${/^\s*(\S+:\d+:\d+):/.exec(error)?.[1]} ${error.split('\n').at(-1)!.trim().replace(/'[^']*[{}<>|][^']*'/g, "'…'")}`;

describe('the type check against declarations finds what the check against the sources finds', () => {
  const declarations = corectlDeclarations(resolve('dist'));
  it('has declarations for every entry point of the package', () => {
    expect(Object.keys(declarations ?? {}).sort()).toEqual(['corectl', 'corectl/module', 'corectl/modules', 'corectl/pki']);
  });
  for (const [name, from, to] of cases) {
    it(name, async () => {
      const file = join(dir, `${name.replace(/[^a-z]+/g, '-')}.ts`);
      writeFileSync(file, SITE.replace(from, to));
      const fromSources = (await typecheckPlaybook(file, undefined)).errors;
      const fromDeclarations = (await typecheckPlaybook(file, declarations)).errors;
      if (name === 'a clean site') expect(fromSources).toEqual([]);
      else expect(fromSources.length).toBeGreaterThan(0);
      expect(fromDeclarations.map(placeAndReason)).toEqual(fromSources.map(placeAndReason));
    });
  }
});

describe("the form an earlier version documented still compiles, with a warning that names the new one", () => {
  const declarations = corectlDeclarations(resolve("dist"));
  const OLD_FORM = ['file(({ vars, host }: TaskContext<SiteVars>) => (', 'file<SiteVars>(({ vars, host }) => ('] as const;

  for (const against of ['sources', 'declarations'] as const) {
    it(`module<Vars>((context) => ...), checked against the ${against}`, async () => {
      const file = join(dir, `old-form-${against}.ts`);
      expect(SITE).toContain(OLD_FORM[0]);
      writeFileSync(file, SITE.replace(OLD_FORM[0], OLD_FORM[1]));
      const result = await typecheckPlaybook(file, against === 'sources' ? undefined : declarations);
      expect(result.errors).toEqual([]);
      expect(result.warnings).toHaveLength(1);
      expect(result.warnings[0]).toMatch(new RegExp(`^${file}:11:23: file<Vars>\\(\\(context\\) => \\.\\.\\.\\) is deprecated: .*; write file\\(\\(\\{ vars \\}: TaskContext<Vars>\\) => \\.\\.\\.\\)$`));
      // Unchanged, the check is not run again, and its warning is still said.
      expect(await typecheckPlaybook(file, against === 'sources' ? undefined : declarations)).toEqual(result);
    });
  }

  it('in the form the README shows, a clean site has no warning', async () => {
    const file = join(dir, 'new-form.ts');
    writeFileSync(file, SITE);
    expect((await typecheckPlaybook(file, declarations)).warnings).toEqual([]);
  });
});
