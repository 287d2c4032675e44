// The applicant at the window console (R4 shared data first, R8 confidentiality): the card
// on the window's reader as the server masks it (/card), with its validity flagged; 显示 is
// the audited full read (the server records each one), 隐藏 forgets it again.
import { api, el, show } from "/hall.js";

const $ = (id) => document.getElementById(id);

/** The flag of a card's `cardValidity`. */
function validityFlag(v) {
  if (!v) return null;
  if (v.state === "expired") {
    return el("p", { id: "card-flag", class: "flag expired", role: "alert", dataset: { validity: "expired" } },
      el("strong", {}, "有效期已过"), `：证件有效期至 ${v.validUntil}，已过期 ${-v.daysLeft} 天。请申请人出示有效证件。`);
  }
  if (v.state === "expiring") {
    return el("p", { id: "card-flag", class: "flag expiring", role: "alert", dataset: { validity: "expiring" } },
      el("strong", {}, "即将到期"), `：证件有效期至 ${v.validUntil}，还剩 ${v.daysLeft} 天，请提醒申请人及时换领。`);
  }
  return el("p", { id: "card-flag", class: "flag valid", dataset: { validity: "valid" } },
    v.longTerm ? "证件长期有效" : `证件在有效期内（至 ${v.validUntil}）`);
}

export class ApplicantPanel {
  /** ctx: windowID(), caseNumber() (the open case when it has an applicant), onCard(), say(text, failed). */
  constructor(ctx) {
    this.ctx = ctx;
    this.card = null;          // masked fields only
    this.caseApplicant = null; // the case's masked applicant line
    this.full = null;          // label/value rows of the last reveal, until 隐藏
    $("read-card").addEventListener("click", () => this.read());
    $("reveal").addEventListener("click", () => (this.full ? this.hide() : this.reveal()));
    this.render();
  }

  hasCard() { return this.card !== null; }

  clear() { this.card = null; this.caseApplicant = null; this.full = null; this.render(); }

  showCaseApplicant(masked) { this.caseApplicant = masked; this.render(); }

  windowPath() { return `/api/v1/windows/${encodeURIComponent(this.ctx.windowID())}/applicant`; }

  async read() {
    try {
      // The masked card: the full data is 显示's, read (and audited) again each time.
      const a = await api(`/api/v1/windows/${encodeURIComponent(this.ctx.windowID())}/card`);
      this.card = { cardTypeName: a.cardTypeName, maskedName: a.maskedName,
                    maskedNumber: a.maskedNumber, age: a.age, validity: a.cardValidity ?? null };
      this.full = null;
      this.ctx.onCard();
      this.ctx.say(`已读取${a.cardTypeName}`);
    } catch (e) {
      this.ctx.say(e.code === "no_card" ? "读卡器上没有证件：请申请人将身份证放在读卡器上，再按 读取身份证"
        : "读取身份证未成功：" + e.message, true);
    }
    this.render();
  }

  async reveal() {
    const number = this.ctx.caseNumber();
    try {
      if (number) {
        const a = await api(`/api/v1/cases/${encodeURIComponent(number)}/applicant`);
        this.full = [["姓名", a.name], ["证件号码", a.idNumber], ["联系电话", a.phone]];
      } else {
        const a = await api(this.windowPath());
        const i = a.identity;
        this.full = [["证件", a.cardTypeName], ["姓名", i.name || i.englishName], ["证件号码", i.number], ["住址", i.address],
                     ["有效期限", `${i.validFrom ?? ""} 至 ${i.validTo}`]];
      }
      this.ctx.say("已显示申请人完整信息，本次查看已记录");
    } catch (e) {
      this.ctx.say("未能显示完整信息：" + (e.code === "no_card" ? "读卡器上已没有证件" : e.message), true);
    }
    this.render();
  }

  hide() { this.full = null; this.render(); }

  render() {
    const box = $("card");
    let rows = [];
    if (this.full) rows = this.full;
    else if (this.card) rows = [["证件", this.card.cardTypeName], ["姓名", this.card.maskedName], ["证件号码", this.card.maskedNumber], ["年龄", `${this.card.age} 岁`]];
    else if (this.caseApplicant) rows = [["申请人", this.caseApplicant]];
    box.dataset.shown = this.full ? "full" : rows.length ? "masked" : "none";
    show(box,
      rows.length ? el("dl", { class: "pairs" }, rows.filter(([, v]) => v).flatMap(([k, v]) => [el("dt", {}, k), el("dd", {}, v)])) :
        el("p", { class: "idle" }, "请申请人将身份证放在窗口读卡器上，再按 读取身份证。"),
      validityFlag(this.card?.validity));
    const reveal = $("reveal");
    reveal.hidden = !(this.card || this.caseApplicant);
    reveal.textContent = this.full ? "隐藏" : "显示";
    reveal.setAttribute("aria-expanded", this.full ? "true" : "false");
  }
}
