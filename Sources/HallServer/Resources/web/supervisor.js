// The supervisor's dashboard (督查看板, R7): today's queues, calls per hour, open windows,
// reviews with their upload to the 好差评 platform and their rectification tasks, and the
// cases on a yellow or red card, drawn from GET /api/v1/supervision/today every few seconds.
// Behind supervisor sign-in.
import { api, el, show, signedIn } from "/hall.js";

const $ = (id) => document.getElementById(id);
const SVG = "http://www.w3.org/2000/svg";
// Often enough that a keypad press shows while the citizen is still at the window.
const REFRESH_MS = 3000;
const ticketStates = { waiting: "等候中", called: "已叫号", serving: "办理中", held: "已挂起", done: "已完成", noShow: "过号", cancelled: "已取消" };
const channels = { keypad: "评价器", kiosk: "自助机", online: "网上" };
let zone = "Asia/Shanghai";  // replaced by the hall's own at start
let hallName = "";

function duration(seconds) {
  if (seconds === undefined || seconds === null) return "无";
  const s = Math.round(seconds);
  if (s < 60) return `${s}秒`;
  const m = Math.floor(s / 60);
  if (m < 60) return `${m}分${s % 60}秒`;
  return `${Math.floor(m / 60)}小时${m % 60}分`;
}

const percent = (rate) => (rate === undefined || rate === null ? "无评价" : `${(rate * 100).toFixed(1)}%`);

/** A time of day in the hall's zone, whatever the browser's. */
function timeOfDay(iso, seconds = false) {
  return new Intl.DateTimeFormat("zh-CN", { timeZone: zone, hour: "2-digit", minute: "2-digit", second: seconds ? "2-digit" : undefined, hourCycle: "h23" })
    .format(new Date(iso));
}

function hourOf(iso) {
  return Number(new Intl.DateTimeFormat("en-GB", { timeZone: zone, hour: "2-digit", hourCycle: "h23" }).format(new Date(iso)));
}

/** A table with its caption and column headers; "暂无" in one row when there is nothing. */
function table(node, caption, headers, rows, empty = "暂无") {
  show(node,
    el("caption", {}, caption),
    el("thead", {}, el("tr", {}, headers.map((h) => el("th", { scope: "col" }, h)))),
    el("tbody", {}, rows.length ? rows : el("tr", {}, el("td", { colspan: headers.length, class: "empty" }, empty))));
}

const cells = (...values) => values.map((v) => (v instanceof Node ? el("td", {}, v) : el("td", {}, v ?? "")));

function overview(data) {
  const t = data.total;
  const tiles = [
    ["今日取号", t.issued], ["等候中", t.waiting], ["已办结", t.served], ["过号", t.noShows],
    ["平均等候", duration(t.waitingTime.meanSeconds)], ["等候 P90", duration(t.waitingTime.p90Seconds)],
    ["平均办理", duration(t.serviceTime.meanSeconds)], ["开放窗口", `${data.openWindows.length} / ${data.windowCount}`],
    ["满意率", percent(data.reviews.satisfactionRate)], ["差评", data.reviews.bad],
    ["超期办件", data.cases.overdue.length], ["临期办件", data.cases.nearlyOverdue.length],
  ];
  show($("overview"), tiles.map(([name, value]) =>
    el("li", { class: "tile" }, el("span", { class: "name" }, name), el("strong", { class: "value" }, String(value)))));
}

function queues(data) {
  table($("queues"), "各队列今日取号、等候与办理时长（P90 为第 90 百分位，最近秩法）",
    ["队列", "取号", "等候", "已办", "过号", "平均等候", "等候 P90", "平均办理", "办理 P90", "最长在等"],
    data.queues.map((q) => el("tr", { dataset: { queue: q.queueID } }, cells(
      q.name, q.issued, q.waiting, q.served, q.noShows, duration(q.waitingTime.meanSeconds), duration(q.waitingTime.p90Seconds),
      duration(q.serviceTime.meanSeconds), duration(q.serviceTime.p90Seconds), duration(q.longestWaitingSeconds)))));
}

function svg(tag, attributes = {}, text) {
  const node = document.createElementNS(SVG, tag);
  for (const [key, value] of Object.entries(attributes)) node.setAttribute(key, String(value));
  if (text !== undefined) node.textContent = String(text);
  return node;
}

/** Bars of the calls in each hour, over the hall's usual day and any hour that had calls. */
function callsChart(data) {
  const counts = data.callsPerHour;
  const busy = counts.map((c, h) => (c > 0 ? h : null)).filter((h) => h !== null);
  const from = Math.min(8, ...busy), to = Math.max(18, hourOf(data.at), ...busy);
  const hours = Array.from({ length: to - from + 1 }, (_, i) => from + i);
  const top = Math.max(4, 2 * Math.ceil(Math.max(...counts) / 2));  // even, so the middle tick is a whole number
  const bar = 36, gap = 8, left = 36, base = 170, height = 140;
  const width = left + hours.length * (bar + gap);
  const chart = $("calls-chart");
  chart.setAttribute("viewBox", `0 0 ${width} 200`);
  const parts = [svg("line", { x1: left - 4, y1: base, x2: width, y2: base, class: "axis" })];
  for (const tick of [0, top / 2, top]) {
    const y = base - (tick / top) * height;
    parts.push(svg("text", { x: left - 8, y: y + 5, "text-anchor": "end", class: "tick" }, tick));
  }
  hours.forEach((h, i) => {
    const x = left + i * (bar + gap), value = counts[h], tall = (value / top) * height;
    parts.push(svg("rect", { x, y: base - tall, width: bar, height: tall, class: "bar", "data-hour": h }));
    if (value > 0) parts.push(svg("text", { x: x + bar / 2, y: base - tall - 6, "text-anchor": "middle", class: "value" }, value));
    parts.push(svg("text", { x: x + bar / 2, y: base + 20, "text-anchor": "middle", class: "tick" }, h));
  });
  chart.replaceChildren(...parts);
  const said = busy.map((h) => `${h}时 ${counts[h]} 次`).join("，");
  $("calls-caption").textContent = `今日每小时叫号次数（横轴为时，${hours[0]}时至${to}时）：` +
    (said ? `${said}；共 ${counts.reduce((a, b) => a + b, 0)} 次。` : "尚无叫号。");
}

function windows(data) {
  table($("windows"), `开放窗口 ${data.openWindows.length} 个（共 ${data.windowCount} 个）及在岗人员`,
    ["窗口", "名称", "工作人员", "当前号码"],
    data.openWindows.map((w) => el("tr", { dataset: { window: w.windowID } }, cells(
      w.windowID, w.name, w.staffName, w.currentTicket ? `${w.currentTicket}（${ticketStates[w.currentState] ?? w.currentState}）` : "空闲"))),
    "暂无开放窗口");
}

const reviewHeaders = ["时间", "评价", "窗口", "工作人员", "号码或办件", "事项", "渠道", "差评原因"];
function reviewRows(list) {
  return list.map((v) => el("tr", { dataset: { reviewId: v.id, level: v.level }, class: v.bad ? "bad" : null }, cells(
    timeOfDay(v.at), el("span", { class: v.bad ? "level bad" : "level" }, `${v.level} ${v.levelName}`),
    v.windowID ? `窗口 ${v.windowID}` : "", v.staffName, v.ticketNumber ?? v.caseNumber, v.itemName,
    channels[v.channel] ?? v.channel, v.reasons.join("、"))));
}

function reviews(data) {
  const r = data.reviews;
  $("satisfaction").textContent = `今日评价 ${r.total} 条，满意率 ${percent(r.satisfactionRate)}，差评 ${r.bad} 条。`;
  table($("reviews"), "今日最新评价（最多 10 条，最新在前）", reviewHeaders, reviewRows(r.latest), "今日尚无评价");
  table($("bad-reviews"), `今日全部差评（${r.badToday.length} 条，最新在前）`, reviewHeaders, reviewRows(r.badToday), "今日无差评");
}

/** The reviews' upload to the provincial 好差评 platform: waiting, failing (why, and when next), sent. */
function uploads(data) {
  const u = data.uploads;
  const where = u.destination ? `上报至 ${u.destination}` : "未配置上报地址（reviews.upload.url），评价留存待报";
  const oldest = u.oldestUnsentAt ? `，最早一条待报自 ${timeOfDay(u.oldestUnsentAt)}` : "";
  $("uploads").textContent = `${where}：待上报 ${u.pending} 条，失败重试中 ${u.failing} 条，今日已上报 ${u.sent} 条${oldest}。`;
  table($("failing-uploads"), "上报失败、等待重试的评价（最早的在前，最多 10 条）",
    ["号码或办件", "已尝试", "最近错误", "下次尝试"],
    u.failingUploads.map((f) => el("tr", { dataset: { upload: f.id, reviewId: f.reviewID } }, cells(
      f.ticketNumber ?? f.caseNumber, `${f.attempts} 次`, f.lastError, timeOfDay(f.nextAttemptAt, true)))),
    "暂无上报失败的评价");
}

function tasks(data) {
  show($("task-states"), data.tasks.byState.map((s) => el("li", { dataset: { state: s.state } }, `${s.name} ${s.count}`)));
  table($("tasks"), "未办结的差评整改任务（期限早的在前）",
    ["办结期限", "状态", "责任部门", "评价", "窗口", "号码", "是否逾期"],
    data.tasks.open.map((t) => el("tr", { dataset: { task: t.id }, class: t.overdue ? "overdue" : null }, cells(
      t.dueDay, t.stateName, t.department, t.levelName ? `${t.level} ${t.levelName}` : "", t.windowID ? `窗口 ${t.windowID}` : "",
      t.ticketNumber, el("span", { class: t.overdue ? "late" : "" }, t.overdue ? "已逾期" : "未逾期")))),
    "暂无未办结的整改任务");
}

function caseRows(list) {
  return list.map((c) => el("tr", { dataset: { case: c.number } }, cells(
    c.number, c.title, c.stateName, c.windowID ? `窗口 ${c.windowID}` : "", c.leadDepartment, c.promisedDue,
    c.daysLeft === undefined ? "" : c.daysLeft < 0 ? `超期 ${-c.daysLeft} 天` : `剩 ${c.daysLeft} 天`)));
}

function cases(data) {
  const headers = ["办件编号", "事项", "状态", "受理窗口", "牵头部门", "承诺办结日", "工作日"];
  table($("overdue-cases"), `红牌超期：已过承诺办结日（${data.cases.overdue.length} 件）`, headers, caseRows(data.cases.overdue), "暂无超期办件");
  table($("nearly-overdue-cases"), `黄牌预警：临近承诺办结日（${data.cases.nearlyOverdue.length} 件）`, headers,
    caseRows(data.cases.nearlyOverdue), "暂无临期办件");
}

function render(data) {
  $("updated").textContent = `${hallName} · ${data.day} · 更新于 ${timeOfDay(data.at, true)}`;
  overview(data); queues(data); callsChart(data); windows(data); reviews(data); uploads(data); tasks(data); cases(data);
  $("dashboard").hidden = false;
}

async function refresh() {
  try {
    render(await api("/api/v1/supervision/today"));
    $("note").textContent = "";
  } catch (e) {
    if (e.status === 401) {
      $("dashboard").hidden = true;
      $("note").textContent = "登录已失效，请重新登录。";
      await signedIn($("main"));
    } else if (e.status === 403) {
      $("dashboard").hidden = true;
      $("note").textContent = "此页仅限督查人员：" + e.message;
      return;  // a role does not come back by waiting
    } else {
      $("note").textContent = "看板暂不可用，稍后自动重试：" + e.message;
    }
  }
  setTimeout(refresh, REFRESH_MS);
}

async function start() {
  const hall = await api("/api/v1/hall").catch(() => null);
  if (hall) { zone = hall.timeZone; hallName = hall.hallName; }
  const me = await signedIn($("main"));
  if (!me.roles?.includes("supervisor")) {
    $("note").textContent = `${me.name ?? me.id} 没有督查（supervisor）角色，不能查看此看板。`;
    return;
  }
  await refresh();
}

start().catch((e) => { $("note").textContent = "看板无法启动：" + e.message; });
