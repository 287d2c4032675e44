// The display board (R1 叫号): the current call of every window, the last calls, the waiting
// counts, and each new call flashed and said aloud — twice, queued, never cut off. The voice
// is the hall's (espeak-ng's WAV from the server); a browser with a Chinese voice of its own
// is used only when the WAV cannot be had. Reconnects by itself and never repeats a call.
import { api, el, show } from "/hall.js";

const LAST_CALLS = 8;        // shown, and all that is kept: memory stays flat for weeks
const QUEUED_AT_MOST = 30;   // announcements waiting to be said; a burst beyond is shown only
const $ = (id) => document.getElementById(id);

let lastSequence = 0;
const lastCalls = [];                 // newest first, at most LAST_CALLS
const currentByWindow = new Map();    // window id → its latest call
let windows = [];

function renderWindows(fresh) {
  show($("windows"), windows.map((w) => {
    const call = currentByWindow.get(w.id);
    return el("li", { class: call && call.sequence === fresh ? "fresh" : null, dataset: { window: w.id } },
      el("span", { class: "number" }, call ? call.ticket : "—"),
      el("span", { class: "label" }, `${w.id} 号窗口 ${w.name}`));
  }));
}

function renderCalls(fresh) {
  show($("calls"), lastCalls.map((c) =>
    el("tr", { class: c.sequence === fresh ? "fresh" : null, dataset: { ticket: c.ticket, sequence: String(c.sequence) } },
      el("td", {}, c.ticket),
      el("td", {}, `请到 ${c.window} 号窗口 ${c.windowName}${c.recall ? "（重呼）" : ""}`))));
}

async function refreshWaiting() {
  try {
    const { queues } = await api("/api/v1/queues");
    show($("waiting"), queues.map((q) => el("tr", { dataset: { queue: q.queue.id } },
      el("td", {}, q.queue.name), el("td", { class: "count" }, `${q.waiting} 人`))));
  } catch { /* the next call or the next tick tries again */ }
}

/** Takes in a call once, by its sequence: a replay after a reconnect is never shown twice. */
function take(call, { announce }) {
  if (call.sequence <= lastSequence) return;
  lastSequence = call.sequence;
  currentByWindow.set(call.window, call);
  lastCalls.unshift(call);
  lastCalls.length = Math.min(lastCalls.length, LAST_CALLS);
  if (!announce) return;
  renderWindows(call.sequence);
  renderCalls(call.sequence);
  const shown = $("announcement");
  shown.textContent = call.announcement;
  shown.classList.remove("fresh"); void shown.offsetWidth; shown.classList.add("fresh");
  voice.enqueue(call);
  refreshWaiting();
}

/** Says announcements one after another, each twice in a row; one is never cut off. */
const voice = {
  queue: [], speaking: false, said: 0,
  enqueue(call) {
    if (this.queue.length >= QUEUED_AT_MOST) this.queue.shift();
    this.queue.push(call);
    if (!this.speaking) this.next();
  },
  async next() {
    const call = this.queue.shift();
    if (!call) { this.speaking = false; $("voice").textContent = ""; return; }
    this.speaking = true;
    for (const time of [1, 2]) {
      $("voice").textContent = `正在播报（第 ${time} 遍）：${call.announcement}`;
      await this.say(call);
      document.body.dataset.said = String(Number(document.body.dataset.said ?? 0) + 1);
    }
    this.said += 1;
    document.body.dataset.announced = String(this.said);
    this.next();
  },
  async say(call) {
    try { await play(call.announcementURL); return; } catch (e) {
      if (e?.name === "NotAllowedError") { await askForSound(); return this.say(call); }
    }
    await speakInBrowser(call.spokenText);
  },
};

/** Plays a WAV to its end. One that stalls is given up after a generous bound, so a bad
 *  file or a hung request never silences the board for the calls after it. */
function play(url) {
  return new Promise((resolve, reject) => {
    const audio = new Audio(url);
    const stalled = setTimeout(() => { audio.pause(); reject(new Error("the announcement stalled")); }, 30000);
    audio.addEventListener("ended", () => { clearTimeout(stalled); resolve(); }, { once: true });
    audio.addEventListener("error", () => { clearTimeout(stalled); reject(new Error("the announcement could not be played")); }, { once: true });
    audio.play().catch((e) => { clearTimeout(stalled); reject(e); });
  });
}

/** The browser's own Chinese voice, where it has one; otherwise the call is shown only. */
function speakInBrowser(text) {
  const synth = window.speechSynthesis;
  const zh = synth?.getVoices().find((v) => v.lang.toLowerCase().startsWith("zh"));
  if (!zh) return Promise.resolve();
  return new Promise((resolve) => {
    const u = new SpeechSynthesisUtterance(text);
    u.voice = zh; u.lang = zh.lang;
    u.onend = u.onerror = () => resolve();
    synth.speak(u);
  });
}

/** A browser that refuses sound until someone taps: one tap on the board turns it on. */
function askForSound() {
  const button = $("enable-voice");
  button.hidden = false;
  return new Promise((resolve) => button.addEventListener("click", () => { button.hidden = true; resolve(); }, { once: true }));
}

/** The board stream; after a daemon restart a fresh one, catching up on what was missed. */
function connect() {
  const source = new EventSource("/api/v1/board/events");
  source.onopen = async () => {
    $("status").textContent = "叫号中";
    try { for (const call of (await api("/api/v1/board")).calls) take(call, { announce: true }); } catch { /* the stream still brings new calls */ }
  };
  source.onerror = () => {
    $("status").textContent = "连接中断，正在重连…";
    if (source.readyState === EventSource.CLOSED) { setTimeout(connect, 3000); }
  };
  source.addEventListener("call", (e) => take(JSON.parse(e.data), { announce: true }));
}

async function start() {
  const hall = await api("/api/v1/hall");
  $("hall").textContent = hall.hallName;
  windows = (await api("/api/v1/windows")).windows.map((w) => w.window);
  // Calls made before the board opened are shown, not said.
  for (const call of (await api("/api/v1/board")).calls) take(call, { announce: false });
  renderWindows(); renderCalls();
  if (lastCalls[0]) $("announcement").textContent = lastCalls[0].announcement;
  await refreshWaiting();
  setInterval(refreshWaiting, 15000);
  connect();
}
start().catch((e) => { $("status").textContent = "显示屏无法启动：" + e.message; });
