// The booking page's words: dates and times in the hall's zone, and each refusal of the
// hall (its stable code) as a sentence for the citizen.

const WEEKDAYS = ["周日", "周一", "周二", "周三", "周四", "周五", "周六"];

/** `2026-12-08` → `12月8日 周二`, with 今天 / 明天 for the first two days. */
export function dayLabel(date, today) {
  const utc = (text) => { const [y, m, d] = text.split("-").map(Number); return Date.UTC(y, m - 1, d); };
  const [, m, d] = date.split("-").map(Number);
  const weekday = WEEKDAYS[new Date(utc(date)).getUTCDay()];
  const offset = Math.round((utc(date) - utc(today)) / 86400000);
  return `${m}月${d}日 ${weekday}` + (offset === 0 ? "（今天）" : offset === 1 ? "（明天）" : "");
}

/** An instant as `09:30` in the hall's time zone. */
export function clock(iso, timeZone) {
  return new Intl.DateTimeFormat("zh-CN", { hour: "2-digit", minute: "2-digit", hourCycle: "h23", timeZone }).format(new Date(iso));
}

/** `2026-12-08` as `2026年12月8日`. */
export function longDay(date) {
  const [y, m, d] = date.split("-").map(Number);
  return `${y}年${m}月${d}日`;
}

const found = (message, pattern) => (message ?? "").match(pattern)?.[0];
const DAY = /\d{4}-\d{2}-\d{2}/;
const SLOT = /\d{2}:\d{2}-\d{2}:\d{2}/;

/**
 * A refused booking in words: `{field, text}` where field names the input at fault
 * (`slot` sends the citizen back to the slots).
 */
export function refusal(error) {
  switch (error.code) {
    case "slot_full": return { field: "slot", text: "您选的时段刚刚约满，请选择其他时段。" };
    case "slot_closed": return { field: "slot", text: "您选的时段已停止预约，请选择其他时段。" };
    case "already_booked": {
      const day = found(error.message, DAY), slot = found(error.message, SLOT);
      return { field: "form", text: `该证件已预约过此事项${day ? `（${longDay(day)}${slot ? " " + slot : ""}）` : ""}，每个证件每个事项只能有一个预约。如需改约，请先取消原预约。` };
    }
    case "invalid_id_number": return { field: "id-number", text: "证件号码不正确，请核对后重新填写。" };
    case "booking_blocked": {
      const day = found(error.message, DAY);
      return { field: "form", text: `因多次预约未到，暂时不能预约${day ? `，${longDay(day)}起可再次预约` : ""}。不预约也可直接到大厅取号办理。` };
    }
    case "rate_limited": case "http_429": return { field: "form", text: "操作太频繁，请一分钟后再试。" };
    case "not_found": return { field: "slot", text: "此事项暂不能预约，请重新选择。" };
    default:
      if (error.status === 429) return { field: "form", text: "操作太频繁，请一分钟后再试。" };
      return { field: "form", text: `暂时无法预约：${error.message}` };
  }
}
