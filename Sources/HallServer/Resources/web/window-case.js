// The case at the window console (R4): opened from the called ticket, the merged materials
// list line by line with pages captured at the window's document camera, the merged form
// (masked until the clerk opens it: an audited read), the decision (window-decision.js) and
// the documents it issued, previewed as the paper looks and reprinted at the window.
import { api, el, show } from "/hall.js";
import { decisionForm, printedText } from "/window-decision.js";
import { feesBox } from "/window-fees.js";

const $ = (id) => document.getElementById(id);
export const STATUS = {
  pending: "待核验", present: "已收取", missing: "缺少", flawed: "需补正", dataSharing: "共享获取",
  producedInBundle: "联办产生", pledged: "容缺待补",
};
const SOURCE = { idCard: "身份证", earlierCase: "往次办件", applicant: "申请人填写" };
const CHECKABLE = ["pending", "present", "missing", "flawed"];
const FINAL = ["completed", "refused", "withdrawn", "lapsed"];

/** An inline question in `box`: resolves to the text given, or null when cancelled. */
function ask(box, label, value, confirm) {
  return new Promise((resolve) => {
    const id = "ask-" + Math.random().toString(36).slice(2);
    const input = el("input", { id, value, required: true });
    const form = el("form", { class: "ask row" }, el("label", { for: id }, label), input,
      el("button", { type: "submit", class: "action small" }, confirm),
      el("button", { type: "button", class: "plain", onclick: () => { form.remove(); resolve(null); } }, "取消"));
    form.addEventListener("submit", (e) => { e.preventDefault(); form.remove(); resolve(input.value.trim()); });
    box.append(form);
    input.focus();
  });
}

export class CasePanel {
  /** ctx: windowID(), ticket(), cardRead(), say(text, failed), onApplicant(masked). */
  constructor(ctx) {
    this.ctx = ctx;
    this.case = null;
    this.pages = [];
    this.images = new Map();  // page id → its <img>, fetched once (each view is audited)
    this.printed = new Map(); // document id → how its printing went
    this.ticketID = null;
    this.catalog = null;
    this.ticketChanged(null);
  }

  /** A card read before the case is opened becomes its applicant, unless the clerk unticks it. */
  cardWasRead() {
    const box = document.getElementById("from-reader");
    if (box) box.checked = true;
  }

  caseWithApplicant() { return this.case?.applicant ? this.case.number : null; }

  path(suffix = "") { return `/api/v1/cases/${encodeURIComponent(this.case.number)}${suffix}`; }

  async ticketChanged(ticket) {
    if (ticket?.id === this.ticketID) return;
    this.ticketID = ticket?.id ?? null;
    this.case = null; this.pages = []; this.images.clear(); this.printed.clear();
    $("case-body").hidden = true;
    $("preview-box").hidden = true;
    const known = ticket && sessionStorage.getItem("onevisit.case." + ticket.id);
    if (known) {
      try { await this.load(known); return; } catch { sessionStorage.removeItem("onevisit.case." + ticket.id); }
    }
    await this.renderOpen(ticket);
  }

  async renderOpen(ticket) {
    const box = $("case-open");
    if (!ticket || !["called", "serving"].includes(ticket.state)) {
      show(box, el("p", { class: "idle" }, "叫号后，为当前申请人建立办件。"));
      return;
    }
    const parts = [];
    if (!ticket.bundle && !ticket.item) {
      this.catalog ??= await Promise.all([api("/api/v1/catalog/bundles"), api("/api/v1/catalog/items")]);
      const [bundles, items] = this.catalog;
      parts.push(el("label", { for: "case-service" }, "办理事项"), el("select", { id: "case-service" },
        el("optgroup", { label: "一件事" }, bundles.bundles.map((b) => el("option", { value: "bundle:" + b.id }, b.name))),
        el("optgroup", { label: "单个事项" }, items.items.map((i) => el("option", { value: "item:" + i.id }, `${i.name}（${i.department}）`)))));
    }
    parts.push(el("label", { class: "check" }, el("input", { type: "checkbox", id: "from-reader", checked: this.ctx.cardRead() }),
      " 以窗口读卡器上的身份证为申请人"));
    parts.push(el("button", { type: "button", id: "open-case", class: "action", onclick: () => this.open(ticket) }, "建立办件"));
    show(box, el("p", {}, `为 ${ticket.number}${ticket.serviceName ? " " + ticket.serviceName : ""} 建立办件：`), el("div", { class: "row" }, parts));
  }

  async open(ticket) {
    const body = { ticketID: ticket.id };
    if (ticket.bundle) body.bundleID = ticket.bundle;
    else if (ticket.item) body.itemID = ticket.item;
    else {
      const [kind, id] = $("case-service").value.split(":");
      body[kind === "bundle" ? "bundleID" : "itemID"] = id;
    }
    if ($("from-reader").checked) body.applicantFromReader = true;
    try {
      const c = await api("/api/v1/cases", { method: "POST", body });
      sessionStorage.setItem("onevisit.case." + ticket.id, c.number);
      this.ctx.say(`已建立办件 ${c.number}`);
      await this.load(c.number, c);
    } catch (e) {
      this.ctx.say(e.code === "no_card" ? "建立办件未成功：读卡器上没有身份证（读取后一分钟内有效），请重新放卡或取消勾选"
        : "建立办件未成功：" + e.message, true);
    }
  }

  async load(number, view) {
    this.case = view ?? await api(`/api/v1/cases/${encodeURIComponent(number)}`);
    this.pages = (await api(this.path("/pages"))).pages;
    this.render();
  }

  /** After an action answered with the case view. */
  async changed(view, text) {
    this.case = view;
    for (const [i, d] of (view.issued ?? []).entries()) if (view.printed?.[i]) this.printed.set(d.id, view.printed[i]);
    this.pages = (await api(this.path("/pages"))).pages;
    this.render();
    if (text) this.ctx.say(text);
  }

  render() {
    const c = this.case;
    show($("case-open"));
    $("case-body").hidden = false;
    show($("case-head"), el("strong", { id: "case-number" }, c.number), ` ${c.title} · `,
      el("span", { id: "case-state", dataset: { state: c.state } }, c.stateName), ` · ${c.caseTypeName} · 牵头部门 ${c.leadDepartment}`,
      c.deadline.promisedDue ? ` · 承诺办结 ${c.deadline.promisedDue}` : null);
    if (c.applicant) this.ctx.onApplicant(c.applicant);
    show($("checklist"), c.materials.map((m) => this.line(m)));
    this.renderForm(false);
    show($("decision-box"), c.state === "received" ? [el("h3", {}, "受理决定"), decisionForm(c, (body) => this.decide(body))] : null);
    show($("documents"), c.documents.length ? c.documents.map((d) => this.documentLine(d)) : el("li", { class: "idle" }, "尚未出具文书"));
    this.renderFees(c);
  }

  /** The fees of the case (统一收费); a payment reloads the case, so its receipt is listed. */
  async renderFees(c) {
    const open = !["completed", "refused", "withdrawn", "lapsed"].includes(c.state);
    try {
      show($("fees-box"), await feesBox(c.number, open, async (answer, error) => {
        if (error) return this.ctx.say("收费未成功：" + error.message, true);
        this.printed.set(answer.receipt.id, answer.printed);
        await this.load(c.number);
        this.ctx.say(`已收 ${answer.receipt.title} ${answer.payment.receiptNumber}${printedText(answer.printed)}`, answer.printed?.state === "failed");
      }));
    } catch (e) {
      show($("fees-box"), el("p", { class: "error" }, "收费信息暂不可用：" + e.message));
    }
  }

  line(m) {
    const open = ["received", "awaitingCorrection"].includes(this.case.state);
    const actions = el("div", { class: "line-actions" });
    if (open && CHECKABLE.includes(m.status)) {
      const mark = (status, verb) => el("button", { type: "button", class: "plain", "aria-label": `${m.name}：${verb}`,
                                                     onclick: () => this.mark(m, status, actions) }, verb);
      actions.append(mark("present", "收取"), mark("missing", "缺少"), mark("flawed", "需补正"));
    }
    if (!["dataSharing", "producedInBundle"].includes(m.status) && !FINAL.includes(this.case.state)) {
      actions.append(el("button", { type: "button", class: "plain", "aria-label": `${m.name}：拍摄`, onclick: () => this.capture(m) }, "拍摄"));
    }
    const pages = this.pages.filter((p) => p.materialID === m.materialID && p.state === "active");
    return el("li", { dataset: { material: m.materialID, status: m.status } },
      el("div", { class: "line-head" },
        el("span", { class: "name" }, m.name),
        el("span", { class: "tag" }, m.key ? "主要材料" : "可容缺"),
        el("span", { class: "status " + m.status }, STATUS[m.status] ?? m.status),
        m.note ? el("span", { class: "note" }, m.note) : null),
      actions,
      pages.length ? el("div", { class: "pages" }, pages.map((p) => this.pageFigure(m, p))) : null);
  }

  pageFigure(m, p) {
    if (!this.images.has(p.id)) {
      this.images.set(p.id, el("img", { src: `/api/v1/pages/${encodeURIComponent(p.id)}/image`, alt: `${m.name} 第 ${p.pageNumber} 页`,
                                        class: "page", onclick: (e) => e.target.classList.toggle("large") }));
    }
    const figure = el("figure", { dataset: { page: p.id } }, this.images.get(p.id),
      el("figcaption", {}, `第 ${p.pageNumber} 页 `,
        el("button", { type: "button", class: "plain", "aria-label": `移除 ${m.name} 第 ${p.pageNumber} 页`,
                       onclick: () => this.removePage(m, p, figure) }, "移除")));
    return figure;
  }

  async mark(m, status, box) {
    let note;
    if (status === "flawed") {
      note = await ask(box, `${m.name}的问题`, "", "确认");
      if (note === null) return;
    }
    try {
      const view = await api(this.path("/materials"), { method: "POST", body: { checks: [{ materialID: m.materialID, status, note: note || undefined }] } });
      await this.changed(view, `${m.name}：${STATUS[status]}`);
    } catch (e) { this.ctx.say(`${m.name} 未能标记：${e.message}`, true); }
  }

  async capture(m) {
    try {
      this.ctx.say(`正在拍摄 ${m.name}…`);
      const captured = await api(this.path("/pages"), { method: "POST", body: { material: m.materialID } });
      await this.load(this.case.number);
      this.ctx.say(`已拍摄 ${m.name} 第 ${captured.page.pageNumber} 页（${captured.page.width}×${captured.page.height}）`);
    } catch (e) { this.ctx.say(`拍摄未成功：${e.message}`, true); }
  }

  async removePage(m, p, figure) {
    const reason = await ask(figure, "移除原因", "", "确认移除");
    if (!reason) return;
    try {
      await api(`/api/v1/pages/${encodeURIComponent(p.id)}/remove`, { method: "POST", body: { reason } });
      this.images.delete(p.id);
      await this.load(this.case.number);
      this.ctx.say(`已移除 ${m.name} 第 ${p.pageNumber} 页：${reason}`);
    } catch (e) { this.ctx.say(`未能移除：${e.message}`, true); }
  }

  /** The form masked as the case view carries it, or in full for filling in (audited). */
  async renderForm(full) {
    const box = $("form-box");
    let fields = this.case.form;
    if (full) {
      try { fields = (await api(this.path("/form"))).form; } catch (e) { this.ctx.say("未能打开申请表：" + e.message, true); return; }
    }
    const editable = ["received", "awaitingCorrection", "accepted", "suspended"].includes(this.case.state);
    const source = (f) => f.source ? el("span", { class: "tag" }, SOURCE[f.source] ?? f.source) : null;
    if (!full) {
      show(box, el("dl", { class: "pairs form", id: "form-fields" }, fields.flatMap((f) => [
        el("dt", {}, f.label), el("dd", { dataset: { field: f.fieldID } }, f.value ?? "（待填写）", " ", source(f))])),
        editable ? el("button", { type: "button", id: "open-form", class: "plain", onclick: () => this.renderForm(true) }, "显示并填写申请表") : null);
      return;
    }
    const inputs = fields.map((f, i) => el("input", { id: "field-" + i, value: f.value ?? "", dataset: { field: f.fieldID, was: f.value ?? "" } }));
    const form = el("form", { class: "pairs form", id: "form-edit" }, fields.flatMap((f, i) => [
      el("label", { for: "field-" + i }, f.label), el("span", {}, inputs[i], " ", source(f))]),
      el("div", { class: "row" }, el("button", { type: "submit", class: "action small" }, "保存申请表"),
        el("button", { type: "button", class: "plain", onclick: () => this.renderForm(false) }, "收起")));
    form.addEventListener("submit", async (e) => {
      e.preventDefault();
      const values = Object.fromEntries(inputs.filter((i) => i.value !== i.dataset.was).map((i) => [i.dataset.field, i.value]));
      if (Object.keys(values).length === 0) { this.renderForm(false); return; }
      try { await this.changed(await api(this.path("/form"), { method: "POST", body: { values } }), "申请表已保存"); }
      catch (err) { this.ctx.say("申请表未保存：" + err.message, true); }
    });
    show(box, form);
    inputs[0]?.focus();
  }

  async decide(body) {
    try {
      const view = await api(this.path("/decision"), { method: "POST", body });
      const issued = (view.issued ?? []).map((d, i) => `${d.title}${printedText(view.printed?.[i])}`).join("、");
      await this.changed(view, `${view.stateName}。${issued ? "已出具：" + issued : ""}`);
    } catch (e) { this.ctx.say("决定未提交：" + e.message, true); }
  }

  documentLine(d) {
    const outcome = this.printed.get(d.id);
    return el("li", { dataset: { document: d.id, kind: d.kind } },
      el("span", { class: "name" }, `${d.title} ${d.number}`),
      outcome ? el("span", { class: "note" }, printedText(outcome)) : null,
      el("button", { type: "button", class: "plain", "aria-label": `预览 ${d.title}`, onclick: () => this.preview(d) }, "预览"),
      el("button", { type: "button", class: "plain", "aria-label": `补打 ${d.title}`, onclick: () => this.reprint(d) }, "补打"));
  }

  preview(d) {
    $("preview").src = this.path(`/documents/${encodeURIComponent(d.id)}/preview.png`);
    $("preview").alt = `${d.title} ${d.number} 的打印预览`;
    $("preview-caption").textContent = `${d.title}（打印预览，80 毫米热敏纸）`;
    $("preview-box").hidden = false;
  }

  async reprint(d) {
    try {
      const outcome = await api(this.path(`/documents/${encodeURIComponent(d.id)}/print`), { method: "POST" });
      this.printed.set(d.id, outcome);
      this.render();
      this.ctx.say(`${d.title} 补打${printedText(outcome)}`, outcome.state === "failed");
    } catch (e) { this.ctx.say("补打未成功：" + e.message, true); }
  }
}
