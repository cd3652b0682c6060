// Plain ssh2 sessions for the benchmark's own needs: resetting hosts between rounds and the
// physical-limit baseline. Independent of corectl's connection layer, so the baseline does not
// inherit corectl's costs (or its mistakes).
import { readFileSync } from 'node:fs';
import PQueue from 'p-queue';
import ssh2 from 'ssh2';
import { quote } from '../src/connection/shell-quote.ts';

export interface BenchHost {
  name: string;
  address: string;
}

export interface Login {
  user: string;
  privateKey: string;
}

/** Connects, trying again a few times: a host just reset or rebooted may drop the first try. */
export async function connect(host: BenchHost, login: Login): Promise<ssh2.Client> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await connectOnce(host, login);
    } catch (error) {
      if (attempt === 3) throw error;
      await new Promise((resolve) => setTimeout(resolve, 1000));
    }
  }
}

function connectOnce(host: BenchHost, login: Login): Promise<ssh2.Client> {
  return new Promise((resolve, reject) => {
    const client = new ssh2.Client();
    // A connection can also just close before it is ready (no error): without this the benchmark
    // waited forever, and Node ended it with exit code 13 (an unsettled top-level await).
    client.once('ready', () => resolve(client)).on('error', reject).once('close', () => reject(new Error(`${host.name}: connection closed before it was ready`)));
    // The benchmark's own hosts, just made by the harness: the baseline skips host-key lookup.
    client.connect({ host: host.address, port: 22, username: login.user, privateKey: readFileSync(login.privateKey), hostVerifier: () => true, readyTimeout: 20_000 });
    client.setNoDelay(true);
  });
}

export function exec(client: ssh2.Client, command: string): Promise<{ code: number | null; stdout: string }> {
  return new Promise((resolve, reject) => {
    client.exec(command, (error, channel) => {
      if (error) return reject(error);
      let stdout = '';
      channel.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
      channel.stderr.resume();
      channel.on('close', (code: number | null) => resolve({ code, stdout }));
    });
  });
}

/** Runs a script as root on every host, `concurrency` at a time; fails when any host fails. */
export async function everywhere(hosts: BenchHost[], login: Login, script: string, concurrency = 100): Promise<void> {
  const queue = new PQueue({ concurrency });
  await Promise.all(
    hosts.map((host) => queue.add(async () => {
      const client = await connect(host, login);
      try {
        const { code } = await exec(client, `sudo -n sh -c ${quote(script)}`);
        if (code !== 0) throw new Error(`${host.name}: script exited ${code}`);
      } finally {
        client.end();
      }
    })),
  );
}
