// 统一收费 at the window console (seed 004 §9.6): the case's charged items with their amount
// and when each is due; for one not yet paid, the method and the terminal's or platform's
// reference, then 收费 — the catalog's amount is taken, never one typed; the receipt
// (收费凭证) prints at this window. A paid one shows its receipt number.
import { api, el } from "/hall.js";

const METHODS = [["cash", "现金"], ["bankCard", "银行卡（POS）"], ["wechatPay", "微信支付"], ["alipay", "支付宝"], ["unionPay", "云闪付"]];
const DUE = { acceptance: "受理前收取", handOver: "出件前收取" };
const yuan = (fen) => `${Math.floor(fen / 100)}.${String(fen % 100).padStart(2, "0")} 元`;

/**
 * The fees box of a case: nothing when no item charges a fee.
 * `paid(answer)` is called with the recorded payment, its receipt and how it printed.
 */
export async function feesBox(number, open, paid) {
  const view = await api(`/api/v1/cases/${encodeURIComponent(number)}/fees`);
  if (!view.fees.length) return null;
  return [el("h3", {}, "收费（统一收费）"), el("ul", { id: "fees", class: "fees" }, view.fees.map((f) => {
    const head = el("span", {}, `${f.itemName} · ${yuan(f.amountFen)} · ${DUE[f.due] ?? f.due}`);
    if (f.paid) return el("li", { dataset: { fee: f.itemID, paid: "true" } }, head, el("span", { class: "note" }, ` 已收，凭证 ${f.paid.receiptNumber}`));
    if (!open) return el("li", { dataset: { fee: f.itemID } }, head, el("span", { class: "note" }, " 未收"));
    const method = el("select", { id: `fee-method-${f.itemID}`, "aria-label": `${f.itemName} 支付方式` },
      METHODS.map(([value, name]) => el("option", { value }, name)));
    const reference = el("input", { id: `fee-reference-${f.itemID}`, "aria-label": `${f.itemName} 交易参考号`, placeholder: "交易参考号（现金不填）" });
    const take = el("button", { type: "button", class: "plain", dataset: { take: f.itemID } }, `收费 ${yuan(f.amountFen)}`);
    take.addEventListener("click", async () => {
      take.disabled = true;
      try {
        const body = { itemID: f.itemID, amountFen: f.amountFen, method: method.value };
        if (reference.value.trim()) body.reference = reference.value.trim();
        paid(await api(`/api/v1/cases/${encodeURIComponent(number)}/payments`, { method: "POST", body }), null);
      } catch (e) {
        paid(null, e);
      } finally {
        take.disabled = false;
      }
    });
    return el("li", { dataset: { fee: f.itemID } }, head, method, reference, take);
  }))];
}
