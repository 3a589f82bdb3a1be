'use client';
import { memo } from 'react';
import { problemTarget, sortProblems } from '../../lib/editor/problems';
import { plural } from '../../lib/editor/format';
import type { Design } from '../../lib/graph/schema';
import type { DesignReport, Problem } from '../../lib/validate';
import { useEditorActions } from '../editor/EditorContext';

/** Every problem of the design; clicking one opens its graph, selects the node and centres it. */
export const ProblemsPanel = memo(function ProblemsPanel({ design, report }: { design: Design; report: DesignReport }) {
  const { focusNode } = useEditorActions();
  const problems = sortProblems(report.problems);
  const errors = problems.filter((p) => p.severity === 'error').length;
  const warnings = problems.length - errors;
  const go = (p: Problem) => {
    const t = problemTarget(design, p);
    focusNode(t.scope, t.node);
  };
  return (
    <section className="problems" aria-label="Problems" data-testid="errors-panel" data-errors={errors} data-warnings={warnings}>
      <div className="section-head">
        <h2>Problems</h2>
        <span className="problem-counts">
          <span className="count" data-kind="error" aria-label={plural(errors, 'error')}>
            {errors}
          </span>
          <span className="count" data-kind="warning" aria-label={plural(warnings, 'warning')}>
            {warnings}
          </span>
        </span>
      </div>
      {problems.length === 0 ? (
        <p className="problems-none" role="status">
          <svg viewBox="0 0 16 16" width="14" height="14" aria-hidden>
            <path d="M3 8.5l3 3 7-7" fill="none" stroke="currentColor" strokeWidth="2" strokeLinecap="round" strokeLinejoin="round" />
          </svg>
          No problems: ready to train.
        </p>
      ) : (
        <ul className="problem-list">
          {problems.map((p, i) => (
            <li key={`${p.code}-${i}`}>
              <button type="button" className="problem" data-severity={p.severity} onClick={() => go(p)}>
                <span className="problem-where">
                  {p.where.network ?? 'Training'}
                  {p.where.node ? ` › ${p.where.node}` : ''}
                  <code>{p.code}</code>
                </span>
                <span className="problem-message">{p.message}</span>
              </button>
            </li>
          ))}
        </ul>
      )}
    </section>
  );
});
