import type { Design, DesignEdge, DesignNode, Network } from '../graph/schema';

/**
 * A run belongs to the design its weights were trained on. These pure functions decide, when the editor's design
 * changes, whether the run still trains it (an edit that leaves training alone), has nothing to lose (it can follow
 * the edit), or must wait for the user: restart with the change, or put the design back.
 */

const nodeContent = ({ position: _at, label: _label, ...n }: DesignNode) => n;
// Edge ids name nothing the trainer reads, and a wire deleted and drawn again comes back with a new id at the end.
const edgeContent = (edges: readonly DesignEdge[]) => edges.map(({ id: _id, ...e }) => JSON.stringify(e)).sort();

/**
 * What a run depends on, as text: the networks and the training graph without where blocks sit, their labels, or the
 * design's name, description and paper; and the settings without `steps`, `sampleEvery` and `criticKeep`, which the
 * run takes on as they change (train for longer, refresh the samples more often, keep more or fewer of D's best
 * samples). Node order stays: sources are drawn in node order.
 */
export function trainingKey(design: Design): string {
  const { steps: _steps, sampleEvery: _every, criticKeep: _keep, ...settings } = design.training.settings;
  return JSON.stringify({
    networks: design.networks.map((n) => ({ id: n.id, role: n.role, nodes: n.nodes.map(nodeContent), edges: edgeContent(n.edges) })),
    training: { nodes: design.training.nodes.map(nodeContent), edges: edgeContent(design.training.edges), settings },
  });
}

/** What the worker does with a design the editor sent (see `designAction`). */
export type DesignAction =
  /** Another design: load its own run (its checkpoint), leaving this one saved. */
  | 'open'
  /** The run trains this design as it is: take the new name, positions, step budget; keep training. */
  | 'adopt'
  /** Nothing trained yet (or nothing loaded): build the trainer anew from the edit. */
  | 'rebuild'
  /** The run's weights belong to another design now: keep the run and ask the user. */
  | 'diverge';

export type RunSummary = {
  key: string;
  /** `trainingKey` of the design the trainer was built from; null when none is built (the design had errors). */
  runKey: string | null;
  /** The trainer holds only its initial weights: not trained, restored, warm-started or imported. */
  fresh: boolean;
};

export function designAction(run: RunSummary | null, key: string, design: Design): DesignAction {
  if (!run || run.key !== key) return 'open';
  if (run.runKey === null) return 'rebuild';
  if (trainingKey(design) === run.runKey) return 'adopt';
  return run.fresh ? 'rebuild' : 'diverge';
}

/**
 * The editor's design put back to the design a run was trained on ("undo the change"): the run's networks, training
 * graph and settings, but what the run does not depend on stays as the user left it — blocks that still exist keep
 * their place and label, the design keeps its name, and the step budget, sample interval and critic's share stay.
 */
export function restoreRunDesign(current: Design, run: Design): Design {
  const networks = new Map(current.networks.map((n) => [n.id, n]));
  const { steps, sampleEvery, criticKeep } = current.training.settings;
  return {
    ...current,
    networks: run.networks.map(({ label: runLabel, ...n }) => {
      const now = networks.get(n.id);
      return { ...n, ...labelOf(now ?? { label: runLabel }), nodes: placeLike(n.nodes, now?.nodes ?? []) };
    }),
    training: { ...run.training, nodes: placeLike(run.training.nodes, current.training.nodes), settings: { ...run.training.settings, steps, sampleEvery, criticKeep } },
  };
}

function placeLike(nodes: readonly DesignNode[], now: readonly DesignNode[]): DesignNode[] {
  const byId = new Map(now.map((n) => [n.id, n]));
  return nodes.map((n) => {
    const here = byId.get(n.id);
    const { label: _label, ...rest } = n;
    return here ? { ...rest, position: here.position, ...labelOf(here) } : n;
  });
}

const labelOf = (x: Pick<Network | DesignNode, 'label'>): { label?: string } => (x.label === undefined ? {} : { label: x.label });
