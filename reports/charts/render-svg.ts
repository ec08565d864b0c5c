// ECharts server-side rendering to an SVG string. The chart is ALWAYS disposed: an
// undisposed chart keeps timers that hold the Node process open.
import { createRequire } from 'node:module';
import type * as Echarts from 'echarts';

// loaded at the first chart, not when the CLI starts (0.8 s of every command's start-up, most
// of which draw nothing); a synchronous require keeps renderSvg synchronous for its callers
let loaded: typeof Echarts | undefined;
const echarts = (): typeof Echarts => (loaded ??= createRequire(import.meta.url)('echarts') as typeof Echarts);

// unquoted: ECharts writes the family into a style="" attribute
export const CHART_FONT = 'Noto Sans CJK SC, Source Han Sans SC, Microsoft YaHei, sans-serif';

type Series = { color?: unknown; lineStyle?: { color?: unknown }; itemStyle?: { color?: unknown } };

/** A series coloured through lineStyle/itemStyle gets the same colour in the legend. */
function legendColours(series: unknown): unknown {
  if (!Array.isArray(series)) return series;
  return series.map((s: Series) => {
    const c = s.color ?? s.lineStyle?.color ?? s.itemStyle?.color;
    return c !== undefined && c !== 'transparent' ? { ...s, color: c } : s;
  });
}

export function renderSvg(option: Echarts.EChartsCoreOption, width: number, height: number): string {
  const chart = echarts().init(null, null, { renderer: 'svg', ssr: true, width, height });
  try {
    chart.setOption({ animation: false, textStyle: { fontFamily: CHART_FONT }, ...option, series: legendColours(option.series) });
    return chart.renderToSVGString();
  } finally {
    chart.dispose();
  }
}
