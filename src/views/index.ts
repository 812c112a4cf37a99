/**
 * The views' public surface: the shell imports components from here. Every component imports
 * its own CSS; the palette (theme.css) follows prefers-color-scheme and <html data-theme>.
 */
export { LanePanel, type LanePanelProps } from './lane/LanePanel.tsx';
export { PeerTable } from './lane/PeerTable.tsx';
export { MultiContext } from './lane/MultiContext.tsx';
export { SocketQueue } from './lane/SocketQueue.tsx';
export { LibnlReader } from './lane/LibnlReader.tsx';
export { DcoStruct } from './lane/DcoStruct.tsx';
export { CodePanel, type CodePanelProps } from './code/CodePanel.tsx';
export { CellGrid, type CellGridProps } from './grid/CellGrid.tsx';
export { Narration, type NarrationProps } from './Narration.tsx';
export { EventLog, type EventLogProps } from './log/EventLog.tsx';
export { Chart, type ChartProps } from './chart/Chart.tsx';
export { Stage, type StageProps } from './stage/Stage.tsx';
export { STATIONS, STATION_KEYS, stationPanelId, type Station } from './stage/stations.ts';
