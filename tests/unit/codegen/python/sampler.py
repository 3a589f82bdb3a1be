"""Deals indices with the PyTorch project's EpochSampler (templates/pytorch/images.py) on 2 gloo processes and prints,
as one JSON line, each rank's indices for two epochs of a 10-example set and, on one process, two streams of one set.
Used by torch-sources.test.ts."""
import json
import os
import socket
import sys

import torch
import torch.distributed as dist
import torch.multiprocessing as mp

sys.path.insert(0, os.path.join(os.path.dirname(__file__), '../../../../templates/pytorch'))
import images  # noqa: E402


def rank_main(rank, port, out):
    dist.init_process_group('gloo', init_method=f'tcp://127.0.0.1:{port}', rank=rank, world_size=2)
    images.SAMPLING.update(seed=3, epoch=0)
    sampler = images.EpochSampler(10)
    out[rank] = [sampler.take(5).tolist(), sampler.take(5).tolist()]
    dist.destroy_process_group()


if __name__ == '__main__':
    with socket.socket() as s:
        s.bind(('127.0.0.1', 0))
        port = s.getsockname()[1]
    with mp.Manager() as m:
        out = m.dict()
        mp.spawn(rank_main, args=(port, out), nprocs=2)
        ranks = [out[0], out[1]]
    images.SAMPLING.update(seed=3, epoch=0)
    streams = [images.EpochSampler(10, stream=1).take(10).tolist(), images.EpochSampler(10, stream=2).take(10).tolist()]
    print(json.dumps({'ranks': ranks, 'streams': streams}))
