"""The frozen networks the design's loss terms read: the feature loss's MNIST classifier, GAN Studio's own (99.4 % test
accuracy), as its app, CLI and TypeScript export run it (lib/metrics/classifier/model.ts classifierActivations).

Its weights are the project's eval/mnist-classifier/: model.json (the manifest) beside weights.bin (float32
little-endian, in the manifest's order and tfjs's layouts), plain numbers, never unpickled. Every shape is checked
against the architecture graph.py FROZEN names before a value is used, so a stale, truncated or foreign file stops the
run with a message. The network is never trained: no gradient, eval mode, in no optimizer, not in the checkpoints.
"""
import json
import os

import numpy as np
import torch
import torch.nn.functional as F

HERE = os.path.dirname(os.path.abspath(__file__))


def refuse(code, message):
    raise SystemExit(f'{code}: {message}')


class MnistClassifier(torch.nn.Module):
    """'valid' 3x3 convolutions (batch norm folded into their weights) with ReLU, 2x2 max-pools where the architecture
    says, then a dense layer with ReLU (the 128-d features) and one to the 10 logits; channels-first."""

    def __init__(self, spec):
        super().__init__()
        self.side, self.cin = spec['input'][0], spec['input'][2]
        self.layers = [layer['name'] for layer in spec['conv']]
        self.pools = [layer['pool'] for layer in spec['conv']]
        convs, cin, side = [], self.cin, self.side
        for layer in spec['conv']:
            convs.append(torch.nn.Conv2d(cin, layer['filters'], layer['kernel']))
            cin, side = layer['filters'], side - layer['kernel'] + 1
            if layer['pool']:
                side //= 2
        self.convs = torch.nn.ModuleList(convs)
        self.flat = (cin, side, side)
        self.dense1 = torch.nn.Linear(cin * side * side, spec['features'])
        self.dense2 = torch.nn.Linear(spec['features'], spec['classes'])

    def train(self, mode=True):
        """Always eval mode: nothing a run does (sampling switches networks back to training) may change that."""
        return super().train(False)

    def activations(self, x, layer):
        """The activations at `layer` (a conv block's ReLU output, before its pooling, or 'features') of images in
        [0, 1], [n, 1, 28, 28] or [n, 784]: with one channel, both frameworks' flat orders are the same."""
        h = x.reshape(-1, self.cin, self.side, self.side)
        for name, conv, pool in zip(self.layers, self.convs, self.pools):
            h = F.relu(conv(h))
            if name == layer:
                return h
            if pool:
                h = F.max_pool2d(h, 2, 2)
        if layer != 'features':
            refuse('E_FROZEN_LAYER', f"the classifier has no layer {layer!r}; it has {', '.join(self.layers)}, features")
        return F.relu(self.dense1(h.flatten(1)))

    def forward(self, x):
        """The 128-d features and the logits, as GAN Studio's classifierForward returns them."""
        features = self.activations(x, 'features')
        return features, self.dense2(features)


def read_classifier(spec):
    """The file's tensors, checked against `spec` (graph.py FROZEN): {name: numpy array in tfjs's layout}."""
    folder = os.path.join(HERE, spec['dir'])
    manifest_path, bin_path = os.path.join(folder, 'model.json'), os.path.join(folder, 'weights.bin')
    try:
        with open(manifest_path, encoding='utf-8') as f:
            manifest = json.load(f)
        with open(bin_path, 'rb') as f:
            blob = f.read()
    except OSError as e:
        refuse('E_FROZEN_MISSING', f'the feature loss trains with the MNIST classifier in {folder} (model.json, weights.bin), '
               f'which cannot be read ({e.strerror}); export the project again')
    except ValueError as e:
        refuse('E_FROZEN_FORMAT', f'{manifest_path} is not valid JSON ({e}); export the project again')
    if not isinstance(manifest, dict) or manifest.get('format') != spec['format']:
        refuse('E_FROZEN_FORMAT', f'{manifest_path} needs "format": "{spec["format"]}"')
    if manifest.get('version') != spec['version']:
        refuse('E_FROZEN_VERSION', f'{manifest_path} is version {manifest.get("version")!r}; this project reads version {spec["version"]}')
    if manifest.get('architecture') != spec['architecture']:
        refuse('E_FROZEN_WEIGHTS', f'{manifest_path} is for {manifest.get("architecture")!r}; this project runs {spec["architecture"]!r}')
    want = [(w['name'], list(w['shape']), 'float32') for w in spec['weights']]
    try:
        have = [(w['name'], list(w['shape']), w['dtype']) for w in manifest['weights']]
    except (KeyError, TypeError) as e:
        refuse('E_FROZEN_FORMAT', f'{manifest_path} does not list its weights as name, shape and dtype ({e!r})')
    if have != want:
        i = next(i for i in range(max(len(have), len(want))) if i >= len(have) or i >= len(want) or have[i] != want[i])
        got, need = (have[i] if i < len(have) else 'nothing'), (want[i] if i < len(want) else 'nothing')
        refuse('E_FROZEN_WEIGHTS', f'{manifest_path}: weight {i + 1} is {got}; the architecture needs {need}')
    sizes = [int(np.prod(shape)) for _, shape, _ in want]
    if len(blob) != 4 * sum(sizes) or manifest.get('weightsBytes') != len(blob):
        refuse('E_FROZEN_WEIGHTS', f'{bin_path} has {len(blob)} bytes; the architecture needs {4 * sum(sizes)}. The file is truncated or from another model')
    out, offset = {}, 0
    for (name, shape, _), size in zip(want, sizes):
        values = np.frombuffer(blob, dtype='<f4', count=size, offset=offset).reshape(shape)
        offset += 4 * size
        if not np.isfinite(values).all():
            refuse('E_FROZEN_WEIGHTS', f'{bin_path}: {name} holds a value that is not finite; the file is corrupt')
        out[name] = values
    return out


def load_classifier(spec, device):
    """The classifier with the file's weights in PyTorch's layouts, frozen."""
    w = read_classifier(spec)
    net = MnistClassifier(spec)
    state = {}
    for i, layer in enumerate(spec['conv']):
        # tfjs's conv kernels are [h, w, in, out]; PyTorch's [out, in, h, w].
        state[f'convs.{i}.weight'] = torch.from_numpy(w[f"{layer['name']}/kernel"].transpose(3, 2, 0, 1).copy())
        state[f'convs.{i}.bias'] = torch.from_numpy(w[f"{layer['name']}/bias"].copy())
    # tfjs flattens [n, h, w, c] in h, w, c order, PyTorch [n, c, h, w] in c, h, w order: dense1's input rows are
    # reordered to match, and each dense kernel [in, out] becomes a Linear weight [out, in].
    c, h, wd = net.flat
    dense1 = w['dense1/kernel'].reshape(h, wd, c, -1).transpose(3, 2, 0, 1).reshape(-1, c * h * wd)
    state['dense1.weight'] = torch.from_numpy(dense1.copy())
    state['dense1.bias'] = torch.from_numpy(w['dense1/bias'].copy())
    state['dense2.weight'] = torch.from_numpy(w['dense2/kernel'].T.copy())
    state['dense2.bias'] = torch.from_numpy(w['dense2/bias'].copy())
    net.load_state_dict(state)
    return net.requires_grad_(False).eval().to(device)


LOADERS = {'mnist-classifier': load_classifier}


def load_frozen(specs, device):
    """Every frozen network graph.py FROZEN names: {name: module}, for the loss terms' env['frozen']."""
    for name in specs:
        if name not in LOADERS:
            refuse('E_FROZEN_NETWORK', f'this project has no loader for the frozen network {name!r}')
    return {name: LOADERS[name](spec, device) for name, spec in specs.items()}
