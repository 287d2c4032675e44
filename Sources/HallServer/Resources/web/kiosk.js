// Kiosk: tap a bundle or a queue, get a ticket with its one-time notice of materials.
import { api, deviceToken } from "/hall.js";

const $ = (id) => document.getElementById(id);
deviceToken();  // keeps a ?device= token given by the kiosk's browser unit
const esc = (s) => String(s ?? "").replace(/[&<>"]/g, (c) => ({ "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;" }[c]));

async function load() {
  // A hall that cannot store tickets (a full disk…) says so plainly instead of failing each tap.
  const ready = await fetch("/readyz").then((r) => r.ok).catch(() => false);
  if (!ready) {
    document.querySelector("main").replaceChildren(Object.assign(document.createElement("p"),
      { className: "error", id: "not-ready", textContent: "自助取号暂停服务，请到咨询台人工取号。Self-service is paused: please ask at the information desk." }));
    setTimeout(() => location.reload(), 30000);
    return;
  }
  const hall = await (await fetch("/api/v1/hall")).json();
  $("hall").textContent = hall.hallName;
  const bundles = (await (await fetch("/api/v1/catalog/bundles")).json()).bundles;
  $("bundles").innerHTML = bundles.map((b) =>
    `<button class="tile" data-kind="bundle" data-id="${esc(b.id)}">${esc(b.name)}<small>${b.items.length} 个事项，一次办结</small></button>`).join("");
  const queues = (await (await fetch("/api/v1/queues")).json()).queues;
  $("queues").innerHTML = queues.map((q) =>
    `<button class="tile ${q.queue.priorityLane ? "lane" : ""}" data-kind="queue" data-id="${esc(q.queue.id)}">${esc(q.queue.name)}<small>等候 ${q.waiting} 人</small></button>`).join("");
}

// One listener for every tile, present before any tile is drawn: a tap while the page is
// still loading its lists is never lost.
document.addEventListener("click", (event) => {
  const tile = event.target.closest("button.tile[data-kind]");
  if (tile) take(tile.dataset.kind, tile.dataset.id);
  if (event.target.closest("button[data-done]")) $("result").style.display = "none";
});

async function take(kind, id) {
  const body = { [kind]: id };
  if ($("priority").value) body.priority = $("priority").value;
  // The kiosk's own devices, from the address: /kiosk.html?reader=kiosk-2&printer=kiosk-2
  const params = new URLSearchParams(location.search);
  if (params.get("printer")) body.printer = params.get("printer");
  if ($("realname").checked) body.reader = params.get("reader") || "kiosk-1";
  let html;
  try {
    const data = await api("/api/v1/tickets", { method: "POST", body, device: true });
    lastTicket = data.id;
    html = `<div>${esc(data.queueName)}${data.serviceName ? " · " + esc(data.serviceName) : ""}</div>
      <div class="big" id="number">${esc(data.number)}</div>
      <div>前面还有 <b>${data.peopleAhead}</b> 人，预计等候 <b>${data.estimatedWaitMinutes}</b> 分钟</div>`;
    if (data.holder) html += `<div>实名：${esc(data.holder.maskedName)} ${esc(data.holder.maskedNumber)}</div>`;
    if (data.print && data.print.state === "failed")
      html += `<p class="error">凭条打印失败（${esc(data.print.reason)}），请记下您的号码 ${esc(data.number)}，或 <button class="tile" id="reprint">重新打印</button></p>`;
    if (data.notice && data.notice.bring.length) {
      html += `<h3>一次告知：请准备以下材料</h3><ol>${data.notice.bring.map((m) =>
        `<li>${esc(m.material.name)}${m.key ? "" : "（可容缺）"}</li>`).join("")}</ol>`;
      if (data.notice.skip.length) html += `<p>无需提交：${data.notice.skip.map((m) => esc(m.material.name)).join("、")}（部门共享或本件事内生成）</p>`;
    }
  } catch (e) {
    html = `<p class="error">取号失败：${esc(e.message)}</p>`;
  }
  $("card").innerHTML = html + `<p><button class="tile" data-done type="button">完成</button></p>`;
  $("result").style.display = "flex";
  const again = $("reprint");
  if (again) again.addEventListener("click", async () => {
    let data = {};
    try { data = await api(`/api/v1/tickets/${lastTicket}/print`, { method: "POST", device: true }); } catch (e) { data = {}; }
    again.replaceWith(document.createTextNode(data.print && data.print.state === "printed" ? "已重新打印" : "仍未打印成功，请到服务台"));
  });
}
let lastTicket = null;

// Progress of a case, by the number on its papers or by the ID card on the kiosk's reader.
function showCases(cases) {
  const cards = { red: "（已超期）", yellow: "（临近期限）" };
  return cases.map((c) => `<div class="case" data-case="${esc(c.number)}"><b>${esc(c.number)}</b> ${esc(c.title)}<br>
    状态：<b class="state">${esc(c.stateName)}</b>${esc(cards[c.card] ?? "")}
    ${c.promisedDue ? `<br>承诺办结日期：${esc(c.promisedDue)}` : ""}${c.pickup ? `<br>${esc(c.pickup)}` : ""}</div>`).join("");
}
async function lookup(path, init) {
  let html;
  try {
    const data = await api(path, init);
    const cases = data.cases ?? [data];
    html = cases.length ? `<h3>办件进度</h3>${showCases(cases)}` : "<p>没有查到您的办件。</p>";
  } catch (e) {
    html = `<p class="error">查询失败：${esc(e.message)}</p>`;
  }
  $("card").innerHTML = html + `<p><button class="tile" data-done type="button">完成</button></p>`;
  $("result").style.display = "flex";
}
$("lookup-number").addEventListener("click", () =>
  lookup(`/api/v1/progress/${encodeURIComponent($("case-number").value.trim())}`));
$("lookup-card").addEventListener("click", () => {
  const reader = new URLSearchParams(location.search).get("reader") || "kiosk-1";
  lookup("/api/v1/progress/by-card", { method: "POST", body: { reader }, device: true });
});

load().catch((e) => { document.querySelector("main").innerHTML = `<p class="error">暂时无法取号：${esc(e.message)}</p>`; });
