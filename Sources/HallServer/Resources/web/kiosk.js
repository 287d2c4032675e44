// The touch-first kiosk (取号机): one screen per flow, no keyboard anywhere, Chinese with an
// English switch and a large-text mode. Everything a citizen did lives in `state` and in
// the screens' dynamic parts; after the idle time both are wiped and the start screen is back.
import { api, deviceToken, el, show } from "/hall.js";
import { translator } from "/kiosk-text.js";
import { loadHall, loadQueues } from "/kiosk-catalog.js";
import { caseNumberPad } from "/kiosk-views.js";
import { drawScreen } from "/kiosk-screens.js";
import { codeKeys, typed, refusalText, CODE_LENGTH } from "/kiosk-appointment.js";
import { complaintFlow, freshComplaint, COMPLAINT_DYNAMIC } from "/kiosk-complaint.js";

const $ = (id) => document.getElementById(id);
deviceToken();  // keeps a ?device= token given once by the kiosk's browser unit
// The kiosk's own devices and idle time, from its address: /kiosk.html?reader=kiosk-2&printer=kiosk-2&idle=90
const params = new URLSearchParams(location.search);
const READER = params.get("reader") || "kiosk-1";
const PRINTER = params.get("printer") || undefined;
const IDLE_SECONDS = Math.max(5, Number(params.get("idle")) || 60);

// The hall's catalog and layout (kiosk-catalog.js), kept across resets.
let hall = { name: "", complaintPhone: "", bundles: [], items: [], departments: [], queues: [], search: null };

/** Everything of the citizen at the kiosk now. */
const fresh = () => ({
  screen: "start", trail: [], lang: "zh", large: false,
  target: null,            // {kind: "bundle"|"item"|"queue", id, name}
  priority: null,          // a PriorityReason
  notice: null, noticePrint: null, department: null, typed: "", caseNumber: "", caseError: "",
  cardFor: null, cardMissing: false, ticket: null, reprint: null, cases: null, casesError: "",
  code: "", codeError: "", checkIn: null,  // the booking code typed, and how its check-in went
  complaint: freshComplaint(),
});
let state = fresh();
let t = translator("zh");

// Every element whose content comes from what a citizen did: emptied on each reset.
const DYNAMIC = ["notice-title", "notice-body", "notice-printed", "how-target", "how-priority", "card-note",
  "ticket-body", "case-number", "case-error", "progress-body", "search-keys", "search-count", "search-results", "department-name",
  "department-items", "booking-code", "code-error", ...COMPLAINT_DYNAMIC];

// -- screens ------------------------------------------------------------------------------
function go(screen) {
  if (screen !== state.screen) state.trail.push(state.screen);
  state.screen = screen;
  render(true);
}

function back() {
  state.screen = state.trail.pop() ?? "start";
  render(true);
}

/** Shows the current screen, drawn from `state`; `moved` moves the focus to its heading. */
function render(moved = false) {
  for (const section of document.querySelectorAll("section.screen")) section.hidden = section.id !== state.screen;
  $("home").hidden = state.screen === "start";
  // A ticket and a filed complaint end with 完成.
  $("back-row").hidden = ["start", "ticket", "complaint-filed"].includes(state.screen);
  drawScreen(state.screen, { state, hall, t, act });
  if (moved) { document.querySelector(`#${state.screen} h2`)?.focus(); scrollTo(0, 0); }
}

// -- flows --------------------------------------------------------------------------------
/** What the screens' controls do (kiosk-screens.js). */
const act = {
  render: () => render(), openNotice, chooseTarget, choosePriority, reprint,
  openDepartment: (name) => { state.department = name; go("department"); },
  complaintTarget: (target) => complaints.target(target),
};

let asking = false;
/**
 * An API call for the citizen at the kiosk now. A second tap while one is under way is
 * ignored (one tap, one ticket); an answer that comes after a reset is dropped.
 */
async function ask(path, init) {
  if (asking) return null;
  const asked = state;
  asking = true;
  try {
    const data = await api(path, init);
    return asked === state ? { data } : null;
  } catch (error) {
    return asked === state ? { error } : null;
  } finally {
    asking = false;
  }
}

async function openNotice(kind, id, name) {
  const answer = await ask(`/api/v1/catalog/${kind === "bundle" ? "bundles" : "items"}/${encodeURIComponent(id)}`);
  if (!answer) return;
  state.target = { kind, id, name };
  state.noticePrint = null;
  state.notice = { kind, id, name, notice: answer.data?.notice ?? { bring: [], skip: [], promisedLimitDays: 0, visitsRequired: 0 } };
  go("notice");
}

async function printNotice() {
  const n = state.notice;
  if (!n) return;
  const answer = await ask("/api/v1/notices/print", { method: "POST", device: true, body: { [n.kind]: n.id, printer: PRINTER } });
  if (!answer) return;
  state.noticePrint = answer.data?.print ?? { state: "failed", reason: answer.error.message };
  render();
}

/** A queue, item or bundle chosen: the priority lane's own queue asks the reason first. */
function chooseTarget(target, laneFirst = false) {
  state.target = target;
  go(laneFirst && !state.priority ? "priority" : "how");
}

function choosePriority(reason) {
  state.priority = reason;
  if (state.trail.at(-1) === "how") { back(); return; }
  if (!state.target) {
    // From the start screen: the hall's priority-lane queue, else the citizen picks one.
    const lane = hall.queues.find((q) => q.queue.priorityLane);
    if (reason && lane) state.target = { kind: "queue", id: lane.queue.id, name: lane.queue.name };
  }
  go(state.target ? "how" : "queues");
}

async function takeTicket(withCard) {
  const body = { [state.target.kind]: state.target.id, priority: state.priority ?? undefined, printer: PRINTER };
  if (withCard) body.reader = READER;
  const answer = await ask("/api/v1/tickets", { method: "POST", body, device: true });
  if (!answer) return;
  if (answer.error?.code === "no_card") { state.cardMissing = true; render(); return; }
  state.ticket = answer.data ?? { error: answer.error.message };
  state.reprint = null; state.cardMissing = false;
  go("ticket");
}

async function reprint() {
  const answer = await ask(`/api/v1/tickets/${encodeURIComponent(state.ticket.id)}/print`, { method: "POST", device: true, body: { printer: PRINTER } });
  if (!answer) return;
  state.reprint = answer.data?.print?.state === "printed" ? "printed" : "failed";
  render();
}

function typeCase(key) {
  state.caseError = "";
  if (key === "back") state.caseNumber = state.caseNumber.slice(0, -1);
  else if (key === "clear") state.caseNumber = "";
  else if (state.caseNumber.length < 14) state.caseNumber += key;
  render();
}

async function lookup(byCard) {
  let number = state.caseNumber;
  if (!byCard) {
    if (/^\d{13}$/.test(number)) number = "C" + number;  // the C is on every number: forgive leaving it out
    if (!/^C\d{13}$/.test(number)) { state.caseError = t("caseFormat"); render(); return; }
  }
  const answer = byCard ? await ask("/api/v1/progress/by-card", { method: "POST", body: { reader: READER }, device: true })
                        : await ask(`/api/v1/progress/${encodeURIComponent(number)}`);
  if (!answer) return;
  const e = answer.error;
  if (byCard && e?.code === "no_card") { state.cardMissing = true; render(); return; }
  if (!byCard && e?.status === 400) { state.caseError = t("caseFormat"); render(); return; }
  state.cases = e ? (e.status === 404 ? [] : null) : answer.data.cases ?? [answer.data];
  state.casesError = e && e.status !== 404 ? e.message : "";
  state.cardMissing = false;
  go("progress-result");
}

function cardReady() {
  if (state.cardFor === "ticket") takeTicket(true); else if (state.cardFor === "appointment") checkIn(true); else lookup(true);
}

function typeCode(key) {
  state.code = typed(state.code, key);
  state.codeError = "";
  render();
}

/** Check-in by the code typed or by the card: the ticket, or the reason on the check-in screen. */
async function checkIn(byCard) {
  if (!byCard && state.code.length !== CODE_LENGTH) { state.codeError = t("codeLength"); render(); return; }
  const answer = byCard ? await ask("/api/v1/appointments/check-in", { method: "POST", device: true, body: { reader: READER, printer: PRINTER } })
                        : await ask(`/api/v1/appointments/${encodeURIComponent(state.code)}/check-in`, { method: "POST", device: true, body: { printer: PRINTER } });
  if (!answer) return;
  if (byCard && answer.error?.code === "no_card") { state.cardMissing = true; render(); return; }
  state.cardMissing = false;
  if (answer.error) {
    state.codeError = refusalText(answer.error, t);
    if (byCard) back(); else render();
    return;
  }
  state.ticket = answer.data.ticket;
  state.checkIn = { late: answer.data.late, slot: answer.data.booking.slot };
  state.reprint = null; state.code = "";
  go("ticket");
}
function askForCard(purpose) { state.cardFor = purpose; state.cardMissing = false; go("card"); }

// -- language, large text, idle -----------------------------------------------------------
function applySettings() {
  t = translator(state.lang);
  document.documentElement.lang = state.lang === "zh" ? "zh-CN" : "en";
  document.documentElement.classList.toggle("large", state.large);
  document.title = t("title");
  for (const node of document.querySelectorAll("[data-t]")) node.textContent = t(node.dataset.t);
  $("lang").textContent = t("langSwitch");
  $("lang").lang = state.lang === "zh" ? "en" : "zh-CN";
  $("large").setAttribute("aria-pressed", String(state.large));
  $("pad-back").setAttribute("aria-label", t("backspace"));
  for (const id of ["code-back", "phone-pad-back", "complaint-pad-back"]) $(id).setAttribute("aria-label", t("backspace"));
  $("screens").setAttribute("aria-label", t("title"));
  document.querySelector("nav.tools").setAttribute("aria-label", state.lang === "zh" ? "页面设置" : "Settings");
}

/** Back to the start: nothing of the citizen stays on screen or in the page. */
function reset() {
  state = fresh();
  for (const id of DYNAMIC) show($(id));
  applySettings();
  render(true);
}

let idleTimer = null;
function stillHere() {
  clearTimeout(idleTimer);
  idleTimer = setTimeout(reset, IDLE_SECONDS * 1000);
}

// -- start --------------------------------------------------------------------------------
let complaints = null;
function wire() {
  complaints = complaintFlow({ state: () => state, t: () => t, ask, go, render: () => render() });
  const on = (id, handler) => $(id).addEventListener("click", handler);
  on("home", reset); on("back", back); on("done", reset); on("complaint-done", reset);
  on("lang", () => { state.lang = state.lang === "zh" ? "en" : "zh"; applySettings(); render(); });
  on("large", () => { state.large = !state.large; applySettings(); render(); });
  on("go-events", () => go("events")); on("go-departments", () => go("departments"));
  on("go-search", () => go("search")); on("go-queues", openQueues);
  on("go-priority", () => { state.target = null; go("priority"); }); on("go-progress", () => go("progress"));
  on("go-appointment", () => go("appointment")); on("go-complaint", () => go("complaint"));
  on("take-ticket", () => chooseTarget(state.target)); on("print-notice", printNotice);
  on("take-anonymous", () => takeTicket(false)); on("take-realname", () => askForCard("ticket"));
  on("choose-priority", () => go("priority")); on("card-ready", cardReady);
  on("lookup-number", () => lookup(false)); on("lookup-card", () => askForCard("progress"));
  on("check-in-code", () => checkIn(false)); on("check-in-card", () => askForCard("appointment"));
  show($("pad"), caseNumberPad(typeCase));
  show($("code-keys"), codeKeys(typeCode));
  for (const kind of ["pointerdown", "keydown", "touchstart"]) addEventListener(kind, stillHere, { passive: true });
}

// The queue counts change all day: fresh ones before the queue screen opens (drawn once,
// so a tap never lands on a tile being replaced).
async function openQueues() {
  try { hall.queues = await loadQueues(); } catch (e) { /* the last counts stay */ }
  go("queues");
}

async function load() {
  // A hall that cannot store tickets (a full disk…) says so plainly instead of failing each tap.
  const ready = await fetch("/readyz").then((r) => r.ok).catch(() => false);
  if (!ready) {
    show($("screens"), el("p", { class: "error", id: "not-ready", role: "alert" }, translator("zh")("paused"), " ", translator("en")("paused")));
    setTimeout(() => location.reload(), 30000);
    return;
  }
  hall = await loadHall();
  $("hall").textContent = hall.name;
  render();
  document.body.dataset.ready = "true";
}

wire();
applySettings();
render();
stillHere();
load().catch((e) => {
  show($("screens"), el("p", { class: "error", role: "alert" }, translator("zh")("failed", e.message)));
  setTimeout(() => location.reload(), 30000);
});
