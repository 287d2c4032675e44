// One case on the department desk: its deadline and clock stops, the department's items with
// their steps and results, stopping and resuming the clock, 上报, the materials with their
// scanned pages and the documents. The applicant and the page images are masked or hidden
// until asked for, through the audited full-read routes (R8).
import { api, el, show } from "/hall.js";

export const CARD_NAMES = { yellow: "黄牌预警", red: "红牌超期" };
const MATERIAL_STATES = { pending: "待核验", present: "已收取", missing: "缺少", flawed: "需补正", dataSharing: "共享获取",
                          producedInBundle: "联办产生", pledged: "容缺待补" };
const ACTIONS = { open: "接件", "check-materials": "材料核验", form: "填写表单", accept: "受理", correct: "一次性告知",
                  "corrections-supplied": "补正材料", "accept-with-deficiencies": "容缺受理", "supply-deficiencies": "补齐容缺材料",
                  refuse: "不予受理", step: "办理环节", suspend: "停止计时", resume: "恢复计时", decide: "办理结果",
                  "hand-over": "出件", withdraw: "撤回", lapse: "补正逾期", delegate: "帮办代办", capture: "扫描材料",
                  "remove-page": "移除扫描页" };
const STEP_NAMES = ["审查", "核查", "现场勘验", "审核", "决定"];

const $ = (id) => document.getElementById(id);
const time = (iso) => new Date(iso).toLocaleString("zh-CN", { hour12: false });

/** 剩余 3 个工作日 / 今日到期 / 超期 2 个工作日. */
export function daysLeftText(deadline) {
  if (deadline.daysLeft === undefined) return "已办结";
  if (deadline.daysLeft > 0) return `剩余 ${deadline.daysLeft} 个工作日`;
  return deadline.daysLeft === 0 ? "今日到期" : `超期 ${-deadline.daysLeft} 个工作日`;
}

export function clockText(c) {
  if (c.deadline.clockRunning) return "计时中";
  return c.state === "suspended" ? "已停止计时" : "不计时";
}

/** A labelled field; `id` must be unique on the page. */
function field(id, label, control) {
  control.id = id;
  return el("p", { class: "field" }, el("label", { for: id }, label), control);
}

function form(title, submit, ...children) {
  const f = el("form", { class: "act", "aria-label": title }, el("h4", {}, title), ...children, el("button", { type: "submit", class: "action" }, submit));
  return f;
}

export class CaseDetail {
  constructor({ me, say, changed }) {
    this.me = me;
    this.department = () => me().department;
    this.say = say;
    this.changed = changed;
    this.view = null;
  }

  /** The signed-in staff member by name; others by their staff ID, as the record keeps them. */
  who(staffID) { return staffID === this.me().id ? this.me().name : staffID; }

  async open(number) {
    try {
      this.render(await api(`/api/v1/cases/${encodeURIComponent(number)}`));
      $("case").hidden = false;
      $("case").focus();
    } catch (e) {
      this.say(`办件 ${number} 打不开：${e.message}`, true);
    }
  }

  /** Takes a case action and shows the case as it now stands. */
  async act(path, body, done) {
    const n = this.view.number;
    try {
      this.render(await api(`/api/v1/cases/${encodeURIComponent(n)}/${path}`, { method: "POST", body }));
      this.say(done);
      this.changed();
    } catch (e) {
      this.say(e.message, true);
    }
  }

  render(c) {
    this.view = c;
    $("case").dataset.case = c.number;
    $("case-title").textContent = `办件 ${c.number} ${c.title}`;
    const mine = c.subCases.filter((s) => s.department === this.department());
    const others = c.subCases.filter((s) => s.department !== this.department());
    show($("case-body"),
      this.facts(c), this.clock(c),
      mine.map((s) => this.item(c, s)),
      others.length ? el("section", { class: "panel" }, el("h3", {}, "其他部门事项"),
        el("ul", {}, others.map((s) => el("li", {}, `${s.itemName}（${s.department}）：${s.result ? "已出结果" : "办理中"}`)))) : null,
      this.materials(c), this.documents(c), this.history(c));
  }

  facts(c) {
    const d = c.deadline;
    const applicant = el("dd", { id: "applicant" }, c.applicant ?? "未登记",
      c.applicant ? el("button", { type: "button", class: "plain", onclick: () => this.revealApplicant() }, "查看申请人完整信息") : null);
    const rows = [
      ["状态", c.stateName], ["办件类型", c.caseTypeName], ["牵头部门", c.leadDepartment], ["受理窗口", c.windowID ? c.windowID + " 号窗口" : "—"],
      ["受理日期", c.acceptedOn ?? "—"], ["承诺办结日", d.promisedDue ?? "—"], ["法定办结日", d.legalDue ?? "—"],
      ["期限", [daysLeftText(d), d.card !== "none" ? el("span", { class: "badge " + d.card }, CARD_NAMES[d.card]) : null]],
      ["计时", `${clockText(c)}（已停表 ${d.stoppedDays} 个工作日）`],
      c.specialProcedures.length ? ["特别程序", c.specialProcedures.join("、")] : null,
    ].filter(Boolean);
    return el("section", { class: "panel" }, el("h3", {}, "办件信息"),
      el("dl", { class: "facts-list", id: "case-facts" }, rows.flatMap(([k, v]) => [el("dt", {}, k), el("dd", {}, v)]), el("dt", {}, "申请人"), applicant));
  }

  async revealApplicant() {
    try {
      const a = await api(`/api/v1/cases/${encodeURIComponent(this.view.number)}/applicant`);
      show($("applicant"), `${a.name} ${a.idNumber}${a.phone ? " " + a.phone : ""}`, el("span", { class: "audited" }, "（本次查看已记入审计）"));
    } catch (e) {
      this.say(e.message, true);
    }
  }

  clock(c) {
    const stops = c.clockStops.map((s) => el("li", {}, `${s.reason}：${s.from} 起` + (s.to ? `，${s.to} 恢复` : "，停表中")));
    let control = null;
    if (c.state === "accepted") {
      const reason = el("input", { required: true, autocomplete: "off", placeholder: "如：听证、鉴定、补正" });
      control = form("停止计时", "停止计时", field("suspend-reason", "停止计时理由", reason));
      control.addEventListener("submit", (e) => { e.preventDefault(); this.act("suspend", { reason: reason.value.trim() }, `已停止计时：${reason.value.trim()}`); });
    } else if (c.state === "suspended") {
      control = el("p", {}, el("button", { type: "button", class: "action", onclick: () => this.act("resume", {}, "已恢复计时") }, "恢复计时"));
    }
    return el("section", { class: "panel", id: "clock" }, el("h3", {}, "计时与停表"),
      stops.length ? el("ul", { id: "clock-stops" }, stops) : el("p", {}, "无停表记录。"), control);
  }

  item(c, s) {
    const p = "item-" + s.itemID;
    const steps = s.steps.map((st) => el("li", {}, `${st.name}：${st.opinion}（${this.who(st.handler)}，${time(st.at)}）`));
    const open = ["accepted", "suspended"].includes(c.state) && !s.result;
    const section = el("section", { class: "panel item", dataset: { item: s.itemID } },
      el("h3", {}, `本部门事项：${s.itemName}`),
      steps.length ? el("ol", { class: "steps" }, steps) : el("p", {}, "尚无办理环节。"),
      s.result ? el("p", { class: "result" }, `办理结果：${s.result.outcome === "granted" ? "准予办理" : "不予办理"}——${s.result.opinion}`
        + (s.result.certificate ? `（证照：${s.result.certificate}）` : "")) : null);
    if (!open) return section;

    const stepName = el("input", { required: true, list: p + "-names", value: STEP_NAMES[0], autocomplete: "off" });
    const stepOpinion = el("textarea", { required: true, rows: 2 });
    const step = form("记录办理环节", "记录环节", field(p + "-step", "环节", stepName),
      el("datalist", { id: p + "-names" }, STEP_NAMES.map((n) => el("option", { value: n }))), field(p + "-opinion", "办理意见", stepOpinion));
    step.addEventListener("submit", (e) => {
      e.preventDefault();
      this.act("step", { itemID: s.itemID, name: stepName.value.trim(), opinion: stepOpinion.value.trim() }, `已记录环节：${stepName.value.trim()}`);
    });

    // 上报件: the department sends the item up to the higher-level authority; kept as a step.
    const to = el("input", { required: true, autocomplete: "off", placeholder: "如：市人力资源和社会保障局" });
    const why = el("textarea", { required: true, rows: 2 });
    const escalate = form("上报上级部门", "上报", field(p + "-to", "上报至", to), field(p + "-why", "上报理由", why));
    escalate.addEventListener("submit", (e) => {
      e.preventDefault();
      this.act("step", { itemID: s.itemID, name: "上报", opinion: `上报至${to.value.trim()}：${why.value.trim()}` }, `已上报至${to.value.trim()}`);
    });

    section.append(step, escalate);
    if (c.state !== "accepted") {
      section.append(el("p", { class: "note" }, "停表期间不能出具办理结果，请先恢复计时。"));
      return section;
    }
    const outcome = el("select", {}, el("option", { value: "granted" }, "准予办理"), el("option", { value: "refused" }, "不予办理"));
    const opinion = el("textarea", { required: true, rows: 2 });
    const certificate = el("input", { autocomplete: "off", placeholder: "如：社会保障卡" });
    const result = form("记录办理结果", "记录结果", field(p + "-outcome", "办理结果", outcome), field(p + "-result-opinion", "结果意见", opinion),
      field(p + "-certificate", "证照名称（可不填）", certificate));
    result.addEventListener("submit", (e) => {
      e.preventDefault();
      this.act("result", { itemID: s.itemID, outcome: outcome.value, opinion: opinion.value.trim(), certificate: certificate.value.trim() || undefined },
        `已记录办理结果：${outcome.selectedOptions[0].textContent}`);
    });
    section.append(result);
    return section;
  }

  materials(c) {
    const pages = el("ul", { class: "pages", id: "pages" }, el("li", {}, "正在读取扫描页…"));
    this.loadPages(c, pages);
    return el("section", { class: "panel" }, el("h3", {}, "材料与扫描页"),
      el("ul", { id: "materials" }, c.materials.map((m) => el("li", {}, `${m.name}：${MATERIAL_STATES[m.status] ?? m.status}` + (m.note ? `（${m.note}）` : "")))),
      el("p", { class: "note" }, "扫描页含申请人个人信息，仅在点击查看时显示，每次查看均记入审计。"), pages);
  }

  async loadPages(c, list) {
    try {
      const names = Object.fromEntries(c.materials.map((m) => [m.materialID, m.name]));
      const { pages } = await api(`/api/v1/cases/${encodeURIComponent(c.number)}/pages`);
      show(list, pages.length ? pages.map((pg) => {
        const label = `${names[pg.materialID] ?? pg.materialID} 第 ${pg.pageNumber} 页`;
        const item = el("li", { dataset: { page: pg.id } }, `${label}（${pg.width}×${pg.height}，${time(pg.capturedAt)}）`);
        item.append(el("button", { type: "button", class: "plain", onclick: () => this.viewPage(pg, label, item) }, `查看${label}`));
        return item;
      }) : [el("li", {}, "尚无扫描页。")]);
    } catch (e) {
      show(list, el("li", { class: "error" }, "扫描页暂不可用：" + e.message));
    }
  }

  /** The image through the audited route, as a blob: it is never cached nor kept in a URL. */
  async viewPage(page, label, item) {
    await this.viewImage(`/api/v1/pages/${encodeURIComponent(page.id)}/image`, `${label}扫描件`, label, item);
  }

  async viewImage(path, alt, label, item) {
    const res = await fetch(path, { credentials: "same-origin" });
    if (!res.ok) {
      const body = await res.json().catch(() => ({}));
      this.say(`无法查看${label}：${body.error?.message ?? res.statusText}`, true);
      return;
    }
    const url = URL.createObjectURL(await res.blob());
    item.querySelector("figure")?.remove();
    const img = el("img", { class: "page-image", alt, src: url });
    img.addEventListener("load", () => URL.revokeObjectURL(url));
    item.append(el("figure", {}, img, el("figcaption", {}, `${label}（本次查看已记入审计）`)));
    this.say(`已打开${label}，本次查看已记入审计。`);
  }

  /** Each document opens as its paper looks (the audited preview). */
  documents(c) {
    const list = el("ul", { id: "documents" }, c.documents.length ? c.documents.map((d) => {
      const item = el("li", { dataset: { document: d.id } }, `${d.title} ${d.number}（${time(d.issuedAt)}）`, " ");
      item.append(el("button", { type: "button", class: "small", onclick: () => this.viewImage(
        `/api/v1/cases/${encodeURIComponent(c.number)}/documents/${encodeURIComponent(d.id)}/preview.png`,
        `${d.title}（纸面预览）`, d.title, item) }, `查看 ${d.title}`));
      return item;
    }) : [el("li", {}, "尚无文书。")]);
    return el("section", { class: "panel" }, el("h3", {}, "文书"), list);
  }

  history(c) {
    return el("section", { class: "panel" }, el("h3", {}, "办理记录"),
      el("ol", { class: "history", id: "history" }, c.history.map((h) => el("li", {},
        `${time(h.at)} ${ACTIONS[h.action] ?? h.action}（${this.who(h.by)}）` + (h.detail ? `：${h.detail}` : "")))));
  }
}
