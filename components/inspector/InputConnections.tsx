'use client';
import { useId, useMemo, useState } from 'react';
import { checkConnection, inputChoices } from '../../lib/editor/connect';
import { connect, removeElements } from '../../lib/editor/ops';
import type { Scope } from '../../lib/editor/scope';
import type { Design } from '../../lib/graph/schema';
import type { DesignReport } from '../../lib/shapes';
import { useEditorActions } from '../editor/EditorContext';

const SEP = '\u0000';
const key = (c: { source: string; sourceHandle: string }) => `${c.source}${SEP}${c.sourceHandle}`;

/**
 * The selected block's inputs, each a list of the outputs it could be fed from: wiring without a pointer, and
 * across a graph too long to drag over. A choice the validator refuses changes nothing and says why, as a refused
 * drop on the canvas does.
 */
export function InputConnections({ design, report, scope, node }: { design: Design; report: DesignReport; scope: Scope; node: string }) {
  const { edit } = useEditorActions();
  const inputs = useMemo(() => inputChoices(design, scope, report, node), [design, scope, report, node]);
  const [refused, setRefused] = useState<{ port: string; message: string } | null>(null);
  const baseId = useId();
  if (inputs.length === 0) return null;

  const pick = (port: string, value: string, current: { edge: string } | null) => {
    setRefused(null);
    if (value === '') {
      if (current) edit((d, s) => ({ design: removeElements(d, s, [], [current.edge]) }));
      return;
    }
    const [source, sourceHandle] = value.split(SEP) as [string, string];
    const c = { source, sourceHandle, target: node, targetHandle: port };
    const verdict = checkConnection(design, scope, c, report);
    if (!verdict.ok) return setRefused({ port, message: verdict.message });
    edit((d, s) => ({ design: connect(d, s, c) }));
  };

  return (
    <fieldset className="inspector-params" aria-label="Inputs">
      <legend>Inputs</legend>
      {inputs.map((input, i) => {
        const id = `${baseId}-${i}`;
        const value = input.current ? key(input.current) : '';
        const listed = !input.current || input.choices.some((c) => key(c) === value);
        const message = refused?.port === input.port ? refused.message : null;
        return (
          <div className="field" data-kind="select" data-invalid={message ? true : undefined} key={input.port}>
            <label htmlFor={id}>
              {input.label}
              <code className="field-name">from</code>
            </label>
            <select id={id} aria-label={`Connect ${input.label} from`} value={value} onChange={(e) => pick(input.port, e.target.value, input.current)}>
              <option value="">— not connected —</option>
              {!listed && input.current && <option value={value}>{`${input.current.source} · ${input.current.sourceHandle}`}</option>}
              {input.choices.map((c) => (
                <option key={key(c)} value={key(c)}>
                  {c.label}
                </option>
              ))}
            </select>
            {message && (
              <p className="field-error" role="alert" data-testid={`input-refused-${input.port}`}>
                {message}
              </p>
            )}
          </div>
        );
      })}
    </fieldset>
  );
}
