// ECharts with only the parts the reports draw (bars and a heatmap on a canvas). Imported
// lazily by Chart, so the desktop's first load never carries it.
import * as echarts from "echarts/core";
import { BarChart, HeatmapChart } from "echarts/charts";
import { GridComponent, LegendComponent, TooltipComponent, VisualMapComponent } from "echarts/components";
import { CanvasRenderer } from "echarts/renderers";

echarts.use([BarChart, HeatmapChart, GridComponent, LegendComponent, TooltipComponent, VisualMapComponent, CanvasRenderer]);

export { echarts };
