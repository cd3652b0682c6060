// Site PKI: two CAs with separate duties. `etcd` signs peer certificates (server and client auth,
// DNS and IP names) for the etcd cluster; `http` signs web server certificates. Private keys are
// made on each host and never leave it: only CSRs and certificates cross the connection. Both CA
// certificates are trusted on every host.
//
// Once:   corectl ca init etcd --key ec-p256 --path-length 0
//         corectl ca init http --key ec-p256 --path-length 0
// Then:   CORECTL_CA_PASSPHRASE_ETCD=... CORECTL_CA_PASSPHRASE_HTTP=... corectl run playbooks/pki.ts
// Nightly: corectl check playbooks/pki.ts (no passphrase needed: check mode signs nothing) reports
// certificates that are missing, mismatched or due for renewal.
import { playbook, type TaskContext } from 'corectl';
import { command, x509 } from 'corectl/modules';

// A host's names: its inventory name, and its address when that is an IP.
function names({ host, fleet }: TaskContext) {
  const address = fleet[host]?.address ?? host;
  return { dns: [host], ip: /^[\d.]+$|:/.test(address) ? [address] : [] };
}

// Restart a service that uses a renewed certificate, when it is installed: on a fresh host the
// certificates come first and the service later, so "not installed" (exit 5) is no failure.
const restart = (unit: string) => command({ argv: ['systemctl', 'try-restart', unit] });
const whenInstalled = {
  changedWhen: (r: { exitCode?: number | null }) => r.exitCode === 0,
  failedWhen: (r: { exitCode?: number | null }) => r.exitCode !== 0 && r.exitCode !== 5,
};

export default playbook((pb) => {
  pb.play('Trust the site CAs', { hosts: 'etcd:web', become: true }, (play) => {
    play.task('etcd CA trusted', x509.caTrust({ ca: 'etcd' }), { tags: ['trust'] });
    play.task('http CA trusted', x509.caTrust({ ca: 'http' }), { tags: ['trust'] });
  });

  pb.play('etcd peer certificates', { hosts: 'etcd', become: true }, (play) => {
    const restartEtcd = play.handler('restart etcd', restart('etcd.service'), whenInstalled);
    play.task('etcd peer certificate', x509.certificate((ctx) => ({
      ca: 'etcd',
      key: { path: '/etc/etcd/pki/peer.key', type: 'ec-p256' },
      cert: { path: '/etc/etcd/pki/peer.crt' },
      chain: { path: '/etc/etcd/pki/ca.crt' },
      subject: { CN: ctx.host, O: 'etcd' },
      sans: names(ctx),
      usages: ['serverAuth', 'clientAuth'],
      lifetime: '90d',
      renewBefore: '30d',
    })), { notify: [restartEtcd], tags: ['etcd'] });
  });

  pb.play('Web server certificates', { hosts: 'web', become: true }, (play) => {
    const restartWeb = play.handler('restart the web server', restart('nginx.service'), whenInstalled);
    play.task('https certificate', x509.certificate((ctx) => ({
      ca: 'http',
      key: { path: '/etc/pki/tls/private/web.key', type: 'ec-p256' },
      cert: { path: '/etc/pki/tls/certs/web.crt' },
      subject: { CN: ctx.host },
      sans: names(ctx),
      usages: ['serverAuth'],
    })), { notify: [restartWeb], tags: ['web'] });
  });
});
