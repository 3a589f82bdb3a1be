'use client';
import { useDeferredValue, useId, useMemo, useState } from 'react';
import { checkConnection, inputChoices, inputFeeds } from '../../lib/editor/connect';
import { removeElements } from '../../lib/editor/ops';
import type { Scope } from '../../lib/editor/scope';
import type { Design } from '../../lib/graph/schema';
import type { DesignReport } from '../../lib/validate';
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
  // The lists (every output of the graph, with its shape) follow a keystroke in a deferred render: rebuilding
  // hundreds of options would stand between the keystroke and the canvas. What each input is connected to now is
  // read from the current design, so a select never shows an old choice.
  const lagging = useDeferredValue(useMemo(() => ({ design, report }), [design, report]));
  const inputs = useMemo(() => inputChoices(lagging.design, scope, lagging.report, node), [lagging, scope, node]);
  const options = useMemo(() => new Map(inputs.map((input) => [input.port, input.choices.map((c) => <option key={key(c)} value={key(c)}>{c.label}</option>)])), [inputs]);
  const feeds = useMemo(() => inputFeeds(design, scope, node), [design, scope, node]);
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
    // Checked against the design on screen: should another change land first, this one is dropped, not applied
    // unchecked.
    edit((d, s) => (d === design && s === scope ? { design: verdict.design } : null));
  };

  return (
    <fieldset className="inspector-params" aria-label="Inputs">
      <legend>Inputs</legend>
      {inputs.map((input, i) => {
        const id = `${baseId}-${i}`;
        const current = feeds.get(input.port) ?? null;
        const value = current ? key(current) : '';
        const listed = !current || input.choices.some((c) => key(c) === value);
        const message = refused?.port === input.port ? refused.message : null;
        return (
          <div className="field" data-kind="select" data-invalid={message ? true : undefined} key={input.port}>
            <label htmlFor={id}>
              {input.label}
              <code className="field-name">from</code>
            </label>
            <select id={id} aria-label={`Connect ${input.label} from`} value={value} onChange={(e) => pick(input.port, e.target.value, current)}>
              <option value="">— not connected —</option>
              {!listed && current && <option value={value}>{`${current.source} · ${current.sourceHandle}`}</option>}
              {options.get(input.port)}
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
