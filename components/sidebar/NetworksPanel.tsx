'use client';
import { memo, useState, type FormEvent } from 'react';
import { addNetwork, deleteNetwork, networkIdProblem, renameNetwork, suggestNetworkId } from '../../lib/editor/ops';
import { TRAINING, type Scope } from '../../lib/editor/scope';
import { formatCount, plural } from '../../lib/editor/format';
import { NETWORK_ROLES, type Design, type NetworkRole } from '../../lib/graph/schema';
import type { DesignReport } from '../../lib/validate';
import { useEditorActions } from '../editor/EditorContext';

/** The graphs of the design: the training graph and each network; add, rename and delete networks here. */
export const NetworksPanel = memo(function NetworksPanel({ design, report, scope }: { design: Design; report: DesignReport; scope: Scope }) {
  const { edit, openScope } = useEditorActions();
  const [adding, setAdding] = useState<{ id: string; role: NetworkRole } | null>(null);
  const [renaming, setRenaming] = useState<{ from: string; to: string } | null>(null);
  const errorsIn = (id: string | null) => report.problems.filter((p) => p.severity === 'error' && (id === null ? !p.where.network : p.where.network === id)).length;

  const addProblem = adding ? networkIdProblem(design, adding.id) : null;
  const renameProblem = renaming ? networkIdProblem(design, renaming.to, renaming.from) : null;
  const submitAdd = (e: FormEvent) => {
    e.preventDefault();
    if (!adding || addProblem) return;
    const { id, role } = adding;
    edit((d) => ({ design: addNetwork(d, id, role) }));
    setAdding(null);
    openScope({ kind: 'network', id });
  };
  const submitRename = (e: FormEvent) => {
    e.preventDefault();
    if (!renaming || renameProblem) return;
    const { from, to } = renaming;
    edit((d) => ({ design: renameNetwork(d, from, to) }));
    if (scope.kind === 'network' && scope.id === from) openScope({ kind: 'network', id: to });
    setRenaming(null);
  };
  // No confirmation: like every edit, Ctrl+Z brings the network back; blocks that named it show the problem.
  const remove = (id: string) => edit((d) => ({ design: deleteNetwork(d, id) }));

  const current = (s: Scope) => (s.kind === scope.kind && (s.kind === 'training' || (scope.kind === 'network' && s.id === scope.id)) ? 'page' : undefined);
  return (
    <section className="graphs" aria-label="Graphs">
      <div className="section-head">
        <h2>Graphs</h2>
        <button
          type="button"
          className="icon-button"
          aria-label="Add network"
          title="Add a network"
          onClick={() => setAdding({ id: suggestNetworkId(design), role: design.networks.length === 0 ? 'generator' : design.networks.length === 1 ? 'discriminator' : 'other' })}
        >
          +
        </button>
      </div>
      <ul className="graph-list">
        <li>
          <button type="button" className="graph-item" aria-current={current(TRAINING)} onClick={() => openScope(TRAINING)}>
            <span className="graph-icon" data-role="training-graph" aria-hidden />
            <span className="graph-name">Training</span>
            <span className="graph-meta">{plural(design.training.nodes.length, 'block')}</span>
            {errorsIn(null) > 0 && <span className="graph-errors" aria-label={plural(errorsIn(null), 'error')}>{errorsIn(null)}</span>}
          </button>
        </li>
        {design.networks.map((n) => {
          const s: Scope = { kind: 'network', id: n.id };
          const errors = errorsIn(n.id);
          const count = report.networks[n.id]?.count;
          if (renaming?.from === n.id) {
            return (
              <li key={n.id}>
                <form className="graph-form" onSubmit={submitRename}>
                  <input
                    autoFocus
                    aria-label={`New id for network ${n.id}`}
                    value={renaming.to}
                    onChange={(e) => setRenaming({ from: n.id, to: e.target.value })}
                    onKeyDown={(e) => e.key === 'Escape' && setRenaming(null)}
                    aria-invalid={!!renameProblem}
                  />
                  <button type="submit" disabled={!!renameProblem}>Rename</button>
                  {renameProblem && <p className="field-error" role="alert">{renameProblem}</p>}
                </form>
              </li>
            );
          }
          return (
            <li key={n.id} className="graph-row">
              <button type="button" className="graph-item" aria-current={current(s)} onClick={() => openScope(s)} title={n.label ?? n.id}>
                <span className="graph-icon" data-role={n.role} aria-hidden />
                <span className="graph-name">{n.id}</span>
                <span className="graph-meta">
                  {n.role}
                  {count ? ` · ${formatCount(count.trainable + count.nonTrainable)}` : ''}
                </span>
                {errors > 0 && <span className="graph-errors" aria-label={plural(errors, 'error')}>{errors}</span>}
              </button>
              <span className="graph-actions">
                <button type="button" className="icon-button" aria-label={`Rename network ${n.id}`} title="Rename" onClick={() => setRenaming({ from: n.id, to: n.id })}>
                  <svg viewBox="0 0 16 16" width="12" height="12" aria-hidden>
                    <path d="M11 2.5l2.5 2.5L6 12.5H3.5V10z" fill="none" stroke="currentColor" strokeWidth="1.4" strokeLinejoin="round" />
                  </svg>
                </button>
                <button type="button" className="icon-button" aria-label={`Delete network ${n.id}`} title="Delete (undo brings it back)" onClick={() => remove(n.id)}>
                  <svg viewBox="0 0 16 16" width="12" height="12" aria-hidden>
                    <path d="M3 4.5h10M6.5 4.5V3h3v1.5M4.5 4.5l.7 8.5h5.6l.7-8.5" fill="none" stroke="currentColor" strokeWidth="1.4" strokeLinejoin="round" />
                  </svg>
                </button>
              </span>
            </li>
          );
        })}
      </ul>
      {adding && (
        <form className="graph-form" onSubmit={submitAdd} aria-label="New network">
          <input
            autoFocus
            aria-label="Network id"
            value={adding.id}
            onChange={(e) => setAdding({ ...adding, id: e.target.value })}
            onKeyDown={(e) => e.key === 'Escape' && setAdding(null)}
            aria-invalid={!!addProblem}
          />
          <select aria-label="Network role" value={adding.role} onChange={(e) => setAdding({ ...adding, role: e.target.value as NetworkRole })}>
            {NETWORK_ROLES.map((r) => (
              <option key={r} value={r}>
                {r}
              </option>
            ))}
          </select>
          <button type="submit" disabled={!!addProblem}>Add</button>
          <button type="button" onClick={() => setAdding(null)}>Cancel</button>
          {addProblem && <p className="field-error" role="alert">{addProblem}</p>}
        </form>
      )}
    </section>
  );
});
