// The one-screen page itself: static HTML + a small script that polls /api/state and
// redraws. Chinese first; ?lang=en gives English. Every bay and alarm carries data-*
// attributes so a browser check can find them without reading pixels.
export function opsPageHtml(pollMs: number): string {
  return `<!doctype html>
<html lang="zh"><head><meta charset="utf-8"><title>云存储一图值守 · Operations</title>
<style>
body{margin:0;font:13px "Noto Sans CJK SC",sans-serif;background:#0f1720;color:#e6edf3}
header{display:flex;justify-content:space-between;padding:6px 12px;background:#16202c;border-bottom:1px solid #2b3a4a}
h1{font-size:17px;margin:0} h2{font-size:14px;margin:4px 0 6px;color:#9fc3e6}
main{display:grid;grid-template-columns:2fr 1fr;gap:8px;padding:8px}
section{background:#16202c;border:1px solid #2b3a4a;border-radius:4px;padding:6px 8px}
.node{margin-bottom:6px}.bays{display:grid;grid-template-columns:repeat(12,22px);gap:2px}
.bay{width:22px;height:16px;border-radius:2px;font-size:9px;text-align:center;line-height:16px;color:#000}
.bay[data-state=present][data-grade=healthy]{background:#2e7d32}
.bay[data-grade=sub-healthy]{background:#f9a825}
.bay[data-grade=faulty],.bay[data-state=failed]{background:#c62828;color:#fff}
.bay[data-state=pulled]{background:#000;color:#fff;outline:2px solid #ff5252}
.bay[data-state=empty]{background:#37474f}
.bay[data-led=true]{box-shadow:0 0 0 2px #40c4ff}
table{border-collapse:collapse;width:100%} td,th{border-bottom:1px solid #2b3a4a;padding:2px 4px;text-align:left}
.alarm[data-severity=Critical]{color:#ff8a80}.alarm[data-severity=Warning]{color:#ffd54f}
.kpi{display:inline-block;margin-right:14px}.kpi b{font-size:16px}
.chunk{display:inline-block;white-space:nowrap;margin-right:10px}
</style></head>
<body><header><h1 id="title">云存储一图值守</h1><span id="clock">—</span></header>
<main>
<section id="hardware"><h2 data-t="hw"></h2><div id="nodes"></div></section>
<section id="alarms"><h2 data-t="alarms"></h2><table><tbody id="alarm-rows"></tbody></table></section>
<section id="network"><h2 data-t="net"></h2><div id="links"></div></section>
<section id="core-business"><h2 data-t="core"></h2><div id="core"></div><h2 data-t="biz"></h2><div id="business"></div></section>
</main>
<script>
const lang = new URLSearchParams(location.search).get('lang') === 'en' ? 'en' : 'zh';
const T = { zh: { hw: '硬件：节点与槽位', alarms: '告警', net: '网络', core: '存储核心', biz: '业务', pulled: '已拔出', ok: '正常', disks: '硬盘正常', chunks: '数据块', cams: '在线相机', segs: '录像段', mbps: '写入 Mbit/s', errs: '写入错误', drops: '丢段', up: '连通', down: '断开', updated: '更新于', Critical: '严重', Warning: '警告', missing: '丢失', endangered: '危险', undergoal: '副本不足', stable: '正常', overgoal: '副本过多' },
            en: { hw: 'Hardware: nodes and bays', alarms: 'Alarms', net: 'Network', core: 'Storage core', biz: 'Business', pulled: 'pulled', ok: 'ok', disks: 'disks ok', chunks: 'chunks', cams: 'cameras', segs: 'segments', mbps: 'write Mbit/s', errs: 'write errors', drops: 'dropped', up: 'up', down: 'down', updated: 'updated', Critical: 'Critical', Warning: 'Warning' } }[lang];
document.documentElement.lang = lang;
document.querySelectorAll('[data-t]').forEach((e) => (e.textContent = T[e.dataset.t]));
// Chinese wording of the Redfish messages the BMCs log (the registry text is English)
const ZH = { DriveRemoved: '%1 的硬盘已拔出', DriveInserted: '%1 已插入硬盘', DriveFailure: '%1 的硬盘故障', DrivePredictiveFailure: '%1 的硬盘预测故障', FanFailed: '风扇 %1 故障', PowerSupplyFailed: '电源 %1 故障' };
// the bay's service label as printed on the chassis ('Slot 05 (row 1, column 6)'), in Chinese
const zhLabel = (x) => String(x).replace(/^Slot (\\d+) \\(row (\\d+), column (\\d+)\\)$/, '槽位 $1（第 $2 行第 $3 列）').replace(/^Slot (\\d+)$/, '槽位 $1');
const wording = (a) => { const k = a.messageId.split('.').pop(); return lang === 'zh' && ZH[k] ? (a.args || []).reduce((t, x, i) => t.replace('%' + (i + 1), zhLabel(x)), ZH[k]) : a.message; };
const esc = (s) => String(s).replace(/[&<>"']/g, (c) => '&#' + c.charCodeAt(0) + ';');
function draw(s) {
  document.body.dataset.seq = s.seq;
  document.getElementById('clock').textContent = T.updated + ' ' + new Date(s.at).toLocaleTimeString(lang === 'zh' ? 'zh-CN' : 'en-GB', { timeZone: 'Asia/Shanghai' }) + ' #' + s.seq;
  document.getElementById('nodes').innerHTML = s.nodes.map((n) => '<div class="node" data-node="' + esc(n.name) + '"><div>' + esc(n.name) + ' ' + esc(n.address) + '</div><div class="bays">' +
    n.bays.map((b) => '<div class="bay" title="' + esc(b.label + ' ' + b.state + ' ' + (b.grade ?? '') + ' core:' + (b.core ?? '-')) + '" data-node="' + esc(n.name) + '" data-slot="' + b.slot + '" data-state="' + esc(b.state) + '" data-grade="' + esc(b.grade ?? '') + '" data-led="' + b.led + '" data-core="' + esc(b.core ?? '') + '">' + (b.state === 'pulled' ? '×' : b.slot) + '</div>').join('') + '</div></div>').join('');
  document.getElementById('alarm-rows').innerHTML = s.alarms.slice(-14).reverse().map((a) => '<tr class="alarm" data-node="' + esc(a.node) + '" data-origin="' + esc(a.origin) + '" data-message-id="' + esc(a.messageId) + '" data-severity="' + esc(a.severity) + '"><td>' + esc(T[a.severity] ?? a.severity) + '</td><td>' + esc(a.node) + '</td><td>' + esc(wording(a)) + '</td></tr>').join('');
  document.getElementById('links').innerHTML = s.network.map((l) => '<span class="kpi" data-link="' + esc(l.node) + '">' + esc(l.node) + ' ' + esc(l.address) + ' <b>' + (l.link === 'up' ? T.up : T.down) + '</b></span>').join('');
  const ch = s.core.chunks ? Object.entries(s.core.chunks).map(([k, v]) => '<span class="chunk">' + esc(T[k] ?? k) + ' ' + esc(v) + '</span>').join('') : '—';
  document.getElementById('core').innerHTML = '<span class="kpi">' + esc(s.core.name) + '</span><span class="kpi">' + T.disks + ' <b>' + s.core.disksOk + '/' + s.core.disksListed + '</b></span><div>' + T.chunks + ': ' + ch + '</div>';
  const b = s.business;
  document.getElementById('business').innerHTML = [[T.cams, b.cameras], [T.segs, b.segments], [T.mbps, b.writeMbps.toFixed(1)], [T.errs, b.writeErrors], [T.drops, b.dropped]].map(([k, v]) => '<span class="kpi">' + k + ' <b>' + v + '</b></span>').join('');
}
async function poll() {
  try { const r = await fetch('/api/state', { cache: 'no-store' }); if (r.ok) draw(await r.json()); } catch (e) { /* the next poll retries */ }
  setTimeout(poll, ${Math.max(100, Math.round(pollMs))});
}
poll();
</script></body></html>`;
}
