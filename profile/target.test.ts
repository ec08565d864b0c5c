import { mkdtempSync, mkdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { authHeaders, loadTarget, parseTarget, secretValues, TargetError } from './target';

const minimal = {
  format: 1,
  name: 'district 7',
  mount: '/mnt/video',
  core: { kind: 'probe-only' },
  nodes: [{ name: 'node1', bmc: { url: 'https://10.0.0.21/redfish/v1' } }],
};

describe('the target file of a delivered system', () => {
  it('takes a minimal file, with the defaults filled in and each URL reduced to its origin', () => {
    const t = parseTarget(minimal);
    expect(t.testFolder).toBe('accept-harness-test');
    expect(t.maxTestMiB).toBe(2048);
    expect(t.nodes[0]!.bmc.url).toBe('https://10.0.0.21');
  });

  it.each([
    ['a relative mount', { ...minimal, mount: 'mnt/video' }, /mount: an absolute path/],
    ['a test folder that is a path', { ...minimal, testFolder: '../etc' }, /testFolder: one folder name/],
    [
      'a password written in the file',
      { ...minimal, switch: { url: 'http://sw', credentials: { userEnv: 'U', passwordEnv: 's3cret!' } } },
      /an environment variable name/,
    ],
    [
      'another secret of the shell named',
      { ...minimal, switch: { url: 'https://sw', credentials: { userEnv: 'ACCEPT_U', passwordEnv: 'AWS_SECRET_ACCESS_KEY' } } },
      /starting with ACCEPT_/,
    ],
    [
      'credentials over plain http to another host',
      { ...minimal, switch: { url: 'http://10.0.0.2', credentials: { userEnv: 'ACCEPT_U', passwordEnv: 'ACCEPT_P' } } },
      /over https only/,
    ],
    [
      'a password in a URL',
      { ...minimal, nodes: [{ name: 'n', bmc: { url: 'https://admin:pw@10.0.0.21' } }] },
      /no user or password in the URL/,
    ],
    [
      'a URL without its scheme',
      { ...minimal, nodes: [{ name: 'n', bmc: { url: '10.0.0.21' } }] },
      /nodes\.0\.bmc\.url: an http:\/\/ or https:\/\/ URL/,
    ],
    ['an unknown core', { ...minimal, core: { kind: 'ceph' } }, /core/],
    ['no node', { ...minimal, nodes: [] }, /nodes/],
    ['two nodes of one name', { ...minimal, nodes: [minimal.nodes[0], minimal.nodes[0]] }, /node names must differ/],
    ['a BMC not over http', { ...minimal, nodes: [{ name: 'n', bmc: { url: 'ftp://10.0.0.21' } }] }, /http:\/\/ or https:\/\//],
    ['a field it does not know', { ...minimal, password: 'x' }, /password/],
    ['another format', { ...minimal, format: 2 }, /format/],
  ])('refuses %s, naming the field', (_what, raw, message) => {
    expect(() => parseTarget(raw, 't.json')).toThrow(TargetError);
    expect(() => parseTarget(raw, 't.json')).toThrow(message);
  });

  it('refuses a missing file, a folder and a file that is not JSON, in one line each', () => {
    const dir = mkdtempSync(join(tmpdir(), 'target-'));
    expect(() => loadTarget(join(dir, 'none.json'))).toThrow(/does not exist/);
    mkdirSync(join(dir, 'folder'));
    expect(() => loadTarget(join(dir, 'folder'))).toThrow(/is a folder/);
    writeFileSync(join(dir, 'bad.json'), '{ nope');
    expect(() => loadTarget(join(dir, 'bad.json'))).toThrow(/not valid JSON/);
  });

  it('makes the Authorization header from the variables the file names, and refuses one unset', () => {
    const ep = { url: 'https://10.0.0.21', credentials: { userEnv: 'ACCEPT_BMC_U', passwordEnv: 'ACCEPT_BMC_P' } };
    expect(authHeaders(ep, { ACCEPT_BMC_U: 'admin', ACCEPT_BMC_P: 'pw' })).toEqual({
      authorization: `Basic ${Buffer.from('admin:pw').toString('base64')}`,
    });
    expect(authHeaders({ url: 'https://10.0.0.21' }, {})).toEqual({});
    let message = '';
    try {
      authHeaders(ep, { ACCEPT_BMC_U: 'admin' });
    } catch (e) {
      message = (e as Error).message;
    }
    expect(message).toMatch(/names ACCEPT_BMC_P for its credentials, unset here/);
  });

  it('lists the secret values the run must never write, and only those', () => {
    const t = parseTarget({
      ...minimal,
      nodes: [{ name: 'node1', bmc: { url: 'https://10.0.0.21', credentials: { userEnv: 'ACCEPT_BMC_U', passwordEnv: 'ACCEPT_BMC_P' } } }],
      switch: { url: 'https://10.0.0.2', credentials: { userEnv: 'ACCEPT_SW_U', passwordEnv: 'ACCEPT_SW_P' } },
    });
    const env = { ACCEPT_BMC_U: 'admin', ACCEPT_BMC_P: 'pw1', ACCEPT_SW_U: 'root', ACCEPT_SW_P: 'pw2' };
    // each password, and each account as it travels (base64 of user:password in the Authorization header)
    expect(secretValues(t, env).sort()).toEqual(
      ['pw1', 'pw2', Buffer.from('admin:pw1').toString('base64'), Buffer.from('root:pw2').toString('base64')].sort(),
    );
  });
});
