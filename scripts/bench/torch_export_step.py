"""Times the exported dcgan-mnist PyTorch project's training step against a hand-written DCGAN of the same
architecture (dcgan_mnist_torch.py), for torch-export.bench.ts.

    python3 torch_export_step.py --project DIR [--threads N] [--warmup W] [--steps S] [--rounds R]
                                 [--min-rounds M] [--budget-s B]

DIR is a generated project (models.py, graph.py, losses.py, data.py, images.py, train.py); MNIST is read as train.py
reads it (env MNIST_DIR). Both models run in this one process, with the same torch thread count, and are timed in
interleaved rounds (export, hand-written; then hand-written, export; ...), S steps each a round, so both see the same
machine load. Before timing, the two are checked to be the same model: equal parameter and buffer shapes, equal output
shapes, equal outputs, losses and gradients once the export's weights are copied into the hand-written one, and equal
optimizer settings; any difference exits non-zero with a message. Prints one JSON line: per-step times and per-piece
times (draw, forward, backward, optimizer, per update) for each.
"""
import argparse
import copy
import json
import os
import statistics
import sys
import time

import torch

HERE = os.path.dirname(os.path.abspath(__file__))


class Mismatch(Exception):
    """The hand-written model or step is not the export's: the comparison would mean nothing."""


def load_export(project):
    sys.path.insert(0, project)
    import graph  # the generated project's modules
    import train
    from data import load_images, open_sources
    return graph, train, load_images, open_sources


def make_export(graph, seed):
    """The networks and optimizers as train.py makes them for a one-process CPU run."""
    torch.manual_seed(seed)
    nets = {k: cls() for k, cls in graph.NETWORKS.items()}
    optimizers = {k: make(p, nets[k].parameters()) for k, (make, p) in graph.OPTIMIZERS.items()}
    return nets, optimizers


def export_step_fn(graph, train, nets, optimizers, data, generator, batch, pieces):
    """train.py's step: its loop body over graph.PHASES for one process on the CPU (no DDP, EMA, bf16 or instance
    noise, as dcgan-mnist trains), statement for statement, with each piece timed."""
    s = graph.SETTINGS
    trained = nets
    device = torch.device('cpu')

    def draw():
        return graph.draw_sources(data, batch)

    def step():
        noise_std = 0.0  # train.py's annealed instance noise; dcgan-mnist has none (checked in main)
        reported = {}
        for phase in graph.PHASES:
            for _ in range(s['nCritic'] if phase.get('repeat') else 1):
                t0 = time.perf_counter()
                ctx = train.StepContext(noise_std, generator, device)
                b = {n: {p: t.to(device) for p, t in v.items()} for n, v in draw().items()}
                t1 = time.perf_counter()
                for n in trained:
                    for p in nets[n].parameters():
                        p.grad = None
                with torch.autocast(device.type, dtype=torch.bfloat16, enabled=False):
                    loss = phase['objective'](trained, b, ctx)
                t2 = time.perf_counter()
                loss.backward()
                t3 = time.perf_counter()
                for n in phase['networks']:
                    optimizers[n].step()
                for n, constrain, p in phase.get('constraints', []):
                    constrain(p, nets[n])
                t4 = time.perf_counter()
                pieces.add(phase['name'], t0, t1, t2, t3, t4)
            reported.update(ctx.metrics)
        return reported

    return step


def hand_step_fn(hand, g, d, opt_g, opt_d, draw, pieces):
    """dcgan_mnist_torch.train_step, unrolled only to time its pieces (same statements, same order)."""
    def step():
        t0 = time.perf_counter()
        z, x = draw()
        t1 = time.perf_counter()
        opt_d.zero_grad(set_to_none=True)
        loss_d = hand.d_loss(g, d, z, x)
        t2 = time.perf_counter()
        loss_d.backward()
        t3 = time.perf_counter()
        opt_d.step()
        t4 = time.perf_counter()
        pieces.add('critic', t0, t1, t2, t3, t4)
        t0 = time.perf_counter()
        z, _ = draw()
        t1 = time.perf_counter()
        opt_g.zero_grad(set_to_none=True)
        loss_g = hand.g_loss(g, d, z)
        t2 = time.perf_counter()
        loss_g.backward()
        t3 = time.perf_counter()
        opt_g.step()
        t4 = time.perf_counter()
        pieces.add('generator', t0, t1, t2, t3, t4)
        return loss_d, loss_g

    return step


class Pieces:
    """Per-update piece times (ms), recorded only while `on`."""

    def __init__(self):
        self.on = False
        self.times = {}

    def add(self, update, t0, t1, t2, t3, t4):
        if not self.on:
            return
        for name, a, b in (('draw', t0, t1), ('forward', t1, t2), ('backward', t2, t3), ('optimizer', t3, t4)):
            self.times.setdefault(f'{update} {name}', []).append((b - a) * 1000)

    def medians(self):
        return {k: statistics.median(v) for k, v in self.times.items()}


# --- the two are the same model -----------------------------------------------------------------------------------

def shapes(module):
    return [(k, tuple(v.shape)) for k, v in module.state_dict().items()]


def check_same_architecture(exp_g, exp_d, g, d, z, x):
    for name, a, b in (('G', exp_g, g), ('D', exp_d, d)):
        pa, pb = sum(p.numel() for p in a.parameters()), sum(p.numel() for p in b.parameters())
        if pa != pb:
            raise Mismatch(f'{name}: the export has {pa} parameters, the hand-written model {pb}')
        sa, sb = [s for _, s in shapes(a)], [s for _, s in shapes(b)]
        if sa != sb:
            raise Mismatch(f'{name}: state_dict shapes differ: export {shapes(a)}, hand-written {shapes(b)}')
    with torch.no_grad():
        for name, a, b, inp in (('G', exp_g, g, z), ('D', exp_d, d, x)):
            oa, ob = a.eval()(inp).shape, b.eval()(inp).shape
            a.train()
            b.train()
            if oa != ob:
                raise Mismatch(f'{name}: output shape {tuple(oa)} in the export, {tuple(ob)} hand-written')
    return {'G': sum(p.numel() for p in g.parameters()), 'D': sum(p.numel() for p in d.parameters())}


def flat_perm(n):
    """The export reshapes and flattens channels-last ([7, 7, 128]); the hand-written model channels-first. Index j of
    a channels-first vector is index perm[j] of the channels-last one."""
    c = n // 49
    return torch.arange(n).reshape(7, 7, c).permute(2, 0, 1).flatten()


def to_hand(exp_items, hand_keys):
    """The export's (key, tensor) pairs, in its state_dict order, as {hand-written key: tensor}: the two state_dicts
    list the same tensors in the same order, except that every axis the size of a flattened 7x7 map is permuted."""
    out = {}
    for (_, v), k in zip(exp_items, hand_keys):
        for axis, size in enumerate(v.shape):
            if size == 7 * 7 * 128:
                v = v.index_select(axis, flat_perm(size))
        out[k] = v.detach().clone()
    return out


def rel(a, b, floor=1e-12):
    """Relative difference, against a norm of at least `floor`."""
    return float((a - b).norm() / b.norm().clamp_min(floor))


def check_same_function(graph, train, hand, nets, opts, g, d, opt_g, opt_d, z, x):
    """Same outputs (eval and train mode), losses, gradients and batch-norm statistics from the same weights and batch
    (on copies: the timed models are left as they are); same optimizer classes and settings. Returns the largest
    relative difference seen."""
    exp_g, exp_d = copy.deepcopy(nets['G']), copy.deepcopy(nets['D'])
    g, d = copy.deepcopy(g), copy.deepcopy(d)
    for exp_net, net in ((exp_g, g), (exp_d, d)):
        net.load_state_dict(to_hand(exp_net.state_dict().items(), net.state_dict().keys()))
    tol = 1e-4
    worst = 0.0

    def close(what, a, b, floor=1e-12):
        nonlocal worst
        r = rel(a, b, floor)
        worst = max(worst, r)
        if not r <= tol:
            raise Mismatch(f'{what} differs: relative error {r:.3g} > {tol} (norms {float(a.norm()):.3g}, {float(b.norm()):.3g})')

    def grads(exp_net, net, who):
        exp = to_hand([(k, p.grad) for k, p in exp_net.named_parameters()], [k for k, _ in net.named_parameters()])
        # A bias followed by batch norm has a gradient of 0 but for rounding: compare each gradient against at least
        # a thousandth of the network's whole gradient.
        floor = 1e-3 * float(torch.cat([p.grad.flatten() for p in net.parameters()]).norm())
        for k, p in net.named_parameters():
            close(f"{who}'s gradient of {k}", exp[k], p.grad, floor)

    with torch.no_grad():
        for mode in ('eval', 'train'):
            for net in (exp_g, exp_d, g, d):
                getattr(net, mode)()
            close(f'G(z), {mode} mode', exp_g(z), g(z))
            close(f'D(x), {mode} mode', exp_d(x), d(x))
    by_name = {p['name']: p for p in graph.PHASES}
    if set(by_name) != {'critic', 'generator'}:
        raise Mismatch(f"the export's phases are {list(by_name)}, the hand-written step's critic and generator")
    gen = torch.Generator().manual_seed(0)
    batch = {'z': {'z': z}, 'data': {'x': x}}
    n = {'G': exp_g, 'D': exp_d}
    for updated, exp_net, net, loss_fn in (('critic', exp_d, d, lambda: hand.d_loss(g, d, z, x)),
                                           ('generator', exp_g, g, lambda: hand.g_loss(g, d, z))):
        for m in (exp_g, exp_d, g, d):
            m.zero_grad(set_to_none=True)
        exp_loss = by_name[updated]['objective'](n, batch, train.StepContext(0.0, gen, torch.device('cpu')))
        loss = loss_fn()
        close(f'the {updated} loss', exp_loss.detach(), loss.detach())
        exp_loss.backward()
        loss.backward()
        grads(exp_net, net, 'D' if net is d else 'G')
        if updated == 'critic':
            # Both sides have run G(z) and D(x) twice and D(G(z)) once in training mode: batch norm's running
            # statistics (its momentum) must agree.
            for exp_net, net in ((exp_g, g), (exp_d, d)):
                exp = to_hand(exp_net.state_dict().items(), net.state_dict().keys())
                for k, v in net.state_dict().items():
                    if 'running' in k:
                        close(f'{k} after the critic update', exp[k], v)
    for name, a, b in (('G', opts['G'], opt_g), ('D', opts['D'], opt_d)):
        sa = {k: v for k, v in a.param_groups[0].items() if k != 'params'}
        sb = {k: v for k, v in b.param_groups[0].items() if k != 'params'}
        if type(a) is not type(b) or sa != sb or len(a.param_groups) != 1 or len(b.param_groups) != 1:
            raise Mismatch(f"{name}'s optimizer: export {type(a).__name__} {sa}, hand-written {type(b).__name__} {sb}")
    return worst


# --- timing -------------------------------------------------------------------------------------------------------

def timed(step, n):
    """Runs `step` n times; returns each run's wall time and CPU time of this process, in ms."""
    wall, cpu = [], []
    for _ in range(n):
        t0, c0 = time.perf_counter(), time.process_time()
        step()
        wall.append((time.perf_counter() - t0) * 1000)
        cpu.append((time.process_time() - c0) * 1000)
    return wall, cpu


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument('--project', required=True)
    ap.add_argument('--threads', type=int, default=0, help="torch threads for both (default: torch's own default)")
    ap.add_argument('--warmup', type=int, default=2, help='untimed steps of each model first')
    ap.add_argument('--steps', type=int, default=1, help='steps of each model per round')
    ap.add_argument('--rounds', type=int, default=40)
    ap.add_argument('--min-rounds', type=int, default=8)
    ap.add_argument('--budget-s', type=float, default=60, help='no new round starts after this many seconds of timing')
    args = ap.parse_args()

    if args.threads > 0:
        torch.set_num_threads(args.threads)
    threads = torch.get_num_threads()
    graph, train, load_images, open_sources = load_export(os.path.abspath(args.project))
    sys.path.insert(0, HERE)
    import dcgan_mnist_torch as hand

    s = graph.SETTINGS
    batch = s['batchSize']
    if batch != hand.BATCH:
        raise Mismatch(f"the design's batch is {batch}, the hand-written model's {hand.BATCH}")
    if s['emaDecay'] or s['instanceNoise'] or s['nCritic'] != 1:
        raise Mismatch(f"the design trains with EMA, instance noise or nCritic != 1 ({s}); the hand-written step does not")
    # One in-memory MNIST for both, read as train.py reads it.
    images = load_images(graph.IMAGE_SETS, {'folder': None, 'folderA': None, 'folderB': None})

    # The export as train.py makes it (its seed, its generator for every draw); the hand-written model.
    nets, opts = make_export(graph, s['seed'])
    generator = torch.Generator().manual_seed(s['seed'] * 1000 + 1)
    data = open_sources(images, generator)
    torch.manual_seed(s['seed'])
    g, d = hand.make_dcgan()
    opt_g, opt_d = hand.make_optimizers(g, d)
    draw = hand.mnist_sampler(images['mnist'][0], batch)

    z, x = draw()
    params = check_same_architecture(nets['G'], nets['D'], g, d, z, x)
    worst = check_same_function(graph, train, hand, nets, opts, g, d, opt_g, opt_d, z, x)

    pieces = {'export': Pieces(), 'hand': Pieces()}
    steps = {
        'export': export_step_fn(graph, train, nets, opts, data, generator, batch, pieces['export']),
        'hand': hand_step_fn(hand, g, d, opt_g, opt_d, draw, pieces['hand']),
    }
    load = [os.getloadavg()[0]]
    warm_start = time.perf_counter()
    for name in ('export', 'hand'):
        timed(steps[name], args.warmup)
    warm_s = time.perf_counter() - warm_start
    for p in pieces.values():
        p.on = True
    wall = {'export': [], 'hand': []}
    cpu = {'export': [], 'hand': []}
    rounds = {'export': [], 'hand': []}
    start = time.perf_counter()
    done = 0
    for r in range(args.rounds):
        if r >= args.min_rounds and time.perf_counter() - start > args.budget_s:
            break
        # A B, B A, A B, ...: each model goes first every other round.
        for name in (['export', 'hand'] if r % 2 == 0 else ['hand', 'export']):
            w, c = timed(steps[name], args.steps)
            wall[name] += w
            cpu[name] += c
            rounds[name].append(statistics.median(w))
        done += 1
    load.append(os.getloadavg()[0])
    print(json.dumps({
        'torch': torch.__version__,
        'threads': threads,
        'cpus': os.cpu_count() or 1,
        'load': load,
        'batch': batch,
        'params': params,
        'check_worst_rel': worst,
        'warmup_steps': args.warmup,
        'warmup_s': warm_s,
        'timed_s': time.perf_counter() - start,
        'rounds': done,
        'steps_per_round': args.steps,
        'wall_ms': wall,
        'cpu_ms': cpu,
        'round_ms': rounds,
        'pieces': {k: p.medians() for k, p in pieces.items()},
    }), flush=True)


if __name__ == '__main__':
    try:
        main()
    except Mismatch as e:
        print(f'torch_export_step.py: the hand-written DCGAN is not the exported one: {e}', file=sys.stderr)
        sys.exit(3)
