'use client';
import { memo } from 'react';
import type { Selection } from '../../lib/editor/editor-state';
import { plural } from '../../lib/editor/format';
import { getGraph, scopeKey, type Scope } from '../../lib/editor/scope';
import { removeElements } from '../../lib/editor/ops';
import type { Design } from '../../lib/graph/schema';
import { formatShape, type DesignReport } from '../../lib/validate';
import { useEditorActions } from '../editor/EditorContext';
import { NodeInspector } from './NodeInspector';
import { ScopeInspector } from './ScopeInspector';

export const Inspector = memo(function Inspector({ design, report, scope, selection }: { design: Design; report: DesignReport; scope: Scope; selection: Selection }) {
  const { edit } = useEditorActions();
  const graph = getGraph(design, scope);
  const node = selection.nodes.length === 1 ? graph?.nodes.find((n) => n.id === selection.nodes[0]) : undefined;
  const many = selection.nodes.length + selection.edges.length > 1;
  const edge = !node && !many && selection.edges.length === 1 ? graph?.edges.find((e) => e.id === selection.edges[0]) : undefined;
  const shape = edge ? (scope.kind === 'training' ? report.training : report.networks[scope.id])?.edges[edge.id] : undefined;
  return (
    <section className="inspector" aria-label="Inspector">
      {node ? (
        <NodeInspector key={`${scopeKey(scope)}:${node.id}`} design={design} report={report} scope={scope} node={node} />
      ) : edge ? (
        <div className="inspector-body">
          <header className="inspector-head">
            <span className="inspector-swatch" aria-hidden />
            <div>
              <h2>Edge</h2>
              <p className="muted small">
                <code>{edge.source}.{edge.sourceHandle}</code> → <code>{edge.target}.{edge.targetHandle}</code>
              </p>
            </div>
          </header>
          <section className="inspector-shapes" aria-label="Shapes">
            <h3>Carries</h3>
            <dl>
              <div>
                <dt>Tensor</dt>
                <dd>{shape ? formatShape(shape) : 'unknown until its source has a shape'}</dd>
              </div>
            </dl>
          </section>
          <button type="button" className="button danger" onClick={() => edit((d, s) => ({ design: removeElements(d, s, [], [edge.id]), selection: { nodes: [], edges: [] } }))}>
            Delete edge
          </button>
        </div>
      ) : many ? (
        <div className="inspector-body">
          <h2>
            {plural(selection.nodes.length, 'block')}, {plural(selection.edges.length, 'edge')} selected
          </h2>
          <p className="muted small">Ctrl+C copies them, Delete removes them.</p>
          <button type="button" className="button danger" onClick={() => edit((d, s, sel) => ({ design: removeElements(d, s, sel.nodes, sel.edges), selection: { nodes: [], edges: [] } }))}>
            Delete selection
          </button>
        </div>
      ) : (
        <ScopeInspector key={scope.kind === 'network' ? scope.id : 'training'} design={design} report={report} scope={scope} />
      )}
    </section>
  );
});
