// The citizen-facing screen of a window (/rate.html?window=3), R6: the number being served,
// the clerk's name, duty and the complaint phone; "please rate" when a service ends, the
// level pressed on the keypad, and after a bad review the hall's list of reasons to tap
// (GB/T 39734 Annex A).
import { api, el, show } from "/hall.js";

const windowID = new URLSearchParams(location.search).get("window") || "1";
const $ = (id) => document.getElementById(id);
let policy = null, reviewID = null, hall = null;

async function showStaff() {
  const { windows } = await api("/api/v1/windows");
  const w = windows.find((x) => x.window.id === windowID);
  $("window").textContent = `${windowID} 号窗口 ${w ? w.window.name : ""}`;
  $("serving").textContent = w?.current?.number ?? "—";
  show($("staff"),
    w?.staff ? `工作人员：${w.staff.name}（工号 ${w.staff.id}）` : "工作人员未签到",
    `　岗位：${w ? w.window.name : ""}`,
    hall.complaintPhone ? `　投诉电话：${hall.complaintPhone}` : null);
}

function showLevels(pressed) {
  show($("levels"), policy.levels.map((l) =>
    el("li", { class: [l.level === pressed ? "pressed" : "", l.bad ? "bad" : ""].join(" ").trim() || null, dataset: { level: String(l.level) } },
      "★".repeat(l.level), el("br"), l.name)));
}

function askReasons(id) {
  reviewID = id;
  show($("reason-list"), policy.badReasons.map((r) => el("label", {}, el("input", { type: "checkbox", value: r }), " ", r)));
  $("reasons").hidden = false;
}

$("submit-reasons").addEventListener("click", async () => {
  const reasons = [...document.querySelectorAll("#reason-list input:checked")].map((i) => i.value);
  if (reasons.length === 0) { $("prompt").textContent = "请至少选择一项原因"; return; }
  let sent = true;
  try { await api(`/api/v1/reviews/${encodeURIComponent(reviewID)}/reasons`, { method: "POST", body: { reasons } }); } catch { sent = false; }
  $("reasons").hidden = true;
  $("prompt").textContent = sent ? `已收到您的意见，我们将在 ${policy.rectificationDays} 个工作日内整改并回复您。` : "提交未成功，请告知工作人员。";
});

async function start() {
  hall = await api("/api/v1/hall");
  policy = await api("/api/v1/reviews/policy");
  await showStaff();
  showLevels(null);
  const source = new EventSource(`/api/v1/windows/${encodeURIComponent(windowID)}/review-events`);
  source.onopen = () => { $("status").textContent = "评价器已连接"; };
  source.onerror = () => { $("status").textContent = "连接中断，正在重连…"; };
  source.addEventListener("armed", (e) => {
    const a = JSON.parse(e.data);
    $("reasons").hidden = true;
    $("prompt").textContent = `${a.ticketNumber ?? ""} ${a.itemName} 已办理完毕，请按评价器上的按键为本次服务评价`;
    showLevels(null);
    showStaff();
  });
  source.addEventListener("review", (e) => {
    const r = JSON.parse(e.data);
    showLevels(r.level);
    $("prompt").textContent = `感谢您的评价：${r.name}`;
    if (r.bad) askReasons(r.id);
  });
  // The number this window calls, as the board shows it.
  const calls = new EventSource("/api/v1/board/events");
  calls.addEventListener("call", (e) => {
    const call = JSON.parse(e.data);
    if (call.window === windowID) { $("serving").textContent = call.ticket; showStaff(); }
  });
}
start().catch((e) => { $("status").textContent = "无法启动：" + e.message; });
