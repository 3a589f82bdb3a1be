"""Writes a checkpoint's weights back in GAN Studio's layouts, for `gan import-weights` (then `gan eval`, the app).

    python export_weights.py [--checkpoint checkpoints/last.pt] [--out gan-studio-weights.json]

Each network's tensors go in GAN Studio's weight order (graph.LAYOUT), each put back from PyTorch's axis order into
tfjs's (channels-last kernels), as little-endian float32 in base64; the generators' moving averages go too.
"""
import argparse
import base64
import json

import numpy as np
import torch

import graph


def tensors(state, layout):
    out = []
    for key, perm in layout:
        t = state[key].detach().float().cpu()
        if perm is not None:
            inverse = [perm.index(i) for i in range(len(perm))]
            t = t.permute(*inverse)
        a = np.ascontiguousarray(t.numpy(), dtype='<f4')
        out.append({'shape': list(a.shape), 'data': base64.b64encode(a.tobytes()).decode('ascii')})
    return out


def main():
    p = argparse.ArgumentParser(description=__doc__.split('\n')[0])
    p.add_argument('--checkpoint', default='checkpoints/last.pt')
    p.add_argument('--out', default='gan-studio-weights.json')
    args = p.parse_args()
    # The weights-only unpickler where torch has a working one (2.0 on; 1.13's cannot read a float): a full unpickle
    # runs whatever code the file names.
    safe = {'weights_only': True} if int(torch.__version__.split('.')[0]) >= 2 else {}
    state = torch.load(args.checkpoint, map_location='cpu', **safe)
    payload = {
        'step': state['step'],
        'networks': {k: tensors(state['networks'][k], layout) for k, layout in graph.LAYOUT.items()},
        'ema': {k: tensors(state['ema'][k], graph.LAYOUT[k]) for k in state.get('ema', {})},
    }
    with open(args.out, 'w') as f:
        json.dump(payload, f)
    print(f"wrote {args.out}: step {payload['step']}, networks {', '.join(payload['networks'])}")


if __name__ == '__main__':
    main()
