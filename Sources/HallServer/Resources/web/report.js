// The printable supervision report (seed 004 §12.3; docs/METRICS.md): ?date=, ?month= or
// ?quarter=, from the supervisor's report routes; with ?grant= (a one-time print grant that
// `onevisit report … --pdf` asks for) from the printable route, with no sign-in.
import { api, el, show, signedIn } from "/hall.js";

const $ = (id) => document.getElementById(id);
const params = new URLSearchParams(location.search);
const ROUTES = { date: "day", month: "month", quarter: "quarter" };
const pct = (r) => (r?.value === undefined || r?.value === null) ? "—" : `${(r.value * 100).toFixed(1)}%（${r.numerator}/${r.denominator}）`;
const secs = (s) => (s === undefined || s === null) ? "—" : s < 90 ? `${Math.round(s)} 秒` : s < 5400 ? `${Math.round(s / 60)} 分` : `${(s / 3600).toFixed(1)} 时`;
const num = (n) => [String(n), "num"];
const table = (caption, head, rows, empty) => el("table", {},
  el("caption", {}, caption),
  el("thead", {}, el("tr", {}, head.map((h) => el("th", { scope: "col" }, h)))),
  el("tbody", {}, rows.length ? rows.map((cells) => el("tr", {}, cells.map((c) => Array.isArray(c) ? el("td", { class: c[1] }, c[0]) : el("td", {}, c))))
    : el("tr", {}, el("td", { colspan: String(head.length), class: "none" }, empty))));

let hallName = "政务服务中心";

function draw(r) {
  document.title = `督查报表 ${r.label}`;
  $("title").textContent = `${hallName}督查报表 · ${r.label}`;
  const scopes = [r.hall, ...r.departments];
  const people = [...r.windows, ...r.staff];
  const kinds = { hall: "全厅", department: "部门", window: "窗口", staff: "工作人员" };
  const named = (s) => s.scope.kind === "hall" ? "全厅" : `${kinds[s.scope.kind]} ${s.scope.name}`;
  show($("report"),
    el("p", { class: "meta" }, `期间 ${r.period.first} 至 ${r.period.last} · 制表日 ${r.madeOn} · 各项指标的定义见 docs/METRICS.md`),
    el("section", { dataset: { section: "efficiency" } }, el("h2", {}, "办事效率（§12.3.4）"),
      table("受理集中率、按时办结率、网上办结率、即办件比率", ["范围", "受理集中率", "受理", "办结", "按时办结率（承诺）", "按时办结率（法定）", "网上办结率", "即办件比率"],
        scopes.map((s) => [named(s), pct(s.efficiency.concentration), num(s.efficiency.accepted), num(s.efficiency.finished),
          pct(s.efficiency.onTimePromised), pct(s.efficiency.onTimeLegal), pct(s.efficiency.online), pct(s.efficiency.immediate)]), "—")),
    el("section", { dataset: { section: "service" } }, el("h2", {}, "取号、等候与办理"),
      table("取号与时长（平均 / P50 / P90）", ["范围", "取号", "完成", "过号", "等候", "办理"],
        [r.hall, ...r.windows, ...r.staff].map((s) => [named(s), num(s.service.tickets), num(s.service.served), num(s.service.noShows),
          `${secs(s.service.waitingTime.meanSeconds)} / ${secs(s.service.waitingTime.p50Seconds)} / ${secs(s.service.waitingTime.p90Seconds)}`,
          `${secs(s.service.serviceTime.meanSeconds)} / ${secs(s.service.serviceTime.p50Seconds)} / ${secs(s.service.serviceTime.p90Seconds)}`]), "—"),
      table("每小时叫号", ["时段", "叫号"], r.hall.service.callsPerHour.map((n, h) => [h, n]).filter(([, n]) => n > 0)
        .map(([h, n]) => [`${String(h).padStart(2, "0")}:00–${String(h).padStart(2, "0")}:59`, num(n)]), "期间内没有叫号。"),
      table(`等候时间预估的误差（已叫号 ${r.waitEstimate.tickets} 张；预估 − 实际）`, ["预估方法", "平均绝对误差", "P50", "P90", "平均偏差"],
        [["本厅预估（票面所印）", r.waitEstimate.estimator], [`前面人数 × ${r.waitEstimate.naiveMinutesPerPerson} 分钟`, r.waitEstimate.naive]]
          .map(([name, e]) => [name, secs(e.absolute.meanSeconds), secs(e.absolute.p50Seconds), secs(e.absolute.p90Seconds),
            e.meanSignedSeconds === undefined || e.meanSignedSeconds === null ? "—" : `${e.meanSignedSeconds < 0 ? "短 " : "长 "}${secs(Math.abs(e.meanSignedSeconds))}`]), "—")),
    el("section", { dataset: { section: "reviews" } }, el("h2", {}, "好差评与整改"),
      table("评价", ["范围", "评价", "差评", "满意率", "整改任务", "已办结", "整改中", "平均整改时长"],
        [r.hall, ...r.departments, ...people].filter((s) => s.scope.kind === "hall" || s.reviews.total > 0).map((s) => [named(s),
          num(s.reviews.total), num(s.reviews.bad), pct(s.reviews.satisfaction), num(s.reviews.tasksOpened), num(s.reviews.tasksClosed),
          num(s.reviews.tasksOpen), secs(s.reviews.timeToClose.meanSeconds)]), "—")),
    el("section", { dataset: { section: "complaints" } }, el("h2", {}, "投诉（§12.3.6）"),
      table("投诉及处理结果", ["范围", "收到", "已答复", "按期答复", "属实", "已办结", "结果满意率"],
        [r.hall, ...r.departments, ...people].filter((s) => s.scope.kind === "hall" || s.complaints.received > 0).map((s) => [named(s),
          num(s.complaints.received), num(s.complaints.answered), pct(s.complaints.answeredOnTime), num(s.complaints.upheld), num(s.complaints.closed),
          pct(s.complaints.resultSatisfaction)]), "—")),
    el("section", { dataset: { section: "deductions" } }, el("h2", {}, "违规办理扣分项（§12.3.5）"),
      table("扣分项合计", ["条款", "扣分项", "件数"], r.deductions.map((d) => [d.clause, d.name, num(d.count)]), "—"),
      table("扣分办件清单", ["扣分项", "办件编号", "事项", "部门", "窗口", "日期", "说明"],
        r.deductions.flatMap((d) => d.cases.map((c) => [d.name, c.caseNumber, c.title, c.department, c.windowID ?? "—", c.day, c.detail])), "期间内没有扣分办件。")),
    el("section", { dataset: { section: "notes" } }, el("h2", {}, "说明"), el("ul", { class: "notes" }, r.notes.map((n) => el("li", {}, n)),
      el("li", { dataset: { archive: "head" } }, r.archiveHead
        ? `材料档案链截至期末为第 ${r.archiveHead.sequence} 条，其散列值 ${r.archiveHead.hash}：可用 onevisit archive verify --head ${r.archiveHead.sequence}:${r.archiveHead.hash} 核对。`
        : "期末材料档案链尚无记录。"))));
  document.body.dataset.ready = "true";
}

function period() {
  for (const key of Object.keys(ROUTES)) if (params.get(key)) return [key, params.get(key)];
  return null;
}

async function load(key, value) {
  $("status").textContent = "读取中…";
  try {
    draw(await api(`/api/v1/reports/${ROUTES[key]}?${key}=${encodeURIComponent(value)}`));
    $("csv").href = `/api/v1/reports/${ROUTES[key]}?${key}=${encodeURIComponent(value)}&format=csv`;
    $("status").textContent = "";
  } catch (e) {
    $("status").textContent = "无法生成：" + e.message;
    show($("report"), el("p", { class: "error", role: "alert" }, "无法生成报表：" + e.message));
  }
}

(async () => {
  try { hallName = (await api("/api/v1/hall")).hallName || hallName; } catch { /* the generic name stays */ }
  const grant = params.get("grant");
  if (grant) {
    // Printed by headless Chromium: the grant is the credential, used once, then gone from the address bar.
    history.replaceState(null, "", location.pathname + location.search.replace(/([?&])grant=[^&]*&?/, "$1").replace(/[?&]$/, ""));
    try { draw(await api(`/api/v1/reports/printable?grant=${encodeURIComponent(grant)}`)); } catch (e) {
      show($("report"), el("p", { class: "error", role: "alert" }, "无法生成报表：" + e.message));
      document.body.dataset.ready = "true";
    }
    return;
  }
  const staff = await signedIn($("main"));
  if (!staff.roles?.includes("supervisor")) {
    show($("main"), el("p", { class: "error", role: "alert" }, "此页面仅供督查人员使用。"));
    return;
  }
  $("pick").hidden = false;
  const given = period() ?? ["date", await api("/api/v1/queues").then((q) => q.serviceDay)];
  $("kind").value = given[0]; $("when").value = given[1];
  $("pick").addEventListener("submit", (event) => {
    event.preventDefault();
    const url = new URL(location.href);
    url.search = `?${$("kind").value}=${encodeURIComponent($("when").value.trim())}`;
    history.replaceState(null, "", url);
    load($("kind").value, $("when").value.trim());
  });
  $("print").addEventListener("click", () => window.print());
  await load(...given);
})();
