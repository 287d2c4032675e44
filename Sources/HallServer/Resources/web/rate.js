// The citizen-facing screen of a window (/rate.html?window=3): staff name and complaint
// phone, "please rate" when a service ends, the level pressed on the keypad, and after a
// bad review the hall's list of reasons to tap (GB/T 39734 Annex A).
const esc = (s) => String(s ?? "").replace(/[&<>"]/g, (c) => ({ "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;" }[c]));
const windowID = new URLSearchParams(location.search).get("window") || "1";
const $ = (id) => document.getElementById(id);
let policy = null, reviewID = null;

async function showStaff(hall) {
  const windows = (await (await fetch("/api/v1/windows")).json()).windows;
  const w = windows.find((x) => x.window.id === windowID);
  $("window").textContent = `${windowID} 号窗口 ${w ? w.window.name : ""}`;
  const staff = w && w.staff ? `工作人员：${esc(w.staff.name)}（工号 ${esc(w.staff.id)}）` : "工作人员未签到";
  $("staff").innerHTML = `${staff}　岗位：${esc(w ? w.window.name : "")}${hall.complaintPhone ? `　投诉电话：${esc(hall.complaintPhone)}` : ""}`;
}

function showLevels(pressed) {
  $("levels").innerHTML = policy.levels.map((l) =>
    `<li class="${l.level === pressed ? "pressed" : ""} ${l.bad ? "bad" : ""}" data-level="${l.level}">${"★".repeat(l.level)}<br>${esc(l.name)}</li>`).join("");
}

function askReasons(id) {
  reviewID = id;
  $("reason-list").innerHTML = policy.badReasons.map((r) =>
    `<label><input type="checkbox" value="${esc(r)}"> ${esc(r)}</label>`).join("");
  $("reasons").hidden = false;
}

$("submit-reasons").addEventListener("click", async () => {
  const reasons = [...document.querySelectorAll("#reason-list input:checked")].map((i) => i.value);
  if (reasons.length === 0) { $("prompt").textContent = "请至少选择一项原因"; return; }
  const response = await fetch(`/api/v1/reviews/${encodeURIComponent(reviewID)}/reasons`, {
    method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify({ reasons }) });
  $("reasons").hidden = true;
  $("prompt").textContent = response.ok
    ? `已收到您的意见，我们将在 ${policy.rectificationDays} 个工作日内整改并回复您。`
    : "提交未成功，请告知工作人员。";
});

async function start() {
  const hall = await (await fetch("/api/v1/hall")).json();
  policy = await (await fetch("/api/v1/reviews/policy")).json();
  await showStaff(hall);
  showLevels(null);
  const source = new EventSource(`/api/v1/windows/${encodeURIComponent(windowID)}/review-events`);
  source.onopen = () => { $("status").textContent = "评价器已连接"; };
  source.onerror = () => { $("status").textContent = "连接中断，正在重连…"; };
  source.addEventListener("armed", (e) => {
    const a = JSON.parse(e.data);
    $("reasons").hidden = true;
    $("prompt").textContent = `${a.ticketNumber ?? ""} ${a.itemName} 已办理完毕，请按评价器上的按键为本次服务评价`;
    showLevels(null);
    showStaff(hall);
  });
  source.addEventListener("review", (e) => {
    const r = JSON.parse(e.data);
    showLevels(r.level);
    $("prompt").textContent = `感谢您的评价：${r.name}`;
    if (r.bad) askReasons(r.id);
  });
}
start();
