'use client';
import { TRAINING, type Scope } from '../../lib/editor/scope';
import type { Design } from '../../lib/graph/schema';
import { useEditorActions } from '../editor/EditorContext';

/** "Training › G": where the canvas is, and the way back up. */
export function Breadcrumb({ design, scope }: { design: Design; scope: Scope }) {
  const { openScope } = useEditorActions();
  const net = scope.kind === 'network' ? design.networks.find((n) => n.id === scope.id) : undefined;
  return (
    <nav aria-label="Breadcrumb" className="breadcrumb">
      <ol>
        <li>
          {scope.kind === 'training' ? (
            <span aria-current="page">Training</span>
          ) : (
            <button type="button" onClick={() => openScope(TRAINING)}>
              Training
            </button>
          )}
        </li>
        {net && (
          <li>
            <span className="breadcrumb-sep" aria-hidden>
              ›
            </span>
            <span aria-current="page">{net.id}</span>
            {net.label && net.label !== net.id && <span className="breadcrumb-note">{net.label}</span>}
          </li>
        )}
      </ol>
    </nav>
  );
}
