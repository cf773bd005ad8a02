// SVG chart → PNG with resvg (native, listed in next.config.ts
// serverExternalPackages). Fonts come from the same files as the PDF, so the
// PNG looks the same on every machine; system fonts are only scanned when
// none is found.
import { Resvg } from "@resvg/resvg-js";
import { CHART_FONT_FAMILY } from "./charts";
import { findFontFiles } from "./fonts";

export function svgToPng(svg: string, width: number): Uint8Array {
  const files = findFontFiles();
  const fontFiles = [files.regular, files.bold].filter((f): f is string => f !== null);
  const resvg = new Resvg(svg, {
    fitTo: { mode: "width", value: width * 2 },
    background: "#ffffff",
    font: {
      fontFiles,
      loadSystemFonts: fontFiles.length === 0,
      defaultFontFamily: CHART_FONT_FAMILY,
      sansSerifFamily: CHART_FONT_FAMILY,
    },
  });
  return resvg.render().asPng();
}
