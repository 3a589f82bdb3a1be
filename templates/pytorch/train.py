"""Trains the design with PyTorch, on one process or many: the same step as GAN Studio's (lib/train/step.ts).

    python train.py [--steps N] [--batch B] [--device cpu|cuda] [--resume] [--out DIR]
    torchrun --nproc_per_node=N train.py ...              one machine, N processes (one per GPU)
    torchrun --nnodes=M --nproc_per_node=N --rdzv-backend=c10d --rdzv-endpoint=HOST:PORT train.py ...

A step runs the design's phases in order (graph.py PHASES): the reconstruction update, nCritic critic updates (each
followed by its constraints, e.g. weight clipping), the generator update; then the moving average of the generators'
weights. Under torchrun every network is wrapped in DistributedDataParallel, each rank draws its own batch of --batch
examples from a generator seeded with seed + rank, gradients are averaged across ranks, and rank 0 alone writes
samples, logs and checkpoints.
"""
import argparse
import copy
import json
import os
import time

import torch
import torch.distributed as dist
from torch.nn.parallel import DistributedDataParallel as DDP

import graph
import models
import images
from data import load_images, open_sources
from sample import write_sample


class StepContext:
    """What an objective may use besides the networks and the update's draw (as in GAN Studio's step runtime)."""

    def __init__(self, noise_std, generator, device, replay=None, frozen=None):
        self.noise_std, self.generator, self.device, self.replay = noise_std, generator, device, replay
        self.frozen = frozen or {}  # the frozen networks the loss terms read (graph.py FROZEN), never trained
        self.metrics = {}

    def noisy(self, x):
        """Instance noise on a critic's input (Sonderby 2016), annealed to 0; never on labels."""
        if self.noise_std <= 0:
            return x
        if self.replay:
            return x + self.replay.take(x.shape, x.device)
        return x + self.noise_std * torch.randn(x.shape, generator=self.generator).to(x.device)

    def uniform(self, n):
        """n draws of U[0, 1) from the run's generator (the gradient penalty's eps)."""
        if self.replay:
            return self.replay.take((n,), self.device)
        return torch.rand(n, generator=self.generator).to(self.device)

    def metric(self, name, value):
        self.metrics[name] = value.detach()
        return value


def replayed(own, shape_of, take):
    """A module's noise(x), taken from the recording in training mode."""
    return lambda module, x: take(shape_of(x), x.device) if module.training else own(module, x)


class Replay:
    """A recorded run (--draws), replayed: per update, the draw of every source and the random tensors the objective
    drew, in order (dropout masks, StyleGAN's noise images, the gradient penalty's eps, instance noise; channels-first,
    as GAN Studio's parity test writes them). Each rank takes its share of every batch. A recording that does not fit
    the step stops the run with a message rather than training on something else."""

    def __init__(self, path, rank, world):
        self.updates, self.rank, self.world = iter(load_tensors(path)), rank, world
        self.drawn, self.update = [], 0

    def share(self, t):
        return t.chunk(self.world, 0)[self.rank]

    def used_up(self):
        if self.drawn:
            raise SystemExit(f'--draws: update {self.update} drew {len(self.drawn)} random tensors fewer than the recording holds')

    def sources(self):
        self.used_up()
        u = next(self.updates, None)
        if u is None:
            raise SystemExit(f'--draws: the recording ends after {self.update} updates')
        self.update += 1
        self.drawn = [self.share(t) for t in u.get('#drawn', [])]
        return {n: {p: self.share(t) for p, t in v.items()} for n, v in u.items() if n != '#drawn'}

    def take(self, shape, device):
        if not self.drawn:
            raise SystemExit(f'--draws: update {self.update} draws more random tensors than the recording holds')
        t = self.drawn.pop(0)
        if t.numel() != torch.Size(shape).numel():
            raise SystemExit(f'--draws: update {self.update} needs a random draw of shape {list(shape)}; the recording has {list(t.shape)}')
        return t.reshape(shape).to(device)

    def inside_networks(self):
        """The networks' own draws in training mode come from the recording too: dropout masks, Gaussian noise, StyleGAN's
        noise images (samples, drawn in eval mode between updates, keep their own noise)."""
        take = self.take

        def dropout(module, x):
            return x * take(x.shape, x.device) if module.training and module.p > 0 else x

        torch.nn.Dropout.forward = dropout
        noise_shapes = {'NoiseInjection': lambda x: (x.shape[0], 1, *x.shape[2:]), 'GaussianNoise': lambda x: x.shape}
        for name, shape_of in noise_shapes.items():
            cls = getattr(models, name, None)
            if cls is not None:
                cls.noise = replayed(cls.noise, shape_of, take)

    def metric(self, name, value):
        self.metrics[name] = value.detach()
        return value


def parse_args():
    s = graph.SETTINGS
    p = argparse.ArgumentParser(description=__doc__.split('\n')[0])
    p.add_argument('--steps', type=int, default=None, help=f"steps to train in this run (default: the design's {s['steps']}, less any resumed)")
    p.add_argument('--batch', type=int, default=s['batchSize'], help='examples per update on each process')
    p.add_argument('--seed', type=int, default=s['seed'])
    p.add_argument('--device', default='cuda' if torch.cuda.is_available() else 'cpu')
    p.add_argument('--out', default='.', help='where samples/ and checkpoints/ go')
    p.add_argument('--resume', action='store_true', help='continue from --out/checkpoints/last.pt')
    p.add_argument('--init', default='weights/initial.json', help='weights to start from, when the export carried the browser\'s (default: weights/initial.json if present)')
    p.add_argument('--sample-every', type=int, default=s['sampleEvery'])
    p.add_argument('--checkpoint-every', type=int, default=0, help='steps between checkpoints (default: only at the end)')
    p.add_argument('--log-every', type=int, default=10)
    p.add_argument('--sync-batchnorm', action='store_true', help='synchronise batch-norm statistics across processes')
    p.add_argument('--bf16', action='store_true', help='autocast the forward passes to bfloat16')
    p.add_argument('--compile', action='store_true', help='torch.compile the networks (PyTorch 2)')
    p.add_argument('--draws', help='a torch file with a recorded run to replay instead of drawing: per update, the sources\' draws and the random tensors drawn inside it (each rank takes its share of every batch); to compare runs')
    p.add_argument('--data', help='your image folder, for designs that train on one')
    p.add_argument('--data-a', help='your first folder, for two-domain designs')
    p.add_argument('--data-b', help='your second folder, for two-domain designs')
    p.add_argument('--pairs', help='your folder of pairs, A/ and B/ with matching file names, for paired designs')
    return p.parse_args()


def main():
    args = parse_args()
    distributed = int(os.environ.get('WORLD_SIZE', '1')) > 1
    if distributed:
        dist.init_process_group('nccl' if args.device == 'cuda' else 'gloo')
    rank = dist.get_rank() if distributed else 0
    world = dist.get_world_size() if distributed else 1
    device = torch.device(f"cuda:{int(os.environ.get('LOCAL_RANK', 0))}" if args.device == 'cuda' else args.device)
    if device.type == 'cuda':
        torch.cuda.set_device(device)

    # Initial weights from the design's seed, the same on every rank; then each rank draws its own batches.
    torch.manual_seed(args.seed)
    nets = {k: cls().to(device) for k, cls in graph.NETWORKS.items()}
    optimizers = {k: make(p, nets[k].parameters()) for k, (make, p) in graph.OPTIMIZERS.items()}
    ema = {k: copy.deepcopy(nets[k]).requires_grad_(False) for k in graph.GENERATORS} if graph.SETTINGS['emaDecay'] > 0 else {}
    # The feature loss's classifier: outside `nets`, so in no optimizer, no DDP wrapper and no checkpoint.
    frozen = load_frozen(device)
    step = 0
    ckpt_dir = os.path.join(args.out, 'checkpoints')
    if not args.resume and os.path.exists(args.init):
        step = load_initial(nets, args.init)
        for k, avg in ema.items():
            avg.load_state_dict(nets[k].state_dict())
    if args.resume:
        state = load_tensors(os.path.join(ckpt_dir, 'last.pt'), map_location=device)
        for k, net in nets.items():
            net.load_state_dict(state['networks'][k])
        for k, opt in optimizers.items():
            opt.load_state_dict(state['optimizers'][k])
        for k, avg in ema.items():
            avg.load_state_dict(state['ema'][k])
        step = state['step']
    if distributed and args.sync_batchnorm:
        nets = {k: torch.nn.SyncBatchNorm.convert_sync_batchnorm(n) for k, n in nets.items()}
    # broadcast_buffers=False: a critic runs on real and on generated data before one backward pass, and DDP's default
    # re-broadcast of batch-norm statistics at each forward would change buffers the first pass still needs. Each rank
    # keeps its own running statistics (--sync-batchnorm shares the batch statistics instead).
    def wrap(n):
        if not distributed or not any(p.requires_grad for p in n.parameters()):
            return n
        return DDP(n, device_ids=[device.index] if device.type == 'cuda' else None, broadcast_buffers=False)
    trained = {k: wrap(n) for k, n in nets.items()}
    if args.compile:
        trained = {k: torch.compile(n) for k, n in trained.items()}

    generator = torch.Generator().manual_seed(args.seed * 1000 + rank + 1 + step)
    # Datasets deal their examples in epochs, each rank its shard (images.EpochSampler); a resumed run starts a fresh
    # permutation rather than repeat the first run's.
    images.SAMPLING.update(seed=args.seed, epoch=step)
    data = open_sources(load_images(graph.IMAGE_SETS, {'folder': args.data, 'folderA': args.data_a, 'folderB': args.data_b, 'pairs': args.pairs}), generator)
    fixed = {k: {p: t.to(device) for p, t in v.items()} for k, v in graph.draw_sources(data, 64).items()}

    replay = Replay(args.draws, rank, world) if args.draws else None
    if replay:
        replay.inside_networks()

    def draw():
        return replay.sources() if replay else graph.draw_sources(data, args.batch)

    s = graph.SETTINGS
    total = step + (args.steps if args.steps is not None else max(0, s['steps'] - step))
    started = time.time()
    while step < total:
        noise_std = s['instanceNoise'] * max(0.0, 1 - step / s['steps']) if s['instanceNoise'] > 0 else 0.0
        reported = {}
        for phase in graph.PHASES:
            for k in range(s['nCritic'] if phase.get('repeat') else 1):
                ctx = StepContext(noise_std, generator, device, replay, frozen)
                batch = {n: {p: t.to(device) for p, t in v.items()} for n, v in draw().items()}
                for n in trained:
                    for p in nets[n].parameters():
                        p.grad = None
                with torch.autocast(device.type, dtype=torch.bfloat16, enabled=args.bf16):
                    loss = phase['objective'](trained, batch, ctx)
                loss.backward()
                for n in phase['networks']:
                    optimizers[n].step()
                for n, constrain, p in phase.get('constraints', []):
                    constrain(p, nets[n])
            reported.update(ctx.metrics)  # each phase's last update, as GAN Studio reports a step
        with torch.no_grad():
            for k, avg in ema.items():
                d = s['emaDecay']
                for a, w in zip(avg.state_dict().values(), nets[k].state_dict().values()):
                    a.copy_(d * a + (1 - d) * w) if a.dtype.is_floating_point else a.copy_(w)
        step += 1
        if rank == 0 and (step % args.log_every == 0 or step == total):
            values = {k: float(v) for k, v in reported.items() if not k.startswith('#')}
            scores = {k[1:]: float(v) for k, v in reported.items() if k.startswith('#')}
            print(json.dumps({'step': step, 'losses': values, **scores, 'seconds': round(time.time() - started, 2)}), flush=True)
        if rank == 0 and (step % args.sample_every == 0 or step == total):
            with torch.no_grad():
                sampler = {**nets, **ema}
                for n in sampler.values():
                    n.eval()
                write_sample(graph.generated(sampler, fixed), os.path.join(args.out, 'samples', f'step-{step:07d}.png'), graph.SAMPLE_KIND)
                for n in sampler.values():
                    n.train()
        if rank == 0 and ((args.checkpoint_every and step % args.checkpoint_every == 0) or step == total):
            save_checkpoint(ckpt_dir, step, nets, optimizers, ema)
    if replay:
        replay.used_up()
    if distributed:
        dist.barrier()
        dist.destroy_process_group()


def load_frozen(device):
    """The frozen networks graph.py FROZEN names; only projects whose loss terms read one carry frozen.py."""
    if not graph.FROZEN:
        return {}
    import frozen

    return frozen.load_frozen(graph.FROZEN, device)


def load_tensors(path, **kwargs):
    """torch.load of a file of tensors and numbers, with the weights-only unpickler where torch has a working one: a
    full unpickle runs whatever code the file names. PyTorch 2.6 makes it the default; 1.13's cannot read a float, so
    there the file is trusted as before."""
    if int(torch.__version__.split('.')[0]) >= 2:
        kwargs['weights_only'] = True
    return torch.load(path, **kwargs)


def file_in(folder, name, manifest):
    """`name`, as the manifest file `manifest` names it, as a path inside `folder`. A manifest is data anyone could
    have edited: one naming '../../etc/passwd', an absolute path, or a link that leads out of the folder is refused,
    never read."""
    if not isinstance(name, str) or not name or '\0' in name:
        raise SystemExit(f'E_RESUME_FORMAT: {manifest} names no weights file')
    root = os.path.realpath(folder)
    path = os.path.realpath(os.path.join(root, name))
    try:
        inside = not os.path.isabs(name) and os.path.commonpath([root, path]) == root
    except ValueError:  # another drive, on Windows
        inside = False
    if not inside:
        raise SystemExit(f'E_RESUME_PATH: {manifest} names {name!r}, which is not inside {root}; '
                         'a checkpoint reads only its own files. Was it edited, or made by someone else?')
    return path


def load_initial(nets, path):
    """Weights trained in GAN Studio's browser, converted to PyTorch's layouts at export. Returns their step."""
    import numpy as np

    try:
        with open(path) as f:
            manifest = json.load(f)
        weights_file, networks = manifest['file'], dict(manifest['networks'])
    except (ValueError, KeyError, TypeError) as e:
        raise SystemExit(f'E_RESUME_FORMAT: {path} is not a weights manifest ({e})')
    with open(file_in(os.path.dirname(path) or '.', weights_file, path), 'rb') as f:
        blob = f.read()
    for k, entries in networks.items():
        if k not in nets:
            raise SystemExit(f'E_RESUME_FORMAT: {path} has weights for {k!r}, which models.py does not define')
        try:
            state = {e['key']: torch.from_numpy(np.frombuffer(blob, dtype='<f4', count=int(np.prod(e['shape'])), offset=e['offset']).copy()).reshape(e['shape']) for e in entries}
        except (ValueError, KeyError, TypeError) as e:
            raise SystemExit(f'E_RESUME_FORMAT: {path}: the weights of {k} do not fit its file ({e})')
        own = {key for key in nets[k].state_dict() if not key.endswith('num_batches_tracked')}
        if set(state) != own:
            raise SystemExit(f'{path}: the weights of {k} do not fit models.py (missing {sorted(own - set(state))}, extra {sorted(set(state) - own)})')
        nets[k].load_state_dict(state, strict=False)
    return int(manifest.get('step', 0))


def save_checkpoint(folder, step, nets, optimizers, ema):
    """Writes checkpoints/last.pt through a temporary file, so an interrupted save leaves the previous one whole."""
    os.makedirs(folder, exist_ok=True)
    state = {
        'step': step,
        'networks': {k: n.state_dict() for k, n in nets.items()},
        'optimizers': {k: o.state_dict() for k, o in optimizers.items()},
        'ema': {k: n.state_dict() for k, n in ema.items()},
    }
    tmp = os.path.join(folder, 'last.pt.tmp')
    torch.save(state, tmp)
    os.replace(tmp, os.path.join(folder, 'last.pt'))


if __name__ == '__main__':
    main()
