// Technician page (R8): every device and what is wrong with it, one test action per device
// through its own driver (real or simulated alike), and, only with --simulate, the controls
// of the simulated devices. Behind technician sign-in; a card read comes back masked and a
// camera frame only as a thumbnail.
import { api, el, show, signedIn } from "/hall.js";

const $ = (id) => document.getElementById(id);
const enc = encodeURIComponent;
/** Seconds a test waits for the technician at the device. */
const WAIT = 15;
const SAMPLES = [["elderly-resident", "老年居民身份证"], ["resident", "居民身份证"], ["residence-permit", "港澳台居民居住证"],
                 ["foreign-2017", "外国人永居证（2017版）"], ["foreign-2023", "外国人永居证（2023版）"], ["expired-resident", "过期居民身份证"]];
const LEVELS = [[5, "非常满意"], [4, "满意"], [3, "基本满意"], [2, "不满意"], [1, "非常不满意"]];
const post = (path, body) => api(path, { method: "POST", body });

const KINDS = {
  printers: {
    attribute: "printer", title: (p) => `打印机 ${p.id}`, simulatorID: (p) => p.id,
    facts: (p) => [["位置", p.location], ["纸宽", `${p.paperWidth} mm`], ["状态", p.problem ?? "正常", !!p.problem],
                   ["已打印", p.printed], ["失败", p.failed]],
    test: { label: "测试打印", waiting: "正在打印测试页…", run: (p) => post(`/api/v1/devices/printers/${enc(p.id)}/test-print`),
            said: (r) => r.ok ? ["测试页已打印，请取纸核对中文、二维码和切纸。"]
              : ["queued", "printing"].includes(r.outcome.state) ? ["测试页已送出，打印机尚未确认完成。"]
              : ["打印失败：" + (r.outcome.reason ?? r.outcome.code ?? r.outcome.state)] },
    simulator: [["缺纸", { paper: "out" }], ["装纸", { paper: "ok" }], ["拔出", { plugged: false }], ["插回", { plugged: true }]],
  },
  readers: {
    attribute: "reader", title: (r) => `身份证阅读器 ${r.id}`, simulatorID: (r) => r.id,
    facts: (r) => [["位置", r.location], ["状态", r.connected ? (r.cardWaiting ? "已读卡，待使用" : "正常") : r.lastError ?? "未连接", !r.connected],
                   ["安全模块", r.sam ?? "未知"], ["已读卡", r.reads], ["失败", r.failures]],
    test: { label: "读卡测试", waiting: `请在 ${WAIT} 秒内把身份证放到阅读器上…`,
            run: (r) => post(`/api/v1/devices/readers/${enc(r.id)}/read`, { seconds: WAIT }),
            said: (t) => t.ok ? [`读到${t.card.cardTypeName}：${t.card.holder}，${t.card.photo ? "含照片" : "无照片"}（仅显示部分信息）。`]
              : t.code === "no_card" ? [`${WAIT} 秒内未读到卡片。`] : ["读卡失败：" + t.problem] },
    simulator: [...SAMPLES.map(([sample, name]) => [`放${name}`, { sample }]), ["取走卡片", { remove: true }]],
  },
  keypads: {
    attribute: "keypad", title: (k) => `评价器 ${k.id}`, simulatorID: (k) => k.window,
    facts: (k) => [["接口", k.kind], ["位置", k.location], ["窗口", k.window], ["状态", k.connected ? "正常" : k.lastError ?? "未连接", !k.connected],
                   ["按键", k.presses], ["未识别", k.unmapped + (k.lastUnmapped ? `（${k.lastUnmapped}）` : "")]],
    test: { label: "评价器测试", waiting: `请在 ${WAIT} 秒内按评价器任一键…`,
            run: (k) => post(`/api/v1/devices/keypads/${enc(k.window)}/test`, { seconds: WAIT }),
            said: (t) => t.ok ? [`评价器已应答：按下“${t.levelName}”（${t.level} 级）${t.prompt === "lit" ? "，提示灯已点亮" : ""}。`]
              : [`${WAIT} 秒内未收到按键${t.prompt === "failed" ? "；提示灯未能点亮：" + t.problem : ""}。`] },
    simulator: [...LEVELS.map(([level, name]) => [`模拟按键：${name}`, { level }]), ["拔出", { plugged: false }], ["插回", { plugged: true }]],
  },
  cameras: {
    attribute: "camera", title: (c) => `高拍仪 ${c.id}`,
    facts: (c) => [["窗口", c.window], ["位置", c.location], ["状态", c.lastError ?? (c.simulated ? "模拟" : "正常"), !!c.lastError],
                   ["拍摄", c.captures], ["失败", c.failures]],
    test: { label: "拍摄测试页", waiting: "正在拍摄…", run: (c) => post(`/api/v1/devices/cameras/${enc(c.window)}/test-capture`),
            said: (t) => t.ok ? [`已拍摄 ${t.width}×${t.height}（${t.format}，${Math.round(t.bytes / 1024)} KB），画面未保存。`,
                                 el("img", { class: "preview", src: "data:image/jpeg;base64," + t.preview, width: t.previewWidth,
                                             height: t.previewHeight, alt: `${t.camera} 测试画面缩略图` })]
              : ["拍摄失败：" + t.problem] },
  },
};

const shown = new Map();  // "kind/id" → { data, facts }
let mayTest = false;

function note(text, failed = false) {
  $("note").textContent = text;
  $("note").classList.toggle("error", failed);
}

async function runTest(spec, entry, result) {
  if (result.getAttribute("aria-busy") === "true") return;
  result.setAttribute("aria-busy", "true");
  result.classList.remove("error");
  show(result, spec.test.waiting);
  try {
    const answer = await spec.test.run(entry.data);
    show(result, spec.test.said(answer));
    result.classList.toggle("error", !answer.ok);
  } catch (e) {
    show(result, `${spec.test.label}未能进行：${e.message}`);
    result.classList.add("error");
  } finally {
    result.removeAttribute("aria-busy");
    refresh().catch(() => {});
  }
}

async function simulate(kind, spec, entry, label, body) {
  try {
    await post(`/api/v1/simulator/${kind}/${enc(spec.simulatorID(entry.data))}`, body);
    note(`${spec.title(entry.data)}：已${label.replace(/^模拟/, "")}（模拟设备）`);
  } catch (e) {
    note(`${spec.title(entry.data)}：${e.message}`, true);
  }
  await refresh();
}

function card(kind, spec, device) {
  const heading = el("h3", { id: `${kind}-${device.id}-title` }, spec.title(device));
  const entry = { data: device, facts: el("dl", { class: "facts" }) };
  const result = el("p", { class: "test-result", role: "status" });
  const described = { "aria-describedby": heading.id };
  const actions = mayTest && spec.test
    ? el("p", { class: "actions" }, el("button", { type: "button", class: "test", ...described, onclick: () => runTest(spec, entry, result) }, spec.test.label))
    : null;
  // Simulated devices only exist with --simulate, so their controls show only then.
  const simulator = device.simulated && spec.simulator && mayTest
    ? el("p", { class: "simulator" }, el("span", {}, "模拟："),
        spec.simulator.map(([label, body]) => el("button", { type: "button", class: "small", ...described,
                                                            onclick: () => simulate(kind, spec, entry, label, body) }, label)))
    : null;
  shown.set(`${kind}/${device.id}`, entry);
  return el("li", { class: "device", dataset: { [spec.attribute]: device.id } }, heading, entry.facts, actions, simulator, result);
}

const mib = (bytes) => bytes === undefined || bytes === null ? "—" : `${(bytes / 1048576).toFixed(1)} MiB`;

/** The data directory: free disk, database and WAL, the last backup's age (a day or more is flagged), and the archive anchor. */
async function refreshStorage() {
  const s = await api("/api/v1/storage");
  const age = s.lastBackupAgeSeconds;
  const backup = age === undefined || age === null ? ["最近备份", "从未备份", true]
    : ["最近备份", `${Math.floor(age / 3600)} 小时前（${mib(s.lastBackupBytes)}）`, age > 26 * 3600];
  const anchor = s.archiveAnchorHeldBack
    ? ["档案锚点", `不再随档案链更新：${s.archiveAnchorHeldBack}。请用 onevisit archive verify 核查`, true]
    : ["档案锚点", "随档案链更新", false];
  show($("storage"), [["数据盘可用", mib(s.freeBytes)], ["数据库", mib(s.databaseBytes)], ["预写日志 (WAL)", mib(s.walBytes)], backup, anchor]
    .flatMap(([term, value, bad]) => [el("dt", {}, term), el("dd", { class: bad ? "error" : null, dataset: { storage: term } }, value)]));
}

async function refresh() {
  refreshStorage().catch(() => {});
  const devices = await api("/api/v1/devices");
  for (const [kind, spec] of Object.entries(KINDS)) {
    const list = $(kind);
    if (!devices[kind].length) { show(list, el("li", { class: "empty" }, "未配置。")); continue; }
    for (const device of devices[kind]) {
      let entry = shown.get(`${kind}/${device.id}`);
      if (!entry) {
        list.querySelector(".empty")?.remove();
        list.append(card(kind, spec, device));
        entry = shown.get(`${kind}/${device.id}`);
      }
      entry.data = device;
      show(entry.facts, spec.facts(device).flatMap(([term, value, bad]) => [el("dt", {}, term), el("dd", { class: bad ? "error" : null }, String(value))]));
    }
  }
}

async function start() {
  const me = await signedIn($("main"));
  mayTest = me.roles?.includes("technician");
  if (!mayTest && !me.roles?.includes("supervisor")) {
    note("设备状态页供技术人员使用，请用技术人员工号登录。", true);
    return;
  }
  $("who").textContent = `${me.name}（${mayTest ? "技术人员" : "督查，仅查看"}）`;
  await refresh();
  $("devices").hidden = false;
  setInterval(() => refresh().catch(() => {}), 3000);
}

start().catch((e) => note("设备状态暂不可用：" + e.message, true));
