// Font files for the PDF and the chart PNGs, embedded so any Unicode a user
// types renders. Looked up on the machine: DejaVu (Debian `fonts-dejavu-core`,
// wide Latin/Greek/Cyrillic/symbol coverage) for text, DejaVu Sans Mono for
// commands, and a CJK fallback when one is installed (Debian
// `fonts-droid-fallback` or `fonts-wqy-microhei`). Without DejaVu the PDF uses
// the built-in Helvetica (Latin-1 only). Set EXPORT_FONT_DIR to add a
// directory that is searched first.
import { existsSync } from "node:fs";
import path from "node:path";

export type TFontFiles = {
  regular: string | null;
  bold: string | null;
  mono: string | null;
  /** Tried for glyphs the main font lacks (CJK). TrueType/OpenType files only. */
  fallbacks: string[];
};

const DIRS = ["/usr/share/fonts/truetype/dejavu", "/usr/share/fonts/dejavu", "/usr/share/fonts/TTF", "/usr/local/share/fonts", "/Library/Fonts"];
const CJK = [
  "/usr/share/fonts/truetype/droid/DroidSansFallbackFull.ttf",
  "/usr/share/fonts/truetype/wqy/wqy-microhei.ttc",
  "/usr/share/fonts/truetype/arphic/uming.ttc",
];

function find(name: string): string | null {
  const dirs = [process.env.EXPORT_FONT_DIR, ...DIRS].filter((d): d is string => !!d);
  for (const dir of dirs) {
    const file = path.join(dir, name);
    if (existsSync(/*turbopackIgnore: true*/ file)) return file;
  }
  return null;
}

let cached: TFontFiles | null = null;

export function findFontFiles(): TFontFiles {
  cached ??= {
    regular: find("DejaVuSans.ttf"),
    bold: find("DejaVuSans-Bold.ttf"),
    mono: find("DejaVuSansMono.ttf"),
    fallbacks: CJK.filter((f) => f.endsWith(".ttf") && existsSync(/*turbopackIgnore: true*/ f)),
  };
  return cached;
}
