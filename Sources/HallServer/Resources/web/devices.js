// Technician page: every device and what is wrong with it; with --simulate, buttons that
// change the simulated devices through the same API the CLI uses. Behind technician sign-in.
import { api, signedIn } from "/hall.js";

const $ = (id) => document.getElementById(id);
const esc = (s) => String(s ?? "").replace(/[&<>"]/g, (c) => ({ "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;" }[c]));
const samples = ["elderly-resident", "resident", "residence-permit", "foreign-2017", "foreign-2023"];

async function change(kind, id, body) {
  try {
    const data = await api(`/api/v1/simulator/${kind}/${encodeURIComponent(id)}`, { method: "POST", body });
    $("note").textContent = `${id}: ${JSON.stringify(data)}`;
  } catch (e) {
    $("note").textContent = `${id}: ${e.message}`;
  }
  await show();
}

function button(label, kind, id, body) {
  return `<button class="small" data-kind="${kind}" data-id="${esc(id)}" data-body='${esc(JSON.stringify(body))}'>${esc(label)}</button>`;
}

async function show() {
  const devices = await api("/api/v1/devices");
  $("printers").innerHTML = "<tr><th>打印机</th><th>位置</th><th>状态</th><th>已打印</th><th>失败</th><th></th></tr>" +
    devices.printers.map((p) => `<tr data-printer="${esc(p.id)}"><td>${esc(p.id)}</td><td>${esc(p.location)}</td>
      <td class="${p.problem ? "error" : ""}">${esc(p.problem ?? "正常")}</td><td>${p.printed}</td><td>${p.failed}</td>
      <td>${p.simulated ? button("缺纸", "printers", p.id, { paper: "out" }) + button("装纸", "printers", p.id, { paper: "ok" }) +
        button("拔出", "printers", p.id, { plugged: false }) + button("插回", "printers", p.id, { plugged: true }) : ""}</td></tr>`).join("");
  $("readers").innerHTML = "<tr><th>阅读器</th><th>位置</th><th>状态</th><th>已读卡</th><th></th></tr>" +
    devices.readers.map((r) => `<tr data-reader="${esc(r.id)}"><td>${esc(r.id)}</td><td>${esc(r.location)}</td>
      <td class="${r.connected ? "" : "error"}">${esc(r.connected ? (r.cardWaiting ? "已读卡，待使用" : "正常") : r.lastError ?? "未连接")}</td>
      <td>${r.reads}</td>
      <td>${r.simulated ? samples.map((s) => button(s, "readers", r.id, { sample: s })).join("") +
        button("取走卡片", "readers", r.id, { remove: true }) : ""}</td></tr>`).join("");
  // Keypads are driven by window: the simulator buttons press a key of that window's keypad.
  $("keypads").innerHTML = "<tr><th>评价器</th><th>接口</th><th>位置</th><th>状态</th><th>按键</th><th>未识别</th><th></th></tr>" +
    devices.keypads.map((k) => {
      const win = k.window;
      return `<tr data-keypad="${esc(k.id)}"><td>${esc(k.id)}</td><td>${esc(k.kind)}</td><td>${esc(k.location)}</td>
      <td class="${k.connected ? "" : "error"}">${esc(k.connected ? "正常" : k.lastError ?? "未连接")}</td>
      <td>${k.presses}</td><td>${k.unmapped}${k.lastUnmapped ? "（" + esc(k.lastUnmapped) + "）" : ""}</td>
      <td>${k.simulated ? [5, 4, 3, 2, 1].map((l) => button("★".repeat(l), "keypads", win, { level: l })).join("") +
        button("拔出", "keypads", win, { plugged: false }) + button("插回", "keypads", win, { plugged: true }) : ""}</td></tr>`;
    }).join("");
  $("cameras").innerHTML = "<tr><th>高拍仪</th><th>窗口</th><th>位置</th><th>状态</th><th>拍摄</th><th>失败</th></tr>" +
    devices.cameras.map((c) => `<tr data-camera="${esc(c.id)}"><td>${esc(c.id)}</td><td>${esc(c.window)}</td><td>${esc(c.location)}</td>
      <td class="${c.lastError ? "error" : ""}">${esc(c.lastError ?? (c.simulated ? "模拟" : "正常"))}</td><td>${c.captures}</td><td>${c.failures}</td></tr>`).join("");
}

document.addEventListener("click", (event) => {
  const b = event.target.closest("button[data-kind]");
  if (b) change(b.dataset.kind, b.dataset.id, JSON.parse(b.dataset.body));
});
signedIn($("main")).then(() => {
  show().catch((e) => { $("note").textContent = "设备状态暂不可用：" + e.message; });
  setInterval(() => show().catch(() => {}), 3000);
});
