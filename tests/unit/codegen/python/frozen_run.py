"""Runs an exported project's train.py (its arguments are this script's, the project is the working folder) and then
reports, as one JSON line, how the frozen networks it loaded came through: whether their weights are bit-identical to
what was loaded and to a fresh load of the file, whether any was trainable, in training mode or given a gradient,
and whether the checkpoint or an optimizer holds them. Used by torch-parity.test.ts, in the same process as the
training, so it sees the very modules the loss terms ran."""
import json
import os
import sys

sys.path.insert(0, os.getcwd())

import torch  # noqa: E402

import frozen  # noqa: E402
import graph  # noqa: E402
import train  # noqa: E402

loaded = []
load = frozen.load_frozen


def spy(specs, device):
    nets = load(specs, device)
    loaded.append((nets, {n: {k: v.clone() for k, v in m.state_dict().items()} for n, m in nets.items()}))
    return nets


frozen.load_frozen = spy
sys.argv = ['train.py', *sys.argv[1:]]
train.main()

(nets, before), = loaded
report = {}
for name, net in nets.items():
    fresh = frozen.load_frozen(graph.FROZEN, 'cpu')[name].state_dict()
    after = net.state_dict()
    report[name] = {
        'tensors': len(after),
        'unchanged': all(torch.equal(before[name][k], v) for k, v in after.items()),
        'asFile': all(torch.equal(fresh[k], v) for k, v in after.items()),
        'training': net.training,
        'requiresGrad': any(p.requires_grad for p in net.parameters()),
        'grads': any(p.grad is not None for p in net.parameters()),
    }
state = train.load_tensors(os.path.join('checkpoints', 'last.pt'))
counts = {k: len(list(cls().parameters())) for k, cls in graph.NETWORKS.items()}
print(json.dumps({
    'frozen': report,
    'checkpointNetworks': sorted(state['networks']),
    'optimizedParameters': {k: sum(len(g['params']) for g in o['param_groups']) for k, o in state['optimizers'].items()},
    'networkParameters': {k: counts[k] for k in state['optimizers']},
}))
