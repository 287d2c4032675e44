// The window console (/window.html) for clerks (R1 queue, R4 intake, R6 reviews): sign in,
// take the window, work the queue with big buttons and F1–F7, follow the waiting counts and
// the keypad's review; the applicant and the case live in window-applicant.js and
// window-case.js. The window is the session's, never the address's: ?window=4 only
// preselects it for this PC.
import { api, el, show, signedIn } from "/hall.js";
import { ApplicantPanel } from "/window-applicant.js";
import { CasePanel } from "/window-case.js";
import { complaintEntryForm } from "/complaint-entry.js";

const $ = (id) => document.getElementById(id);
const ACTIONS = {
  "call-next": "叫号", recall: "重呼", "no-show": "过号", start: "开始办理", hold: "暂停", transfer: "转移", finish: "办结",
};
// Which queue actions a ticket in each state allows (the core's TicketTransitions).
const ALLOWED = {
  called: ["recall", "no-show", "start", "hold", "transfer"],
  serving: ["hold", "transfer", "finish"],
};
const FINAL = ["done", "noShow", "cancelled", "held", "waiting"];

let windowID = null, staff = null, current = null, allQueues = [], windowList = [], polling = null, reviews = null;

/** A sentence in the status line; failures in red. */
function say(text, failed = false) {
  const m = $("message");
  m.textContent = text;
  m.classList.toggle("error", failed);
}

const applicant = new ApplicantPanel({ windowID: () => windowID, caseNumber: () => casePanel.caseWithApplicant(), say,
                                        onCard: () => casePanel.cardWasRead() });
const casePanel = new CasePanel({ windowID: () => windowID, ticket: () => current, cardRead: () => applicant.hasCard(), say,
                                  onApplicant: (masked) => applicant.showCaseApplicant(masked) });

function showTicket(ticket) {
  const previous = current;
  current = ticket;
  const box = $("current-ticket");
  box.dataset.state = ticket ? ticket.state : "none";
  box.dataset.ticket = ticket ? ticket.number : "";
  if (!ticket) {
    show(box, el("p", { class: "idle" }, "当前没有号，请按 叫号（F1）"));
  } else {
    const holder = ticket.holder ? `实名 ${ticket.holder.maskedName} ${ticket.holder.maskedNumber}` : null;
    show(box,
      el("span", { class: "number", id: "ticket-number" }, ticket.number),
      el("span", { class: "state", id: "ticket-state" }, ticket.stateName + (ticket.recallCount ? `（已重呼 ${ticket.recallCount} 次）` : "")),
      el("span", { class: "service" }, [ticket.queueName, ticket.serviceName].filter(Boolean).join(" · ")),
      ticket.priority ? el("span", { class: "lane" }, "绿色通道") : null,
      holder ? el("span", { class: "holder" }, holder) : null);
  }
  const allowed = ticket ? ALLOWED[ticket.state] ?? [] : [];
  const free = !ticket || FINAL.includes(ticket.state);
  for (const b of document.querySelectorAll("#actions button")) {
    const a = b.dataset.action;
    b.disabled = a === "call-next" ? !free : !allowed.includes(a);
  }
  if (ticket?.id !== previous?.id) {
    casePanel.ticketChanged(ticket).catch((e) => say("办件暂不可用：" + e.message, true));
    if (ticket && ticket.state === "called") {
      applicant.clear();
      const review = $("review");
      review.dataset.state = "idle";
      delete review.dataset.level;
      review.classList.remove("bad");
      review.textContent = "办结后，评价器将请申请人评价。";
    }
  }
}

async function act(action, body) {
  try {
    const ticket = await api(`/api/v1/windows/${encodeURIComponent(windowID)}/${action}`, { method: "POST", body });
    showTicket(ticket);
    say(`${ACTIONS[action]}：${ticket.number} ${ticket.stateName}`);
    if (action === "finish" && $("review").dataset.state === "idle") $("review").textContent = "已办结，评价器将请申请人评价…";
    refreshCounts();
  } catch (e) {
    say(`${ACTIONS[action]}未成功：${e.message}`, true);
    if (e.code === "no_ticket" || e.status === 404) refreshCounts();
  }
}

function pressed(action) {
  const button = document.querySelector(`#actions button[data-action="${action}"]`);
  if (button.disabled) { say(`现在不能${ACTIONS[action]}`, true); return; }
  if (action === "transfer") { openTransfer(); return; }
  act(action);
}

function openTransfer() {
  const options = [
    ...allQueues.map((q) => el("option", { value: "queue:" + q.queue.id }, `队列：${q.queue.name}`)),
    ...windowList.filter((w) => w.window.id !== windowID).map((w) => el("option", { value: "window:" + w.window.id }, `${w.window.id} 号窗口 ${w.window.name}`)),
  ];
  show($("transfer-target"), options);
  $("transfer").hidden = false;
  $("transfer-target").focus();
}

$("transfer").addEventListener("submit", (event) => {
  event.preventDefault();
  const [kind, id] = $("transfer-target").value.split(":");
  $("transfer").hidden = true;
  act("transfer", { [kind]: id });
});
$("transfer-cancel").addEventListener("click", () => { $("transfer").hidden = true; });
for (const b of document.querySelectorAll("#actions button")) b.addEventListener("click", () => pressed(b.dataset.action));

// F1–F7 for clerks who never leave the keyboard (the key is shown on each button).
document.addEventListener("keydown", (event) => {
  if ($("console").hidden || event.altKey || event.ctrlKey || event.metaKey) return;
  if (event.key === "Escape" && !$("transfer").hidden) { $("transfer").hidden = true; return; }
  const b = document.querySelector(`#actions button[aria-keyshortcuts="${event.key}"]`);
  if (!b) return;
  event.preventDefault();
  pressed(b.dataset.action);
});

/** The waiting counts of the queues this window serves, and its held tickets. */
async function refreshCounts() {
  try {
    const [queues, windows] = await Promise.all([api("/api/v1/queues"), api("/api/v1/windows")]);
    allQueues = queues.queues;
    windowList = windows.windows;
    const mine = windowList.find((w) => w.window.id === windowID);
    const served = mine ? mine.window.queues : [];
    show($("waiting"), served.map((id) => allQueues.find((q) => q.queue.id === id)).filter(Boolean).map((q) =>
      el("li", { dataset: { queue: q.queue.id, waiting: String(q.waiting) } },
        el("span", { class: "queue-name" }, q.queue.name), " ",
        el("b", { class: "count" }, String(q.waiting)), " 人等候")));
    const held = mine ? mine.held : [];
    $("held-box").hidden = held.length === 0;
    show($("held"), held.map((t) => el("li", { dataset: { ticket: t.number } }, `${t.number} ${t.serviceName ?? t.queueName} `,
      el("button", { type: "button", class: "plain", "aria-label": `${t.number} 回到队列`, onclick: () => returnHeld(t) }, "回到队列"))));
  } catch (e) {
    say("等候人数暂不可用：" + e.message, true);
  }
}

async function returnHeld(t) {
  try {
    await api(`/api/v1/tickets/${encodeURIComponent(t.id)}/return`, { method: "POST" });
    say(`${t.number} 已回到队列`);
  } catch (e) { say(`${t.number} 未能回到队列：${e.message}`, true); }
  refreshCounts();
}

// Polled every 3 s while the page is visible; stopped when it is hidden or left.
function startPolling() {
  stopPolling();
  polling = setInterval(() => { if (!document.hidden) refreshCounts(); }, 3000);
}
function stopPolling() { if (polling) clearInterval(polling); polling = null; }

/** The keypad's review of this window (the same stream as the citizen's rate.html). */
function followReviews() {
  reviews?.close();
  reviews = new EventSource(`/api/v1/windows/${encodeURIComponent(windowID)}/review-events`);
  const review = $("review");
  reviews.addEventListener("armed", (e) => {
    const a = JSON.parse(e.data);
    review.dataset.state = "armed";
    delete review.dataset.level;
    review.textContent = `${a.ticketNumber ?? ""} ${a.itemName}：评价器已亮起，等待申请人评价…`;
  });
  reviews.addEventListener("review", (e) => {
    const r = JSON.parse(e.data);
    review.dataset.state = "reviewed";
    review.dataset.level = String(r.level);
    review.textContent = `申请人评价：${r.name}（${"★".repeat(r.level)}）` +
      (r.bad ? `。差评已转整改，整改期限 ${r.dueDay ?? "-"}` : "");
    review.classList.toggle("bad", r.bad);
  });
}

window.addEventListener("pagehide", () => { stopPolling(); reviews?.close(); reviews = null; });
window.addEventListener("pageshow", (event) => { if (event.persisted && windowID) { startPolling(); followReviews(); refreshCounts(); } });
document.addEventListener("visibilitychange", () => { if (!document.hidden && windowID) refreshCounts(); });

async function takeWindow(id) {
  try {
    await api(`/api/v1/windows/${encodeURIComponent(id)}/sign-in`, { method: "POST" });
    localStorage.setItem("onevisit.window", id);
    await open(id);
  } catch (e) {
    say(`未能在 ${id} 号窗口签到：${e.message}`, true);
  }
}

async function signOut() {
  try {
    await api(`/api/v1/windows/${encodeURIComponent(windowID)}/sign-out`, { method: "POST" });
    stopPolling(); reviews?.close();
    $("console").hidden = true;
    say(`已从 ${windowID} 号窗口签退`);
    windowID = null;
    await pick();
  } catch (e) { say("签退未成功：" + e.message, true); }
}

async function open(id) {
  windowID = id;
  const windows = (await api("/api/v1/windows")).windows;
  const w = windows.find((x) => x.window.id === id);
  $("pick").hidden = true;
  $("console").hidden = false;
  $("title").textContent = `${id} 号窗口 ${w?.window.name ?? ""}`;
  document.title = `${id} 号窗口 · 窗口工作台`;
  show($("who"), `${staff.name}（${staff.id}）`, " ",
    el("button", { type: "button", class: "plain on-dark", onclick: signOut }, "签退"));
  showTicket(w?.current ?? null);
  await refreshCounts();
  startPolling();
  followReviews();
  say(`已在 ${id} 号窗口签到`);
}

async function pick() {
  const windows = (await api("/api/v1/windows")).windows;
  const wanted = new URLSearchParams(location.search).get("window") || localStorage.getItem("onevisit.window");
  const choice = windows.find((w) => w.window.id === wanted) ?? windows.find((w) => !w.staff) ?? windows[0];
  show($("window-choice"), windows.map((w) => el("option", { value: w.window.id, selected: w === choice },
    `${w.window.id} 号窗口 ${w.window.name}` + (w.staff ? `（${w.staff.name} 在岗）` : ""))));
  $("pick").hidden = false;
  $("take-window").focus();
}
$("take-window").addEventListener("click", () => takeWindow($("window-choice").value));

async function start() {
  staff = await signedIn($("main"));
  if (!staff.roles.includes("clerk")) { say("窗口工作台供窗口工作人员使用，请用窗口人员工号登录。", true); return; }
  // §10.2 现场投诉: the citizen at the window is the first channel offered.
  show($("complaint-box"), complaintEntryForm({ channels: ["window", "phone", "letter"] }));
  if (staff.windowID) await open(staff.windowID);
  else await pick();
}
start().catch((e) => say("工作台暂不可用：" + e.message, true));
