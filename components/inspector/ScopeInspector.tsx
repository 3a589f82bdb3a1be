'use client';
import { useState } from 'react';
import type { z } from 'zod';
import { formatCount } from '../../lib/editor/format';
import { setNetworkRole, setSetting } from '../../lib/editor/ops';
import { fieldsOf } from '../../lib/editor/param-fields';
import type { Scope } from '../../lib/editor/scope';
import { NETWORK_ROLES, zSettings, type Design, type NetworkRole } from '../../lib/graph/schema';
import { formatShape, type DesignReport } from '../../lib/validate';
import { useEditorActions } from '../editor/EditorContext';
import { ParamField } from './ParamField';

const settingsFields = fieldsOf(zSettings as z.ZodType);

/** With nothing selected: the design (name, paper, training settings) or the open network (role, boundary, size). */
export function ScopeInspector({ design, report, scope }: { design: Design; report: DesignReport; scope: Scope }) {
  const { edit, dispatch } = useEditorActions();
  const seal = () => dispatch({ type: 'seal' });
  const [descDraft, setDescDraft] = useState<string | null>(null);

  if (scope.kind === 'network') {
    const net = design.networks.find((n) => n.id === scope.id);
    const r = report.networks[scope.id];
    if (!net) return null;
    return (
      <div className="inspector-body">
        <header className="inspector-head" data-category="network">
          <span className="inspector-swatch" aria-hidden />
          <div>
            <h2>Network {net.id}</h2>
            <p className="muted small">{net.label ?? 'no label'}</p>
          </div>
        </header>
        <div className="field">
          <label htmlFor="network-role">Role</label>
          <select id="network-role" aria-label="role" value={net.role} onChange={(e) => edit((d) => ({ design: setNetworkRole(d, net.id, e.target.value as NetworkRole) }))}>
            {NETWORK_ROLES.map((r) => (
              <option key={r}>{r}</option>
            ))}
          </select>
        </div>
        <section className="inspector-shapes" aria-label="Boundary">
          <h3>Boundary</h3>
          <dl>
            {r?.signature.inputs.map((p) => (
              <div key={`in-${p.id}`}>
                <dt>input · {p.label}</dt>
                <dd>{p.shape ? formatShape(p.shape) : '?'}</dd>
              </div>
            ))}
            {r?.signature.outputs.map((p) => (
              <div key={`out-${p.id}`}>
                <dt>output · {p.label}</dt>
                <dd>{p.shape ? formatShape(p.shape) : '?'}</dd>
              </div>
            ))}
            {r && (
              <>
                <div>
                  <dt>Weights</dt>
                  <dd>
                    {r.count.trainable.toLocaleString('en')} trainable{r.count.nonTrainable ? ` · ${r.count.nonTrainable.toLocaleString('en')} fixed` : ''}
                  </dd>
                </div>
                <div>
                  <dt>Compute</dt>
                  <dd>{formatCount(r.flops)} FLOPs / example</dd>
                </div>
              </>
            )}
          </dl>
        </section>
        <p className="muted small">Select a layer to edit it. Add layers from the palette; Input and Output blocks are the network&apos;s ports.</p>
      </div>
    );
  }

  const totals = Object.values(report.networks).reduce((a, n) => a + n.count.trainable, 0);
  return (
    <div className="inspector-body">
      <header className="inspector-head" data-category="source">
        <span className="inspector-swatch" aria-hidden />
        <div>
          <h2>{design.name}</h2>
          <p className="muted small">
            {design.networks.length} network{design.networks.length === 1 ? '' : 's'} · {formatCount(totals)} trainable weights
          </p>
        </div>
      </header>
      {design.paper && (
        <p className="inspector-paper">
          <span className="muted">Paper</span> {design.paper.title}
          {design.paper.authors ? `, ${design.paper.authors}` : ''}
          {design.paper.year ? ` (${design.paper.year})` : ''}
        </p>
      )}
      <div className="field">
        <label htmlFor="design-description">Description</label>
        <textarea
          id="design-description"
          aria-label="description"
          rows={4}
          value={descDraft ?? design.description}
          onChange={(e) => {
            const text = e.target.value;
            setDescDraft(text);
            edit((d) => ({ design: { ...d, description: text } }), 'description');
          }}
          onBlur={() => (setDescDraft(null), seal())}
        />
      </div>
      <fieldset className="inspector-params">
        <legend>Training settings</legend>
        {settingsFields.map((f) => (
          <ParamField
            key={f.name}
            field={f}
            value={(design.training.settings as Record<string, unknown>)[f.name]}
            error={report.problems.find((p) => p.where.path?.endsWith(`settings.${f.name}`))?.message ?? null}
            networks={[]}
            onChange={(v) => edit((d) => ({ design: setSetting(d, f.name, v) }), `setting:${f.name}`)}
            onDone={seal}
          />
        ))}
      </fieldset>
      <p className="muted small">Select a block to edit it. Double-click a network call to open its layers.</p>
    </div>
  );
}
