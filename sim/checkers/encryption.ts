// T4 from the history ('encryption.probe'): known plaintext of acknowledged segments found on
// a bay's raw disk image or in a download, a download an ordinary player plays, or two downloads
// sharing a keystream (one known recording decodes the other without the key): FAIL. The
// authorized player is the harness's own decryption when the recording path is the harness's
// reference implementation (the verdict then proves the checker, not a vendor's product, and
// says so); with no key held by the harness, that part is a person's to check: MANUAL.
import type { EventOf, HistoryEvent } from '../history';
import type { Figure, Verdict } from '../verdict';

const STAND_IN = {
  zh: '加密由测试工具的参考录像写入路径完成（AES-256-CTR，密钥由测试工具持有），证明检查方法有效，不代表厂商产品具备该功能；存储核心本身按原样保存所写数据，不经此路径时录像以明文落盘（对照项 plaintext-recording 判定 T4 不通过）',
  en: "encryption done by the harness's reference recording path (AES-256-CTR, key held by the harness): proves the checker, not the vendor's product; the storage core itself keeps what it is given, so without that path the recordings land in plaintext (the control plaintext-recording FAILs T4)",
};

export function checkEncryption(events: readonly HistoryEvent[], scenario = 'encryption'): Verdict {
  const probes = events.filter((e): e is EventOf<'encryption.probe'> => e.kind === 'encryption.probe');
  const failed = events.filter((e): e is EventOf<'encryption.probe.error'> => e.kind === 'encryption.probe.error');
  const base = {
    clause: 'T4',
    scenario,
    nature: 'measured' as const,
    method: {
      zh: '按运行种子抽取已确认写入的录像段，依种子重建其明文；同步各盘文件系统后逐盘读取原始磁盘镜像，查找任一长度 ≥64 字节的明文片段；经下载路径读出同一批录像，检查其中有无明文、普通播放器（无密钥的录像读取器）能否播放、持有密钥的授权播放器能否解码，并比较各段密钥流，密钥流相同即可凭一段已知明文无密钥解出其他录像。',
      en: "Acknowledged segments sampled by the run seed, their plaintext regenerated from their seeds; after each bay's file system is synced every bay's raw disk image is read and searched for any plaintext run of 64 bytes or more; the same segments are read through the download path and checked for plaintext, for playing in an ordinary player (the segment reader, no key), for decoding in the authorized player (with the key), and for keystreams shared between segments (one known recording would decode the others without a key).",
    },
    evidence: ['history.jsonl#encryption.probe'],
  };
  const errors = failed.map((e) => `${e.id}: the encryption probe failed (${e.error}): T4 not shown`);
  if (!probes.length)
    return {
      ...base,
      status: 'INCONCLUSIVE',
      figures: [],
      reasons: errors.length ? errors : ['no encryption probe in this history: T4 not shown'],
    };
  const figures: Figure[] = [];
  const fails: string[] = [];
  const unsure: string[] = [...errors];
  let standIn = false;
  let keyless = false;
  let notLengthPreserving = false;
  for (const p of probes) {
    const count = (name: string, zh: string, value: number, note: string): Figure => ({
      name: `${p.id}: ${name}`,
      label: { zh: `${p.id}：${zh}`, en: `${p.id}: ${name}` },
      value,
      unit: '',
      threshold: '= 0',
      ok: value === 0,
      nature: 'measured',
      note,
    });
    figures.push(
      count(
        'plaintext runs on raw disk images',
        '原始磁盘镜像中的明文片段数',
        p.atRestRuns,
        `${p.samples} segments (${p.plaintextBytes} bytes) looked for in ${p.scannedBytes} bytes of data on ${p.bays} bays, ${p.scanSeconds} s`,
      ),
      count(
        'plaintext runs in downloads',
        '下载录像中的明文片段数',
        p.downloadPlaintextRuns,
        `${p.downloads} of ${p.samples} segments downloaded`,
      ),
      count(
        'downloads an ordinary player plays',
        '普通播放器可播放的下载录像数',
        p.playableWithoutKey,
        `of ${p.downloads} downloads, read without a key`,
      ),
      p.lengthPreserving >= 2
        ? count(
            'download pairs sharing a keystream',
            '密钥流相同的下载录像对数',
            p.keystreamReusePairs,
            `${p.lengthPreserving} downloads as long as their plaintext compared`,
          )
        : {
            name: `${p.id}: download pairs sharing a keystream`,
            label: { zh: `${p.id}：密钥流相同的下载录像对数`, en: `${p.id}: download pairs sharing a keystream` },
            value: null,
            unit: '',
            nature: 'measured',
            note: 'the downloads are not as long as their plaintext (a format with its own header or tag): for a person to check',
          },
      count(
        'download pairs with the same first cipher block',
        '首个密文分组相同的下载录像对数',
        p.equalFirstBlockPairs,
        `every segment starts with the same 16 bytes: equal blocks are a deterministic cipher (ECB or a fixed IV)`,
      ),
    );
    if (p.decodedWithKey !== null)
      figures.push({
        name: `${p.id}: downloads the authorized player decodes`,
        label: { zh: `${p.id}：授权播放器（持密钥）可解码的下载录像数`, en: `${p.id}: downloads the authorized player decodes` },
        value: p.decodedWithKey,
        unit: '',
        threshold: `= ${p.downloads}`,
        ok: p.decodedWithKey === p.downloads,
        nature: 'measured',
        note: `key ${p.keyFingerprint} (fingerprint), ${p.encryption}`,
      });
    if (p.atRestRuns > 0) {
      const ex = p.atRestExamples[0];
      fails.push(
        `${p.id}: ${p.atRestRuns} runs of recording plaintext (${p.atRestBytes} bytes) on the raw disks${ex ? `, e.g. ${ex.length} bytes of ${ex.segment} (from byte ${ex.segmentOffset}) at byte ${ex.offset} of ${ex.node}/${ex.bay}` : ''}: recordings land on disk unencrypted`,
      );
    }
    if (p.downloadPlaintextRuns > 0)
      fails.push(`${p.id}: ${p.downloadPlaintextRuns} runs of plaintext in ${p.downloads} downloads: data leaves the storage unencrypted`);
    if (p.playableWithoutKey > 0) fails.push(`${p.id}: ${p.playableWithoutKey} of ${p.downloads} downloads play without a key`);
    if (p.keystreamReusePairs > 0)
      fails.push(
        `${p.id}: ${p.keystreamReusePairs} pairs of downloads share one keystream: one known recording decodes the other without the key`,
      );
    if (p.equalFirstBlockPairs > 0)
      fails.push(
        `${p.id}: ${p.equalFirstBlockPairs} pairs of downloads begin with the same cipher block: a deterministic cipher, the same plaintext gives the same ciphertext`,
      );
    if (p.decodedWithKey !== null && p.decodedWithKey < p.downloads)
      fails.push(
        `${p.id}: only ${p.decodedWithKey} of ${p.downloads} downloads decode with the key: the authorized player cannot play them`,
      );
    if (p.baysUnread.length) unsure.push(`${p.id}: ${p.baysUnread.length} bays could not be read (${p.baysUnread.slice(0, 3).join('; ')})`);
    if (p.scannedBytes === 0) unsure.push(`${p.id}: no data read from any bay: nothing shown at rest`);
    if (p.samples < 2 || p.plaintextBytes === 0)
      unsure.push(
        `${p.id}: ${p.samples} segments sampled (${p.plaintextBytes} bytes of plaintext): too few to look for, or to compare in pairs`,
      );
    if (p.downloads < p.samples)
      unsure.push(
        `${p.id}: ${p.samples - p.downloads} of ${p.samples} segments could not be downloaded (${p.downloadErrors.slice(0, 3).join('; ')})`,
      );
    if (!p.synced)
      unsure.push(
        `${p.id}: the bays could not be synced before they were read (${p.syncError ?? 'no reason'}): data may not have been on them yet`,
      );
    if (p.lengthPreserving < 2 && p.downloads >= 2) notLengthPreserving = true;
    if (p.recordingPath === 'harness-encryption') standIn = true;
    if (p.decodedWithKey === null) keyless = true;
  }
  if (fails.length) return { ...base, status: 'FAIL', figures, reasons: fails };
  if (unsure.length) return { ...base, status: 'INCONCLUSIVE', figures, reasons: unsure };
  const shown = `no plaintext on ${probes.map((p) => `${p.bays} bays (${p.scannedBytes} bytes)`).join(', ')} nor in ${probes.reduce((n, p) => n + p.downloads, 0)} downloads; none plays without a key; no keystream or first cipher block shared`;
  if (keyless || notLengthPreserving)
    return {
      ...base,
      status: 'MANUAL',
      figures,
      reasons: [
        shown,
        ...(keyless
          ? [
              "the harness holds no key to this recording path: that the vendor's dedicated player decodes only with authorization is for a person to check (an authorized and an unauthorized playback of a downloaded recording)",
            ]
          : []),
        ...(notLengthPreserving
          ? [
              'the downloads are not as long as their plaintext: that no two recordings share a keystream is for a person to check (the format and its key and IV handling)',
            ]
          : []),
      ],
    };
  return {
    ...base,
    status: 'PASS',
    figures,
    reasons: [shown, ...(standIn ? [STAND_IN.en] : [])],
    ...(standIn ? { standIn: STAND_IN, caveats: [STAND_IN] } : {}),
  };
}
