// Search by tapping (no keyboard at the kiosk): the pinyin initials of a service's name.
// The initial of a Chinese character comes from the browser's own pinyin collation (ICU):
// a character sorts at or after the first character of its initial's block. No pinyin
// table is shipped.

const collator = new Intl.Collator("zh-Hans-CN-u-co-pinyin", { sensitivity: "base" });
// The first character of each initial in the pinyin order (I, U and V start no syllable).
const FIRST = "吖八嚓咑妸发旮哈丌咔垃呣拏噢妑七呥仨他屲夕丫帀";
export const LETTERS = "ABCDEFGHJKLMNOPQRSTWXYZ";

function initialOf(ch) {
  if (/[A-Za-z0-9]/.test(ch)) return ch.toUpperCase();
  if (!/\p{Script=Han}/u.test(ch)) return "";
  let letter = "";
  for (let i = 0; i < FIRST.length && collator.compare(ch, FIRST[i]) >= 0; i++) letter = LETTERS[i];
  return letter;
}

/** `社会保障卡申领` → `SHBZKSL`. */
export function initials(text) { return [...text].map(initialOf).join(""); }

/**
 * The entries whose name's initials contain `typed`, those starting with it first.
 * `entries` are {name, ...}; each gets its initials computed once.
 */
export function searchIndex(entries) {
  const index = entries.map((entry) => ({ entry, key: initials(entry.name) }));
  return {
    find(typed) {
      if (!typed) return [];
      const hits = index.filter((e) => e.key.includes(typed));
      hits.sort((a, b) => (b.key.startsWith(typed) - a.key.startsWith(typed)) || collator.compare(a.entry.name, b.entry.name));
      return hits.map((e) => e.entry);
    },
    /** Whether typing `letter` next still finds something. */
    leadsSomewhere(typed, letter) { return index.some((e) => e.key.includes(typed + letter)); },
  };
}

export const byPinyin = (a, b) => collator.compare(a, b);
