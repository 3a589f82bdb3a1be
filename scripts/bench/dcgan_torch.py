"""PyTorch CPU twin of the DCGAN in wasm-dcgan.bench.ts, for that bench's comparison only (never a dependency).

Same layers, shapes, bias choices, BN epsilon, Adam settings, batch and loss; NCHW instead of NHWC. 'same' padding
with kernel 4, stride 2 on even sizes is TF's pad 1 on each side, which is padding=1 here.

Run alone, prints one JSON line: median ms per step (one D update + one G update) with all CPU threads and with one
thread. With --serve (how the bench runs it, so that it can interleave PyTorch and wasm rounds and both see the same
machine load): prints {"ready": ...}, then answers each stdin line {"threads": n, "steps": k} with {"ms": [k step
times]}, keeping one warmed-up model per thread count.
"""

import json
import os
import statistics
import sys
import time

import torch
from torch import nn
import torch.nn.functional as F

BATCH = 32
Z = 64


def make_dcgan():
    g = nn.Sequential(
        nn.Linear(Z, 7 * 7 * 32, bias=False),
        nn.BatchNorm1d(7 * 7 * 32, eps=1e-5),
        nn.ReLU(),
        nn.Unflatten(1, (32, 7, 7)),
        nn.ConvTranspose2d(32, 16, 4, stride=2, padding=1),
        nn.BatchNorm2d(16, eps=1e-5),
        nn.ReLU(),
        nn.ConvTranspose2d(16, 1, 4, stride=2, padding=1),
        nn.Tanh(),
    )
    d = nn.Sequential(
        nn.Conv2d(1, 16, 4, stride=2, padding=1),
        nn.LeakyReLU(0.2),
        nn.Conv2d(16, 32, 4, stride=2, padding=1),
        nn.LeakyReLU(0.2),
        nn.Flatten(),
        nn.Linear(7 * 7 * 32, 1),
    )
    for m in [*g.modules(), *d.modules()]:
        if isinstance(m, (nn.Conv2d, nn.ConvTranspose2d, nn.Linear)):
            nn.init.normal_(m.weight, 0.0, 0.02)
    return g, d


def make_step():
    g, d = make_dcgan()
    opt_d = torch.optim.Adam(d.parameters(), lr=2e-4, betas=(0.5, 0.999))
    opt_g = torch.optim.Adam(g.parameters(), lr=2e-4, betas=(0.5, 0.999))
    real = torch.rand(BATCH, 1, 28, 28) * 2 - 1

    def step():
        with torch.no_grad():
            fake = g(torch.randn(BATCH, Z))
        opt_d.zero_grad(set_to_none=True)
        loss_d = F.softplus(-d(real)).mean() + F.softplus(d(fake)).mean()
        loss_d.backward()
        opt_d.step()
        # tfjs's variableGrads(f, g_vars) takes no gradient for D's weights in the G update; match that work here.
        d.requires_grad_(False)
        opt_g.zero_grad(set_to_none=True)
        loss_g = F.softplus(-d(g(torch.randn(BATCH, Z)))).mean()
        loss_g.backward()
        opt_g.step()
        d.requires_grad_(True)
        return loss_g.item()

    return step


def median_ms(step, runs=15, warmup=3):
    for _ in range(warmup):
        step()
    times = []
    for _ in range(runs):
        t0 = time.perf_counter()
        step()
        times.append((time.perf_counter() - t0) * 1000)
    return statistics.median(times)


def timed_steps(step, steps):
    times = []
    for _ in range(steps):
        t0 = time.perf_counter()
        step()
        times.append((time.perf_counter() - t0) * 1000)
    return times


def serve():
    torch.manual_seed(0)
    steps_by_threads = {}
    print(json.dumps({"ready": True, "torch": torch.__version__, "cpus": os.cpu_count() or 1}), flush=True)
    for line in sys.stdin:
        if not line.strip():
            continue
        cmd = json.loads(line)
        threads = int(cmd["threads"])
        torch.set_num_threads(threads)
        if threads not in steps_by_threads:
            steps_by_threads[threads] = make_step()
            timed_steps(steps_by_threads[threads], 3)  # warm-up: allocator, kernel selection
        print(json.dumps({"ms": timed_steps(steps_by_threads[threads], int(cmd["steps"]))}), flush=True)


def main():
    if "--serve" in sys.argv[1:]:
        serve()
        return
    torch.manual_seed(0)
    threads = os.cpu_count() or 1
    torch.set_num_threads(threads)
    all_threads = median_ms(make_step())
    torch.set_num_threads(1)
    one_thread = median_ms(make_step())
    print(json.dumps({
        "ms_per_step": all_threads,
        "ms_per_step_1thread": one_thread,
        "threads": threads,
        "torch": torch.__version__,
    }))


if __name__ == "__main__":
    main()
