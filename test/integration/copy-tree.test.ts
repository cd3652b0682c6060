// copyTree on real hosts, for what the conformance suite does not compare with Ansible: delete,
// check mode and diffs, contents that travel only when needed, secrets, and refusals.
import { mkdirSync, mkdtempSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { copyTree, file } from '../../modules/index.ts';
import { hostsOfEachFlavor, onHost, runTasks } from './helpers.ts';

const source = mkdtempSync(join(tmpdir(), 'corectl-copy-tree-'));
const put = (rel: string, content: string) => {
  mkdirSync(join(source, rel, '..'), { recursive: true });
  writeFileSync(join(source, rel), content);
};
put('app/app.conf', 'listen 8080\n');
put('app/conf.d/10-tls.conf', 'tls on\n');
put('app/conf.d/20-log.conf', 'log info\n');
put('app/big.bin', 'y'.repeat(300_000));
put('secret/token', 'hunter2\n');
put('one.txt', 'one\n');
mkdirSync(join(source, 'links'));
symlinkSync('../nowhere', join(source, 'links/dangling'));

describe.each(['debian', 'coreos'])('copyTree on a %s host', (flavor) => {
  const node = () => hostsOfEachFlavor().find((h) => h.flavor === flavor)!.name;
  const dest = `/tmp/copy-tree-${flavor}`;
  const listing = () => onHost(node(), `cd ${dest} && find . -mindepth 1 -printf '%p %M\\n' | LC_ALL=C sort`);

  it('check mode says what a run does, with a diff per file, and changes nothing; the run does it; the next run changes nothing and sends no content', async () => {
    await onHost(node(), `rm -rf ${dest}`);
    const task = copyTree({ path: dest, src: `${join(source, 'app')}/`, mode: '0640', directoryMode: '0750' });
    const check = await runTasks(node(), [['tree', task]], { check: true, diff: true });
    expect(check.statuses).toEqual(['tree: changed']);
    expect(check.finished[0]!.result.diff?.unified).toContain('+++ /tmp/copy-tree-');
    expect(check.finished[0]!.result.diff?.unified).toContain('+tls on');
    expect(await onHost(node(), `test -e ${dest} && echo there || echo absent`)).toBe('absent\n');
    const run = await runTasks(node(), [['tree', task]]);
    expect(run.statuses).toEqual(['tree: changed']);
    expect(run.finished[0]!.result.message).toContain('conf.d/10-tls.conf: file is missing');
    expect(await listing()).toBe('./app.conf -rw-r-----\n./big.bin -rw-r-----\n./conf.d drwxr-x---\n./conf.d/10-tls.conf -rw-r-----\n./conf.d/20-log.conf -rw-r-----\n');
    const again = await runTasks(node(), [['tree', task]]);
    expect(again.statuses).toEqual(['tree: ok']);
    expect(again.stats.stdinBytes).toBe(0);
  });

  it('sends the contents once when one file changed, and rewrites only that file', async () => {
    await onHost(node(), `echo 'log debug' > ${dest}/conf.d/20-log.conf; stat -c %i ${dest}/app.conf > /tmp/copy-tree-inode`);
    const run = await runTasks(node(), [['tree', copyTree({ path: dest, src: `${join(source, 'app')}/`, mode: '0640', directoryMode: '0750' })]]);
    expect(run.statuses).toEqual(['tree: changed']);
    expect(run.finished[0]!.result.message).toBe('conf.d/20-log.conf: content differs');
    expect(await onHost(node(), `cat ${dest}/conf.d/20-log.conf; test "$(stat -c %i ${dest}/app.conf)" = "$(cat /tmp/copy-tree-inode)" && echo same-inode`)).toBe('log info\nsame-inode\n');
  });

  it('leaves what the source lacks, and removes it only with delete (in check mode it only says so)', async () => {
    // "old.d b" sorts between old.d and what old.d holds: each is named once, by what went.
    await onHost(node(), `mkdir -p ${dest}/old.d/deep && touch ${dest}/old.d/deep/x "${dest}/old.d b" ${dest}/stray.conf`);
    const keep = await runTasks(node(), [['tree', copyTree({ path: dest, src: `${join(source, 'app')}/`, mode: '0640', directoryMode: '0750' })]]);
    expect(keep.statuses).toEqual(['tree: ok']);
    const task = copyTree({ path: dest, src: `${join(source, 'app')}/`, mode: '0640', directoryMode: '0750', delete: true });
    const check = await runTasks(node(), [['tree', task]], { check: true });
    expect(check.finished[0]!.result).toMatchObject({ status: 'changed', message: 'removed old.d; removed old.d b; removed stray.conf' });
    expect(await onHost(node(), `test -e ${dest}/old.d/deep/x && echo kept`)).toBe('kept\n');
    const run = await runTasks(node(), [['tree', task]]);
    expect(run.finished[0]!.result.message).toBe('removed old.d; removed old.d b; removed stray.conf');
    expect(await listing()).toBe('./app.conf -rw-r-----\n./big.bin -rw-r-----\n./conf.d drwxr-x---\n./conf.d/10-tls.conf -rw-r-----\n./conf.d/20-log.conf -rw-r-----\n');
  });

  it('never shows a sensitive tree in a diff', async () => {
    await onHost(node(), `rm -rf ${dest}-secret`);
    const run = await runTasks(node(), [['tree', copyTree({ path: `${dest}-secret`, src: `${join(source, 'secret')}/`, mode: '0600', sensitive: true })]], { diff: true });
    expect(run.statuses).toEqual(['tree: changed']);
    expect(JSON.stringify(run.events)).not.toContain('hunter2');
  });

  it('a source that is not a directory, or a directory given to file, fails the task with what to use', async () => {
    const notDir = await runTasks(node(), [['tree', copyTree({ path: `${dest}-x`, src: join(source, 'one.txt') })]]);
    expect(notDir.statuses[0]).toMatch(/tree: failed \(could not find src=.*one\.txt: copyTree copies a directory on the controller \(file copies one file\)\)/);
    const fileOfDir = await runTasks(node(), [['one', file({ path: `${dest}-x`, src: join(source, 'app') })]]);
    expect(fileOfDir.statuses[0]).toMatch(/one: failed \(src .*app is a directory: copyTree copies a directory tree\)/);
  });

  it('copies a link the source has that leads nowhere as a link', async () => {
    await onHost(node(), `rm -rf ${dest}-links`);
    const run = await runTasks(node(), [['tree', copyTree({ path: `${dest}-links`, src: join(source, 'links') })]]);
    expect(run.statuses).toEqual(['tree: changed']);
    expect(await onHost(node(), `readlink ${dest}-links/links/dangling`)).toBe('../nowhere\n');
    expect((await runTasks(node(), [['tree', copyTree({ path: `${dest}-links`, src: join(source, 'links') })]])).statuses).toEqual(['tree: ok']);
  });
});
