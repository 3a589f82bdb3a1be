"""Sample pictures: a grid of generated images, or a scatter of 2-D points, as PNG."""
import math
import os

import numpy as np


def write_sample(x, path, kind):
    """Writes `x` (images [n, c, h, w] in kind['range'], or points [n, d]) to `path` as a PNG."""
    from PIL import Image

    os.makedirs(os.path.dirname(path) or '.', exist_ok=True)
    x = x.detach().float().cpu()
    if kind['kind'] == 'image':
        x = x.view(x.shape[0], kind['channels'], kind['height'], kind['width'])
        lo = -1.0 if kind['range'] == '[-1,1]' else 0.0
        x = ((x - lo) / (1 - lo)).clamp(0, 1)
        side = math.ceil(math.sqrt(x.shape[0]))
        c, h, w = x.shape[1:]
        grid = np.ones((side * (h + 2), side * (w + 2), c), dtype=np.float32)
        for i, img in enumerate(x.numpy()):
            r, q = divmod(i, side)
            grid[r * (h + 2) + 1:r * (h + 2) + 1 + h, q * (w + 2) + 1:q * (w + 2) + 1 + w] = img.transpose(1, 2, 0)
        image = (grid * 255).round().astype(np.uint8)
        Image.fromarray(image[:, :, 0] if c == 1 else image).save(path)
    else:
        size, e = 400, kind['extent']
        canvas = np.full((size, size), 255, dtype=np.uint8)
        pts = x[:, :2].numpy()
        cols = ((pts[:, 0] + e) / (2 * e) * (size - 1)).round().astype(int)
        rows = ((e - pts[:, 1]) / (2 * e) * (size - 1)).round().astype(int)
        keep = (cols >= 0) & (cols < size) & (rows >= 0) & (rows < size)
        canvas[rows[keep], cols[keep]] = 0
        Image.fromarray(canvas).save(path)


# ---- python sample.py: the generator on chosen noise (GAN Studio's latent explorer's noise file), as a PNG

MAX_NOISE_VECTORS = 1024  # the most vectors one file may ask G for (lib/share/noise-file.ts, as in the TS export)
MAX_NOISE_FILE_BYTES = 32 * 1024 * 1024
DRAW_COLUMNS = 8  # tiles per row of the draws, as the explorer lays them out
NOISE_VIEWS = ('draws', 'path', 'moved', 'classes')
NOISE_FORMAT = 'gan-studio-latents'
GAP, TILE = 2, 128


def refuse(code, message):
    raise SystemExit(f'error: {code}: {message}')


def _show(v):
    import json
    if isinstance(v, str):
        return json.dumps(v[:40])
    if isinstance(v, bool) or v is None:
        return json.dumps(v)
    if isinstance(v, (int, float)):
        return 'Infinity' if v == math.inf else '-Infinity' if v == -math.inf else 'NaN' if v != v else repr(v)
    return json.dumps(v)[:40]


def _whole(v):
    return type(v) is int or (type(v) is float and v.is_integer())


def read_noise_file(path, dim, classes, view='draws'):
    """The vectors (float32 [n, dim]), labels (int64 [n] or None) and tiles per row of `view` in the explorer's noise
    file at `path`, checked in the order and with the messages of the TypeScript export's (lib/share/noise-file.ts);
    every count is checked before an array is allocated. Refusals exit with a message naming the file."""
    import json

    name = os.path.basename(path)
    try:
        size = os.path.getsize(path)
    except OSError as e:
        refuse('E_NOISE_FILE', f'cannot read {path} ({e.strerror})')
    if size > MAX_NOISE_FILE_BYTES:
        refuse('E_NOISE_FILE', f'{name} is {size / 1024 / 1024:.1f} MB; a noise file is at most {MAX_NOISE_FILE_BYTES // 1024 // 1024} MB.')
    try:
        with open(path, encoding='utf-8') as f:
            doc = json.load(f)
    except (ValueError, RecursionError) as e:
        refuse('E_NOISE_FILE', f'{name} is not JSON ({e}).')
    if not isinstance(doc, dict) or doc.get('format') != NOISE_FORMAT:
        got = (_show(doc['format']) if 'format' in doc else 'missing') if isinstance(doc, dict) else _show(doc)
        refuse('E_NOISE_FORMAT', f'{name} is not a GAN Studio noise file: its "format" is {got}, not "{NOISE_FORMAT}".')
    if not (_whole(doc.get('version')) and doc['version'] == 1):
        refuse('E_NOISE_FORMAT', f'{name} has "version" {_show(doc["version"]) if "version" in doc else "missing"}; this project reads version 1.')
    latent = doc.get('latent')
    d = latent.get('dim') if isinstance(latent, dict) else None
    if not _whole(d) or d < 1:
        refuse('E_NOISE_FORMAT', f'{name} has no whole-number "latent.dim" (it is {_show(d) if isinstance(latent, dict) and "dim" in latent else "missing"}).')
    if d != dim:
        refuse('E_NOISE_DIM', f"{name} holds {int(d)}-dimensional noise; this design's generator takes {dim}-dimensional noise.")
    draws = doc.get('draws')
    if not isinstance(draws, list):
        refuse('E_NOISE_FORMAT', f'{name} has no "draws" list of noise vectors.')

    def rows(field, v):
        if not isinstance(v, list):
            refuse('E_NOISE_VIEW', f'{name} has no "{field}" list of noise vectors for this view.')
        return v

    labels = doc.get('labels')
    picks = doc.get('picks') if isinstance(doc.get('picks'), dict) else {}

    def label_of_a():
        a = picks.get('a')
        if not (_whole(a) and 0 <= a < len(labels)):
            refuse('E_NOISE_VIEW', f'{name}: "picks.a" is {_show(a) if "a" in picks else "missing"}, not the index of one of its {len(labels)} draws.')
        return labels[int(a)]

    label_list, columns = None, DRAW_COLUMNS
    if view == 'draws':
        vectors = draws
        label_list = labels if isinstance(labels, list) else None
    elif view == 'path':
        path_ = doc.get('interpolation')
        vectors = rows('interpolation.vectors', path_.get('vectors') if isinstance(path_, dict) else None)
        if classes is not None and isinstance(labels, list):
            label_list = [label_of_a() for _ in vectors]
        columns = max(len(vectors), DRAW_COLUMNS)
    elif view == 'moved':
        vectors = rows('moved', doc.get('moved'))
        if classes is not None and isinstance(labels, list):
            label_list = [label_of_a() for _ in vectors]
        columns = 1
    else:
        grid = doc.get('classGrid')
        per = grid.get('noisePerClass') if isinstance(grid, dict) else None
        if not isinstance(grid, dict) or not _whole(per) or per < 1:
            refuse('E_NOISE_VIEW', f'{name} has no "classGrid" with a whole-number "noisePerClass" for this view.')
        per = int(per)
        label_list = rows('classGrid.labels', grid.get('labels'))
        if per > len(draws):
            refuse('E_NOISE_VIEW', f'{name}: "classGrid.noisePerClass" is {per}, but it holds {len(draws)} draws.')
        if len(label_list) > MAX_NOISE_VECTORS:
            _too_many(name, len(label_list))
        vectors = [draws[i % per] for i in range(len(label_list))]
        columns = per

    count = len(vectors)
    if count == 0:
        refuse('E_NOISE_FORMAT', f'{name} holds no noise vectors for the {view} view.')
    if count > MAX_NOISE_VECTORS:
        _too_many(name, count)
    for i, v in enumerate(vectors):
        if not isinstance(v, list):
            refuse('E_NOISE_FORMAT', f'{name}: vector {i} of the {view} view is not a list of numbers.')
        if len(v) != dim:
            refuse('E_NOISE_DIM', f"{name}: vector {i} of the {view} view has {len(v)} numbers; this design's generator takes {dim}-dimensional noise.")

    y = None
    if classes is None:
        if label_list is not None and view == 'classes':
            refuse('E_NOISE_LABELS', f"{name} has class labels, but this design's generator takes none.")
    else:
        k = classes
        if label_list is None:
            refuse('E_NOISE_LABELS', f'{name} has no "labels"; this design\'s generator needs a class (0–{k - 1}) for every vector.')
        if len(label_list) != count:
            refuse('E_NOISE_LABELS', f'{name} has {len(label_list)} labels for {count} noise vectors.')
        for i, c in enumerate(label_list):
            if not (_whole(c) and 0 <= c < k):
                refuse('E_NOISE_LABELS', f"{name}: label {i} is {_show(c)}, not a class of this design's {k} (0–{k - 1}).")
        y = np.array([int(c) for c in label_list], dtype=np.int64)

    out = np.empty((count, dim), dtype=np.float32)
    with np.errstate(over='ignore'):
        for i, v in enumerate(vectors):
            for j, x in enumerate(v):
                # JSON's NaN, Infinity and 1e999 parse in Python; a float32 overflows past 3.4e38.
                f = np.float32(x) if type(x) in (int, float) and abs(x) < 1e39 else np.float32('nan')
                if not np.isfinite(f):
                    refuse('E_NOISE_VALUE', f'{name}: number {j} of vector {i} of the {view} view is {_show(x)}, not a finite number.')
                out[i, j] = f
    return out, y, columns


def _too_many(name, n):
    refuse('E_NOISE_TOO_MANY', f'{name} asks for {n:,} noise vectors; at most {MAX_NOISE_VECTORS:,} are rendered at once.')


def write_tiles(x, path, kind, columns):
    """`x` as the TypeScript export's `npm run sample` draws it: images `columns` to a row, enlarged by a whole factor
    (nearest neighbour) with a 2-pixel gap, or for points one 128-pixel plot per point. `x` is channels-last."""
    from PIL import Image

    os.makedirs(os.path.dirname(path) or '.', exist_ok=True)
    x = np.asarray(x, dtype=np.float32)
    n = x.shape[0]
    cols = max(1, min(columns, n))
    rows = max(1, math.ceil(n / cols))
    if kind['kind'] == 'image':
        h, w, c = kind['height'], kind['width'], kind['channels']
        x = x.reshape(n, h, w, c)
        scaled = (x + 1) * 127.5 if kind['range'] == '[-1,1]' else x * 255
        # Round half to even, as tf.round does.
        values = np.clip(np.round(scaled), 0, 255).astype(np.uint8)
        zoom = max(1, 512 // (cols * w))
        zh, zw = h * zoom, w * zoom
        grid = np.full((rows * zh + (rows + 1) * GAP, cols * zw + (cols + 1) * GAP, c), 32, dtype=np.uint8)
        for i in range(n):
            top, left = GAP + (i // cols) * (zh + GAP), GAP + (i % cols) * (zw + GAP)
            grid[top:top + zh, left:left + zw] = values[i].repeat(zoom, 0).repeat(zoom, 1)
        Image.fromarray(grid[:, :, 0] if c == 1 else grid).save(path)
        return
    e, dims = kind['extent'], kind['dims']
    pts = x.reshape(n, -1)[:, :2].astype(np.float64) if dims >= 2 else x.reshape(n, -1).astype(np.float64)
    grid = np.full((rows * TILE + (rows + 1) * GAP, cols * TILE + (cols + 1) * GAP, 3), 32, dtype=np.uint8)

    def at(v):
        return int(math.floor((v + e) / (2 * e) * (TILE - 1) + 0.5))

    for k in range(n):
        top, left = GAP + (k // cols) * (TILE + GAP), GAP + (k % cols) * (TILE + GAP)
        grid[top:top + TILE, left:left + TILE] = 24

        def dot(i, r, rgb):
            cx, cy = at(pts[i, 0]), TILE - 1 - at(pts[i, 1])
            for dy in range(-r, r + 1):
                for dx in range(-r, r + 1):
                    px, py = cx + dx, cy + dy
                    if 0 <= px < TILE and 0 <= py < TILE:
                        grid[top + py, left + px] = rgb
        for i in range(n):
            if i != k:
                dot(i, 1, (110, 64, 20))
        dot(k, 2, (255, 140, 40))
    Image.fromarray(grid).save(path)


def main():
    """python sample.py [--noise FILE.json [--view NAME] | --seed N --count K] [--checkpoint PATH] [--out PNG]"""
    import argparse
    import json

    import torch
    import torch.nn.functional as F

    import graph

    p = argparse.ArgumentParser(description='The generator on chosen noise: the vectors of GAN Studio\'s latent explorer (--noise), or --count drawn with --seed, one tile per vector in order.')
    p.add_argument('--noise', help='the noise vectors (and class labels) of GAN Studio\'s latent explorer ("Export noise (JSON)")')
    p.add_argument('--view', default='draws', choices=NOISE_VIEWS, help="which of the file's views (default draws)")
    p.add_argument('--seed', type=int, default=None, help=f"without --noise: draw the vectors with this seed (default {graph.SETTINGS['seed']})")
    p.add_argument('--count', type=int, default=None, help=f'without --noise: how many (default 16, at most {MAX_NOISE_VECTORS})')
    p.add_argument('--checkpoint', help='checkpoints/last.pt, or GAN Studio weights such as weights/initial.json (default: the first of those that exists)')
    p.add_argument('--out', default='samples/noise.png', help='the picture (default samples/noise.png)')
    p.add_argument('--values', help='also write the generated samples as numbers ({"shape", "values"}, channels last)')
    p.add_argument('--device', default='cpu')
    args = p.parse_args()

    latent = graph.LATENT
    if isinstance(latent, str):
        raise SystemExit(f'error: this design cannot be sampled from chosen noise: {latent}')
    classes = latent['labels']['classes'] if latent['labels'] else None
    if args.noise is not None and (args.seed is not None or args.count is not None):
        raise SystemExit('error: --seed and --count draw the vectors; --noise reads them: give one or the other')
    if args.noise is not None:
        z, y, columns = read_noise_file(args.noise, latent['dim'], classes, args.view)
        z = torch.from_numpy(z)
        y = None if y is None else torch.from_numpy(y)
    else:
        count = 16 if args.count is None else args.count
        if not 1 <= count <= MAX_NOISE_VECTORS:
            raise SystemExit(f'error: --count takes a whole number from 1 to {MAX_NOISE_VECTORS:,}; got "{count}"')
        g = torch.Generator().manual_seed(graph.SETTINGS['seed'] if args.seed is None else args.seed)
        z = torch.rand(count, latent['dim'], generator=g) * 2 - 1 if latent['distribution'] == 'uniform' else latent['scale'] * torch.randn(count, latent['dim'], generator=g)
        y = torch.arange(count) % classes if classes else None
        columns = DRAW_COLUMNS

    from train import load_initial, load_tensors

    path = args.checkpoint or next((f for f in (os.path.join('checkpoints', 'last.pt'), os.path.join('weights', 'initial.json')) if os.path.exists(f)), None)
    if path is None or not os.path.exists(path):
        raise SystemExit(f'error: no checkpoint at {path or "checkpoints/last.pt or weights/initial.json"}: train first (python train.py) or pass --checkpoint PATH')
    device = torch.device(args.device)
    nets = {k: cls().to(device) for k, cls in graph.NETWORKS.items()}
    ema = {}
    if path.endswith('.json'):
        step = load_initial(nets, path)
    else:
        try:
            state = load_tensors(path, map_location=device)
            for k, net in nets.items():
                net.load_state_dict(state['networks'][k])
            for k, sd in state.get('ema', {}).items():
                ema[k] = graph.NETWORKS[k]().to(device)
                ema[k].load_state_dict(sd)
            step = state['step']
        except Exception as e:  # a file that is not this design's checkpoint: say so, without a traceback
            raise SystemExit(f'error: E_RESUME_FORMAT: {path} is not a checkpoint of this design ({str(e).splitlines()[0] if str(e) else type(e).__name__})')
    sampler = {**nets, **ema}
    for n in sampler.values():
        n.eval()
    fed = {latent['node']: {latent['port']: z.to(device)}}
    if y is not None:
        lab = latent['labels']
        enc = F.one_hot(y, lab['classes']).float() if lab['encoding'] == 'one-hot' else y.float().view(-1, 1)
        fed.setdefault(lab['node'], {})[lab['port']] = enc.to(device)
    with torch.no_grad():
        fake = graph.generated(sampler, fed).float().cpu()
    if fake.dim() == 4:
        fake = fake.permute(0, 2, 3, 1)
    write_tiles(fake.numpy(), args.out, graph.SAMPLE_KIND, columns)
    if args.values:
        os.makedirs(os.path.dirname(args.values) or '.', exist_ok=True)
        with open(args.values, 'w') as f:
            json.dump({'shape': list(fake.shape), 'values': [float(v) for v in fake.reshape(-1).tolist()]}, f)
    source = f' from {args.noise}, view {args.view}' if args.noise else f', seed {args.seed if args.seed is not None else graph.SETTINGS["seed"]}'
    print(f'sample: {args.out} ({z.shape[0]} vectors{source}; {path} at step {step})')


if __name__ == '__main__':
    main()
