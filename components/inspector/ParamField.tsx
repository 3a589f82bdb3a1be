'use client';
import { useId, useState } from 'react';
import { boundsText, fieldLabel, formatFieldValue, parseFieldInput, type Field } from '../../lib/editor/param-fields';

type Props = {
  field: Field;
  value: unknown;
  /** The validator's message for this param, if any. */
  error: string | null;
  networks: readonly string[];
  onChange: (value: unknown) => void;
  /** Ends a run of edits (one undo step per field visit). */
  onDone: () => void;
};

/**
 * One param, as the control its schema calls for. Its accessible name is its label ("Learning rate"), as a sighted
 * user reads it; the param's id (learningRate) shown beside the label is for code and docs, not part of the name.
 */
export function ParamField({ field, value, error, networks, onChange, onDone }: Props) {
  const id = useId();
  const helpId = `${id}-help`;
  const labelId = `${id}-label`;
  // While the user types, the text is theirs; the document gets every value that parses.
  const [draft, setDraft] = useState<string | null>(null);
  const [inputError, setInputError] = useState<string | null>(null);
  const shown = draft ?? formatFieldValue(field, value);
  const bounds = boundsText(field);
  const message = inputError ?? error;

  const typed = (text: string) => {
    setDraft(text);
    const r = parseFieldInput(field, text);
    setInputError(r.ok ? null : r.message);
    if (r.ok) onChange(r.value);
  };
  const blur = () => {
    setDraft(null);
    setInputError(null);
    onDone();
  };
  const common = { id, 'aria-labelledby': labelId, 'aria-describedby': helpId, 'aria-invalid': message ? true : undefined } as const;

  let control;
  switch (field.kind) {
    case 'boolean':
      control = <input type="checkbox" {...common} checked={value === true} onChange={(e) => (onChange(e.target.checked), onDone())} />;
      break;
    case 'select':
      control = (
        <select {...common} value={String(value ?? '')} onChange={(e) => (onChange(field.options.find((o) => String(o) === e.target.value)), onDone())}>
          {!field.options.some((o) => String(o) === String(value)) && <option value={String(value ?? '')}>{String(value ?? '—')}</option>}
          {field.options.map((o) => (
            <option key={String(o)} value={String(o)}>
              {String(o)}
            </option>
          ))}
        </select>
      );
      break;
    case 'network':
      control = (
        <select {...common} value={String(value ?? '')} onChange={(e) => (onChange(e.target.value), onDone())}>
          {!networks.includes(String(value)) && <option value={String(value ?? '')}>{value ? `${String(value)} (missing)` : '—'}</option>}
          {networks.map((n) => (
            <option key={n} value={n}>
              {n}
            </option>
          ))}
        </select>
      );
      break;
    case 'number':
      control = (
        <input
          type="number"
          {...common}
          value={shown}
          min={field.min}
          max={field.max}
          step={field.integer ? 1 : 'any'}
          onChange={(e) => typed(e.target.value)}
          onBlur={blur}
        />
      );
      break;
    case 'intList':
      control = <input type="text" inputMode="numeric" {...common} value={shown} placeholder="e.g. 28, 28, 1" onChange={(e) => typed(e.target.value)} onBlur={blur} />;
      break;
    case 'text':
      control = <input type="text" {...common} value={shown} onChange={(e) => typed(e.target.value)} onBlur={blur} />;
      break;
  }
  return (
    <div className="field" data-kind={field.kind} data-param={field.name} data-invalid={message ? true : undefined}>
      <label htmlFor={id}>
        <span id={labelId}>{fieldLabel(field.name)}</span>
        {field.kind === 'boolean' ? null : <code className="field-name">{field.name}</code>}
      </label>
      {control}
      <p id={helpId} className="field-help">
        {field.help}
        {bounds && <span className="field-bounds"> ({bounds})</span>}
      </p>
      {message && (
        <p className="field-error" role="alert">
          {message}
        </p>
      )}
    </div>
  );
}
