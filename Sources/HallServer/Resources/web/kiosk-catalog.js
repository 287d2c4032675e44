// What the kiosk knows of the hall: its name, the catalog shaped for browsing (life events,
// departments, the pinyin index) and the queues. Public, the same for every citizen, so it
// stays across the resets that wipe a citizen's traces.
import { api } from "/hall.js";
import { searchIndex, byPinyin } from "/kiosk-search.js";

export async function loadHall() {
  const [about, bundles, items, queues] = await Promise.all([api("/api/v1/hall"), api("/api/v1/catalog/bundles"),
    api("/api/v1/catalog/items"), api("/api/v1/queues")]);
  const departments = new Map();
  for (const item of items.items) departments.set(item.department, [...(departments.get(item.department) ?? []), item]);
  return {
    name: about.hallName, complaintPhone: about.complaintPhone ?? "",
    bundles: bundles.bundles, items: items.items, queues: queues.queues,
    departments: [...departments].sort((a, b) => byPinyin(a[0], b[0])),
    search: searchIndex([...bundles.bundles.map((b) => ({ kind: "bundle", id: b.id, name: b.name })),
                         ...items.items.map((item) => ({ kind: "item", id: item.id, name: item.name, item }))]),
  };
}

/** Today's queues with their waiting counts. */
export async function loadQueues() { return (await api("/api/v1/queues")).queues; }
