'use client';
import { memo, useCallback, useEffect, useLayoutEffect, useMemo, useRef, useState, type DragEvent } from 'react';
import { Background, BackgroundVariant, ControlButton, Controls, MiniMap, Panel, ReactFlow, useNodesInitialized, useReactFlow, useStoreApi, type EdgeChange, type NodeChange, type Viewport } from '@xyflow/react';
import { describeGraph } from '../../lib/editor/flow';
import { addNode, autoLayout, moveNodes } from '../../lib/editor/ops';
import { getGraph, type Scope } from '../../lib/editor/scope';
import { StableList } from '../../lib/editor/stable-list';
import { readableFit, type FitOptions } from '../../lib/editor/viewport';
import type { Selection } from '../../lib/editor/editor-state';
import type { Design } from '../../lib/graph/schema';
import type { DesignReport } from '../../lib/validate';
import { useTheme } from '../theme';
import { useEditorActions } from '../editor/EditorContext';
import { BlockNode } from './BlockNode';
import { CanvasViewsContext, createCanvasViews, publishViews } from './canvas-views';
import { Breadcrumb } from './Breadcrumb';
import { ConnectionLine, ExplainConnection } from './ConnectionLine';
import { ShapeEdge } from './ShapeEdge';
import { useConnectionChecks } from './useConnectionChecks';
import { savedViewport, saveViewport } from './viewports';
import { BLOCK_MIME, type BlockFlowNode, type ShapeFlowEdge } from './types';
import './canvas.css';
import { CATEGORY_COLORS, UNKNOWN_COLOR } from './category-colors';

// Module scope, memoised components: React Flow re-renders everything when these objects change (STYLE rule 10).
// Node and edge objects keep their identity while they look the same. A block draws from its id and selection only
// (its view comes from the canvas views): React Flow's other props, such as the absolute position that changes on
// every move of a drag, are no reason to redraw it.
const nodeTypes = { block: memo(BlockNode, (a, b) => a.id === b.id && a.selected === b.selected) };
const edgeTypes = { shape: memo(ShapeEdge) };
// "Fit view" (on opening a graph, after auto-layout, and the zoom controls' button) keeps room at the top for the
// breadcrumb and tools, at the bottom for the zoom controls and mini map, and never zooms out so far that a block's
// 13 px title reads smaller than 9 px: a graph larger than that is shown from its start (lib/editor/viewport.ts).
const FIT: FitOptions = { padding: { top: 64, bottom: 48, left: 60, right: 32 }, minZoom: 0.7, maxZoom: 1 };
const FIT_DURATION = 250;
// Module scope too: a new function per render makes the mini map redraw all its blocks (on every drag move).
const miniMapColor = (n: BlockFlowNode) => CATEGORY_COLORS[n.data.category] ?? UNKNOWN_COLOR;
// Props React Flow copies into its store when they change by identity: each copy wakes every node's selector.
const MULTI_SELECT_KEYS = ['Meta', 'Control', 'Shift'];
const PRO_OPTIONS = { hideAttribution: true };
const MINI_MAP_STYLE = { width: 168, height: 112 };

type XY = { x: number; y: number };
export type FocusRequest = { node: string; nonce: number } | null;

type Props = {
  design: Design;
  report: DesignReport;
  scope: Scope;
  /** Names this graph of this design for the remembered viewport (viewports.ts). */
  viewKey: string;
  selection: Selection;
  focus: FocusRequest;
  onFocused: () => void;
  onRefused: (message: string, at: XY) => void;
};

/**
 * The React Flow canvas of one graph. The design is the single source of truth: nodes and edges are derived from it
 * on each render, with only what is in flight (positions mid-drag, measured sizes) kept here.
 */
export function DesignCanvas({ design, report, scope, viewKey, selection, focus, onFocused, onRefused }: Props) {
  const { edit, dispatch, openScope } = useEditorActions();
  const theme = useTheme();
  const flow = useReactFlow<BlockFlowNode, ShapeFlowEdge>();
  const store = useStoreApi<BlockFlowNode, ShapeFlowEdge>();
  const initialized = useNodesInitialized();
  const graph = getGraph(design, scope);
  const views = useMemo(() => (graph ? describeGraph(design, graph, scope, report) : null), [design, graph, scope, report]);
  // What the blocks and edges show, by id; published below once per new set of views (see canvas-views.ts).
  const [shown] = useState(() => {
    const c = createCanvasViews();
    if (views) publishViews(c, views);
    return c;
  });
  useLayoutEffect(() => {
    if (views) publishViews(shown, views);
  }, [shown, views]);
  // A graph opens where it was last looked at; else fitted, when it has blocks in it. An empty one keeps the plain
  // viewport, or the first block dropped would make the view jump under the cursor.
  const [opening] = useState(() => savedViewport(viewKey));
  const [fitOnOpen] = useState(() => !opening && (graph?.nodes.length ?? 0) > 0);
  const onMoveEnd = useCallback((_e: unknown, viewport: Viewport) => saveViewport(viewKey, viewport), [viewKey]);
  const [drag, setDrag] = useState<Readonly<Record<string, XY>> | null>(null);
  const [measured, setMeasured] = useState<Readonly<Record<string, { width: number; height: number }>>>({});

  // React Flow's nodes: where each block is, whether it is selected, its measured size. An edit that changes only
  // shapes and params gives back the same array, so React Flow's store is not touched at all; otherwise every node
  // that looks the same keeps its object and React Flow skips it.
  const [stable] = useState(() => ({ nodes: new StableList<BlockFlowNode>(samePlacement), edges: new StableList<ShapeFlowEdge>(sameConnection) }));
  const placed = useMemo(() => {
    if (!graph || !views) return [];
    const selected = new Set(selection.nodes);
    return stable.nodes.settle(
      graph.nodes.map((n): BlockFlowNode => {
        const view = views.nodes.get(n.id)!;
        const m = measured[n.id];
        return {
          id: n.id,
          type: 'block',
          position: n.position,
          data: { category: view.category },
          selected: selected.has(n.id),
          ariaLabel: `${view.title} (${n.type})`,
          ...(m ? { measured: m } : {}),
        };
      }),
    );
  }, [graph, views, selection.nodes, measured, stable]);
  const nodes = useMemo(
    () =>
      drag
        ? placed.map((n) => {
            const at = drag[n.id];
            return at ? { ...n, position: at } : n;
          })
        : placed,
    [placed, drag],
  );

  // Edges the same way: what they connect and whether they are selected; their shapes are in the views.
  const edges = useMemo(() => {
    if (!graph) return [];
    const selected = new Set(selection.edges);
    return stable.edges.settle(
      graph.edges.map((e): ShapeFlowEdge => ({ id: e.id, type: 'shape', source: e.source, sourceHandle: e.sourceHandle, target: e.target, targetHandle: e.targetHandle, selected: selected.has(e.id) })),
    );
  }, [graph, selection.edges, stable]);

  const onNodesChange = useCallback(
    (changes: NodeChange<BlockFlowNode>[]) => {
      let moved: Record<string, XY> | null = null;
      let sized: Record<string, { width: number; height: number }> | null = null;
      let select: { id: string; selected: boolean }[] = [];
      for (const c of changes) {
        if (c.type === 'position' && c.position && c.dragging) (moved ??= {})[c.id] = c.position;
        else if (c.type === 'dimensions' && c.dimensions) (sized ??= {})[c.id] = c.dimensions;
        else if (c.type === 'select') select = [...select, { id: c.id, selected: c.selected }];
      }
      if (moved) setDrag((d) => ({ ...d, ...moved }));
      if (sized) setMeasured((m) => ({ ...m, ...sized }));
      if (select.length) {
        const next = new Set(selection.nodes);
        for (const s of select) if (s.selected) next.add(s.id);
        else next.delete(s.id);
        dispatch({ type: 'select', selection: { nodes: [...next], edges: selection.edges } });
      }
    },
    [dispatch, selection],
  );

  const onEdgesChange = useCallback(
    (changes: EdgeChange<ShapeFlowEdge>[]) => {
      const next = new Set(selection.edges);
      let touched = false;
      for (const c of changes) {
        if (c.type !== 'select') continue;
        touched = true;
        if (c.selected) next.add(c.id);
        else next.delete(c.id);
      }
      if (touched) dispatch({ type: 'select', selection: { nodes: selection.nodes, edges: [...next] } });
    },
    [dispatch, selection],
  );

  // A drag is one history entry, committed when it ends.
  const onNodeDragStop = useCallback(
    (_e: unknown, _node: BlockFlowNode, dragged: BlockFlowNode[]) => {
      const positions = Object.fromEntries(dragged.map((n) => [n.id, n.position]));
      edit((d, s) => {
        const next = moveNodes(d, s, positions);
        return next === d ? null : { design: next };
      });
      setDrag(null);
    },
    [edit],
  );

  const { isValidConnection, explain, onConnect, onConnectEnd } = useConnectionChecks(design, scope, report, onRefused);

  const onDragOver = useCallback((e: DragEvent) => {
    if (!e.dataTransfer.types.includes(BLOCK_MIME)) return;
    e.preventDefault();
    e.dataTransfer.dropEffect = 'copy';
  }, []);
  const onDrop = useCallback(
    (e: DragEvent) => {
      const type = e.dataTransfer.getData(BLOCK_MIME);
      if (!type) return;
      e.preventDefault();
      e.stopPropagation();
      const p = flow.screenToFlowPosition({ x: e.clientX, y: e.clientY });
      edit((d, s) => {
        const r = addNode(d, s, type, { x: p.x - 100, y: p.y - 20 });
        return r.id ? { design: r.design, selection: { nodes: [r.id], edges: [] } } : null;
      });
    },
    [edit, flow],
  );

  const onNodeDoubleClick = useCallback(
    (_e: unknown, node: BlockFlowNode) => {
      const opens = shown.nodes.get(node.id)?.opens;
      if (opens) openScope({ kind: 'network', id: opens });
    },
    [openScope, shown],
  );

  const fit = useCallback(
    (duration?: number) => {
      const { width, height } = store.getState();
      const all = flow.getNodes();
      // The flow's start: the leftmost column of wired blocks (the sources, after auto-layout; not the row of
      // unwired optimizers under the graph).
      const wired = new Set(flow.getEdges().flatMap((e) => [e.source, e.target]));
      const flowing = wired.size > 0 ? all.filter((n) => wired.has(n.id)) : all;
      const left = Math.min(...flowing.map((n) => n.position.x));
      const start = flow.getNodesBounds(flowing.filter((n) => n.position.x <= left + 1));
      void flow.setViewport(readableFit(flow.getNodesBounds(all), { width, height }, FIT, start), duration ? { duration } : undefined);
    },
    [flow, store],
  );
  // Fitted once, when the blocks of a graph opened without a remembered viewport have been measured; before the
  // first paint of them, so the graph does not jump. React Flow's store outlives this canvas (one provider for the
  // studio): until it holds this canvas's own nodes, "initialized" (and the pan-zoom it would move) belong to the
  // graph shown before, which may well have blocks of the same ids.
  const fitted = useRef(!fitOnOpen);
  useLayoutEffect(() => {
    if (fitted.current || !initialized) return;
    const held = store.getState().nodes;
    if (held.length !== nodes.length || nodes.some((n, i) => held[i] !== n)) return;
    fitted.current = true;
    fit();
  }, [initialized, fit, store, nodes]);

  // The blocks' sizes as drawn, where the canvas has drawn them, make the layout's room for each exact.
  const layout = useCallback(() => {
    edit((d, s) => ({ design: autoLayout(d, s, measured) }));
    requestAnimationFrame(() => fit(FIT_DURATION));
  }, [edit, fit, measured]);

  // Centre a node asked for by the problems panel once this graph's nodes have been measured.
  useEffect(() => {
    if (!focus || !initialized) return;
    void flow.fitView({ nodes: [{ id: focus.node }], padding: 0.6, maxZoom: 1.2, duration: 250 });
    onFocused();
  }, [focus, initialized, flow, onFocused]);

  const empty = (graph?.nodes.length ?? 0) === 0;
  return (
    <CanvasViewsContext.Provider value={shown}>
    <ExplainConnection.Provider value={explain}>
      <ReactFlow<BlockFlowNode, ShapeFlowEdge>
        nodes={nodes}
        edges={edges}
        nodeTypes={nodeTypes}
        edgeTypes={edgeTypes}
        onNodesChange={onNodesChange}
        onEdgesChange={onEdgesChange}
        onNodeDragStop={onNodeDragStop}
        onConnect={onConnect}
        onConnectEnd={onConnectEnd}
        isValidConnection={isValidConnection}
        connectionLineComponent={ConnectionLine}
        onNodeDoubleClick={onNodeDoubleClick}
        onDragOver={onDragOver}
        onDrop={onDrop}
        deleteKeyCode={null}
        selectionKeyCode="Shift"
        multiSelectionKeyCode={MULTI_SELECT_KEYS}
        zoomOnDoubleClick={false}
        colorMode={theme}
        {...(opening ? { defaultViewport: opening } : {})}
        onMoveEnd={onMoveEnd}
        minZoom={0.15}
        maxZoom={2.5}
        proOptions={PRO_OPTIONS}
        // Only the blocks and edges in view are in the DOM (React Flow: a node that overlaps the pane, or has not been
        // measured yet, or is being dragged; an edge whose endpoints' bounding box does). An edit changes the shapes
        // of everything downstream; with a long chain, redrawing the off-screen part was most of its cost. The mini
        // map still draws every block, and one scrolled into view is drawn from the current design.
        onlyRenderVisibleElements
        aria-label={scope.kind === 'training' ? 'Training graph' : `Network ${scope.id}`}
      >
        <Background variant={BackgroundVariant.Dots} gap={20} size={1.2} />
        <Panel position="top-left">
          <Breadcrumb design={design} scope={scope} />
        </Panel>
        <Panel position="top-right" className="canvas-tools">
          <button type="button" className="tool-button" onClick={layout} aria-label="Auto-layout" title="Arrange the graph left to right">
            <svg viewBox="0 0 16 16" width="14" height="14" aria-hidden>
              <rect x="1.5" y="2" width="4" height="3" rx="1" />
              <rect x="1.5" y="11" width="4" height="3" rx="1" />
              <rect x="10.5" y="6.5" width="4" height="3" rx="1" />
              <path d="M5.5 3.5h2.5v4.5h2.5M5.5 12.5h2.5V8" fill="none" />
            </svg>
            Auto-layout
          </button>
        </Panel>
        {empty && (
          <Panel position="top-center" className="canvas-empty">
            {scope.kind === 'training'
              ? 'Drag sources, network calls, losses and optimizers here from the palette.'
              : `Drag layers into ${scope.id}: start with an Input, end with an Output.`}
          </Panel>
        )}
        <Controls position="bottom-left" showInteractive={false} showFitView={false} aria-label="Zoom controls">
          <ControlButton className="react-flow__controls-fitview" onClick={() => fit(FIT_DURATION)} title="Fit view" aria-label="Fit view">
            <svg viewBox="0 0 16 16" aria-hidden>
              <path d="M1.5 5V2.5a1 1 0 0 1 1-1H5M11 1.5h2.5a1 1 0 0 1 1 1V5M14.5 11v2.5a1 1 0 0 1-1 1H11M5 14.5H2.5a1 1 0 0 1-1-1V11" fill="none" stroke="currentColor" strokeWidth="1.6" />
            </svg>
          </ControlButton>
        </Controls>
        <MiniMap position="bottom-right" pannable zoomable style={MINI_MAP_STYLE} nodeColor={miniMapColor} nodeStrokeWidth={0} ariaLabel="Mini map" />
      </ReactFlow>
    </ExplainConnection.Provider>
    </CanvasViewsContext.Provider>
  );
}


/** Whether a node would look the same to React Flow (its view aside, which the canvas views carry). */
function samePlacement(a: BlockFlowNode, b: BlockFlowNode): boolean {
  return (
    a.position.x === b.position.x &&
    a.position.y === b.position.y &&
    !!a.selected === !!b.selected &&
    a.ariaLabel === b.ariaLabel &&
    a.data.category === b.data.category &&
    a.measured?.width === b.measured?.width &&
    a.measured?.height === b.measured?.height
  );
}

function sameConnection(a: ShapeFlowEdge, b: ShapeFlowEdge): boolean {
  return a.source === b.source && a.sourceHandle === b.sourceHandle && a.target === b.target && a.targetHandle === b.targetHandle && !!a.selected === !!b.selected;
}
