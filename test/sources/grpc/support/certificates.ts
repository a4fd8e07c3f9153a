import { execFileSync } from 'node:child_process';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/** PEM texts of a throwaway CA, a server certificate for `orders.internal` and a client certificate. */
export interface TestCertificates {
  ca: string;
  serverCert: string;
  serverKey: string;
  clientCert: string;
  clientKey: string;
}

export function hasOpenssl(): boolean {
  try {
    execFileSync('openssl', ['version'], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
}

/** Made with the openssl command at test time (EC keys, valid for two days), so no key is ever committed. */
export async function makeCertificates(): Promise<TestCertificates> {
  const dir = await mkdtemp(join(tmpdir(), 'plexus-certs-'));
  const openssl = (...args: string[]) => execFileSync('openssl', args, { cwd: dir, stdio: 'pipe' });
  const key = ['-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:prime256v1', '-nodes'];
  try {
    openssl(
      'req',
      '-x509',
      ...key,
      '-keyout',
      'ca.key',
      '-out',
      'ca.pem',
      '-days',
      '2',
      '-subj',
      '/CN=Plexus test CA',
      '-addext',
      'basicConstraints=critical,CA:TRUE',
      '-addext',
      'keyUsage=critical,keyCertSign,cRLSign',
    );
    await writeFile(join(dir, 'server.ext'), 'subjectAltName=DNS:orders.internal\nextendedKeyUsage=serverAuth\n');
    await writeFile(join(dir, 'client.ext'), 'extendedKeyUsage=clientAuth\n');
    for (const name of ['server', 'client']) {
      openssl('req', ...key, '-keyout', `${name}.key`, '-out', `${name}.csr`, '-subj', `/CN=${name === 'server' ? 'orders.internal' : 'gateway'}`);
      openssl(
        'x509',
        '-req',
        '-in',
        `${name}.csr`,
        '-CA',
        'ca.pem',
        '-CAkey',
        'ca.key',
        '-CAcreateserial',
        '-out',
        `${name}.pem`,
        '-days',
        '2',
        '-extfile',
        `${name}.ext`,
      );
    }
    const read = (file: string) => readFile(join(dir, file), 'utf8');
    return {
      ca: await read('ca.pem'),
      serverCert: await read('server.pem'),
      serverKey: await read('server.key'),
      clientCert: await read('client.pem'),
      clientKey: await read('client.key'),
    };
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}
