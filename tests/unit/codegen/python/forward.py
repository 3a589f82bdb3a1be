"""Runs a generated models.py on inputs GAN Studio wrote, with its converted weights, and prints how far each
network's outputs are from what tfjs computed: one JSON object on the last line. Used by torch-models.test.ts."""
import importlib.util
import json
import sys

import numpy as np
import torch


def main(folder):
    spec = importlib.util.spec_from_file_location('models', f'{folder}/models.py')
    models = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(models)
    case = json.load(open(f'{folder}/case.json'))
    blob = open(f'{folder}/case.bin', 'rb').read()

    def tensor(entry):
        a = np.frombuffer(blob, dtype='<f4', count=int(np.prod(entry['shape'])), offset=entry['offset'])
        return torch.from_numpy(a.copy()).reshape(entry['shape'])

    report = {}
    torch.set_grad_enabled(False)
    for net in case['networks']:
        model = getattr(models, net['class'])()
        # strict: every parameter and buffer of the module must come from GAN Studio's weights, and nothing else.
        state = {w['key']: tensor(w) for w in net['weights']}
        missing = [k for k in model.state_dict() if k not in state and not k.endswith('num_batches_tracked')]
        model.load_state_dict(state, strict=False)
        unexpected = [k for k in state if k not in model.state_dict()]
        model.eval()
        inputs = [tensor(x) for x in net['inputs']]
        outs = model(*inputs)
        outs = outs if isinstance(outs, tuple) else (outs,)
        worst = 0.0
        for out, want in zip(outs, net['outputs']):
            got = out.permute(0, 2, 3, 1) if out.dim() == 4 else out
            expected = tensor(want)
            if list(got.shape) != list(expected.shape):
                raise SystemExit(f"{net['id']}: PyTorch made {list(got.shape)}, tfjs {list(expected.shape)}")
            # Relative to the output's scale: float32 sums of hundreds of products differ in their last bits.
            worst = max(worst, float((got - expected).abs().max() / max(float(expected.abs().max()), 1e-6)))
        report[net['id']] = {'maxRelDiff': worst, 'missing': missing, 'unexpected': unexpected}
    print(json.dumps(report))


if __name__ == '__main__':
    main(sys.argv[1])
