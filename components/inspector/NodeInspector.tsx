'use client';
import { useState } from 'react';
import { blocks } from '../../lib/blocks';
import { graphReport } from '../../lib/editor/flow';
import { formatCount } from '../../lib/editor/format';
import { setLabel, setParam } from '../../lib/editor/ops';
import { fieldsOf } from '../../lib/editor/param-fields';
import { inScope } from '../../lib/editor/problems';
import type { Scope } from '../../lib/editor/scope';
import type { Design, DesignNode } from '../../lib/graph/schema';
import { formatShape, type DesignReport } from '../../lib/validate';
import { useEditorActions } from '../editor/EditorContext';
import { InputConnections } from './InputConnections';
import { ParamField } from './ParamField';

/** The selected block: label, params as a form generated from its schema, shapes, weights, problems and help. */
export function NodeInspector({ design, report, scope, node }: { design: Design; report: DesignReport; scope: Scope; node: DesignNode }) {
  const { edit, dispatch, openScope } = useEditorActions();
  const block = blocks.get(node.type);
  const r = graphReport(report, scope)?.nodes[node.id];
  const problems = report.problems.filter((p) => inScope(p, scope) && p.where.node === node.id);
  const values = (r?.params ?? node.params) as Record<string, unknown>;
  const networks = design.networks.map((n) => n.id);
  const [labelDraft, setLabelDraft] = useState<string | null>(null);
  const seal = () => dispatch({ type: 'seal' });
  const paramError = (name: string) => problems.find((p) => p.code === 'E_PARAM' && p.where.path?.endsWith(`.params.${name}`))?.message ?? null;
  const count = r?.count;
  const called = block?.network !== undefined ? String(values['network'] ?? '') : null;

  return (
    <div className="inspector-body">
      <header className="inspector-head" data-category={block?.category ?? 'unknown'}>
        <span className="inspector-swatch" aria-hidden />
        <div>
          <h2>{block?.label ?? node.type}</h2>
          <p className="muted small">
            <code>{node.id}</code> · {block ? `${block.category}` : 'unknown block type'}
          </p>
        </div>
      </header>
      {block && <p className="inspector-description">{block.description}</p>}
      {called && networks.includes(called) && (
        <button type="button" className="button" onClick={() => openScope({ kind: 'network', id: called })}>
          Open network {called}
        </button>
      )}

      {problems.length > 0 && (
        <ul className="inspector-problems">
          {problems.map((p, i) => (
            <li key={i} data-severity={p.severity}>
              <code>{p.code}</code> {p.message}
            </li>
          ))}
        </ul>
      )}

      <div className="field">
        <label htmlFor={`label-${node.id}`}>Label</label>
        <input
          id={`label-${node.id}`}
          aria-label="label"
          aria-describedby={`label-help-${node.id}`}
          value={labelDraft ?? node.label ?? ''}
          placeholder={node.id}
          onChange={(e) => {
            setLabelDraft(e.target.value);
            const text = e.target.value;
            edit((d, s) => ({ design: setLabel(d, s, node.id, text) }), `label:${node.id}`);
          }}
          onBlur={() => (setLabelDraft(null), seal())}
        />
        <p id={`label-help-${node.id}`} className="field-help">
          {node.type === 'input' || node.type === 'output' ? 'Names this port on the calls of the network.' : 'Shown on the canvas instead of the block name.'}
        </p>
      </div>

      {block && (
        <fieldset className="inspector-params">
          <legend>Parameters</legend>
          {fieldsOf(block.params).length === 0 && <p className="muted small">This block has no parameters.</p>}
          {fieldsOf(block.params).map((f) => (
            <ParamField
              key={f.name}
              field={f}
              value={values[f.name] ?? ('defaultValue' in f ? f.defaultValue : undefined)}
              error={paramError(f.name)}
              networks={networks}
              onChange={(v) => edit((d, s) => ({ design: setParam(d, s, node.id, f.name, v) }), `param:${node.id}:${f.name}`)}
              onDone={seal}
            />
          ))}
        </fieldset>
      )}

      <InputConnections design={design} report={report} scope={scope} node={node.id} />

      <section className="inspector-shapes" aria-label="Shapes">
        <h3>Shapes</h3>
        <dl>
          {(r?.ports.inputs ?? []).map((p) => (
            <div key={`in-${p.id}`}>
              <dt>in · {p.label}</dt>
              <dd>{r?.inputs[p.id] ? formatShape(r.inputs[p.id]!) : <span className="muted">not connected</span>}</dd>
            </div>
          ))}
          {(r?.ports.outputs ?? []).map((p) => (
            <div key={`out-${p.id}`}>
              <dt>out · {p.label}</dt>
              <dd>{r?.outputs[p.id] ? formatShape(r.outputs[p.id]!) : <span className="muted">unknown</span>}</dd>
            </div>
          ))}
          {count && count.trainable + count.nonTrainable > 0 && (
            <div>
              <dt>Weights</dt>
              <dd>
                {count.trainable.toLocaleString('en')} trainable
                {count.nonTrainable ? ` · ${count.nonTrainable.toLocaleString('en')} fixed` : ''}
              </dd>
            </div>
          )}
          {r && r.flops > 0 && (
            <div>
              <dt>Compute</dt>
              <dd>{formatCount(r.flops)} FLOPs / example</dd>
            </div>
          )}
        </dl>
      </section>
    </div>
  );
}
