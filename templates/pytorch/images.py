"""The image sets a design reads, offline: MNIST from its IDX files, GAN Studio's coloured shapes drawn from their seed,
and folders of your own images (sub-folders are classes). Each set is (pixels uint8 [count, h, w, c], labels int64 [count] or None, number of classes)."""
import math
import os
import sys
import warnings

import numpy as np
import torch

IMAGE_FILES = ('.png', '.jpg', '.jpeg', '.bmp', '.gif')
# The most pixels one image may have: 64 megapixels (GAN Studio's lib/data/image-limits.ts MAX_IMAGE_PIXELS). PIL
# decodes whatever size a header claims, so a 100-byte file saying 20000 x 20000 would take gigabytes; PIL's own
# guard only warns below twice its limit, and here the warning is an error.
MAX_IMAGE_PIXELS = 67_108_864


def load_mnist(folder):
    """MNIST's training digits from train-images-idx3-ubyte and train-labels-idx1-ubyte in `folder`."""
    def idx(name, offset):
        with open(os.path.join(folder, name), 'rb') as f:
            return np.frombuffer(f.read(), dtype=np.uint8, offset=offset)
    pixels = idx('train-images-idx3-ubyte', 16).reshape(-1, 28, 28, 1)
    labels = idx('train-labels-idx1-ubyte', 8).astype(np.int64)
    if len(labels) != len(pixels):
        raise SystemExit(f'{folder}: {len(pixels)} MNIST images but {len(labels)} labels')
    return torch.from_numpy(pixels.copy()), torch.from_numpy(labels), 10


def open_image(path, mode):
    """One image, decoded and converted to `mode`, or SystemExit with a message naming it: a file over the pixel
    limit (E_IMAGE_TOO_LARGE) or one PIL cannot read (E_IMAGE_UNREADABLE) stops the run before it costs memory."""
    from PIL import Image, UnidentifiedImageError

    Image.MAX_IMAGE_PIXELS = MAX_IMAGE_PIXELS
    with warnings.catch_warnings():
        warnings.simplefilter('error', Image.DecompressionBombWarning)
        try:
            with Image.open(path) as img:
                # Image.open reads the header only; the size check is done there, before any pixel is decoded.
                w, h = img.size
                if w * h > MAX_IMAGE_PIXELS:
                    raise Image.DecompressionBombError(f'{w} x {h} pixels')
                return img.convert(mode)
        except (Image.DecompressionBombError, Image.DecompressionBombWarning) as e:
            raise SystemExit(f'E_IMAGE_TOO_LARGE: {path} has more pixels than the limit of {MAX_IMAGE_PIXELS:,} '
                             f'(64 megapixels): {e}. Scale it down first.')
        except (UnidentifiedImageError, OSError, ValueError) as e:
            raise SystemExit(f'E_IMAGE_UNREADABLE: {path} cannot be decoded as an image ({e})')


def load_folder(folder, height, width, channels):
    """Your images, resized (bilinear) to height x width and converted to `channels`; sub-folders are classes."""
    from PIL import Image

    entries = sorted(os.listdir(folder))
    classes = [e for e in entries if os.path.isdir(os.path.join(folder, e))]
    groups = [(i, os.path.join(folder, c)) for i, c in enumerate(classes)] or [(0, folder)]
    pixels, labels = [], []
    for label, d in groups:
        for name in sorted(os.listdir(d)):
            if not name.lower().endswith(IMAGE_FILES):
                continue
            img = open_image(os.path.join(d, name), 'RGB' if channels == 3 else 'L').resize((width, height), Image.BILINEAR)
            pixels.append(np.asarray(img, dtype=np.uint8).reshape(height, width, channels))
            labels.append(label)
    if not pixels:
        raise SystemExit(f'{folder} holds no images ({", ".join(IMAGE_FILES)})')
    return torch.from_numpy(np.stack(pixels)), torch.tensor(labels) if classes else None, len(classes)


# GAN Studio's coloured shapes (lib/data/shapes.ts), drawn here from the same seed into the same bytes: dataset name ->
# (size, count). Integer arithmetic on a grid of 1/8 pixel, 4 x 4 samples per pixel; the only floats are mulberry32's
# divisions by 2^32, exact in both languages.
SHAPE_SETS = {'shapes': (32, 10_000), 'shapes64': (64, 5_000)}
SHAPES_SEED = 20_261_203
SHAPE_CLASSES = ['circle', 'square', 'triangle']
SHAPE_COLOURS = [(220, 40, 40), (40, 180, 60), (50, 80, 220), (230, 200, 40), (200, 50, 200), (40, 190, 200)]


def mulberry32(seed):
    """GAN Studio's seeded generator (lib/rng.ts): int(n) draws uniformly from 0..n-1."""
    state = [seed & 0xFFFFFFFF]

    def imul(a, b):
        return (a * b) & 0xFFFFFFFF

    def uniform():
        state[0] = (state[0] + 0x6D2B79F5) & 0xFFFFFFFF
        t = state[0]
        t = imul(t ^ (t >> 15), t | 1)
        t ^= (t + imul(t ^ (t >> 7), t | 61)) & 0xFFFFFFFF
        return (t ^ (t >> 14)) / 4294967296

    return lambda n: math.floor(uniform() * n)


def coloured_shapes(size, count, seed=SHAPES_SEED):
    """`count` images of size x size x 3 (size a multiple of 32): one circle, square or triangle (the label) in one of
    six colours on a dark grey background, fully inside the frame."""
    unit = size // 32
    draw = mulberry32(seed)
    pixels = np.empty((count, size, size, 3), dtype=np.uint8)
    labels = np.empty(count, dtype=np.int64)
    sub = np.arange(1, 8, 2)
    for i in range(count):
        shape = draw(3)
        fg = np.array(SHAPE_COLOURS[draw(len(SHAPE_COLOURS))], dtype=np.int64)
        bg = 16 + draw(48)
        r32 = 32 + draw(33)
        cx32 = r32 + draw(256 - 2 * r32 + 1)
        cy32 = r32 + draw(256 - 2 * r32 + 1)
        r, cx, cy = r32 * unit, cx32 * unit, cy32 * unit
        labels[i] = shape
        pixels[i] = bg
        x0, x1 = max(0, (cx - r) // 8 - 1), min(size - 1, (cx + r) // 8 + 1)
        y0, y1 = max(0, (cy - r) // 8 - 1), min(size - 1, (cy + r) // 8 + 1)
        # Sample points [rows, cols, 4, 4] in 1/8 pixel, relative to the centre.
        dy = (8 * np.arange(y0, y1 + 1)[:, None, None, None] + sub[None, None, :, None]) - cy
        dx = (8 * np.arange(x0, x1 + 1)[None, :, None, None] + sub[None, None, None, :]) - cx
        if shape == 0:
            hit = dx * dx + dy * dy <= r * r
        elif shape == 1:
            hit = (np.abs(dx) <= r) & (np.abs(dy) <= r)
        else:
            hit = (dy <= r) & (2 * np.abs(dx) <= dy + r)
        k = hit.sum(axis=(2, 3))[:, :, None]
        box = (bg * (16 - k) + fg * k + 8) >> 4
        pixels[i, y0:y1 + 1, x0:x1 + 1] = np.where(k > 0, box, bg)
    return torch.from_numpy(pixels), torch.from_numpy(labels), len(SHAPE_CLASSES)


def load_pair_half(folder, side, height, width, channels):
    """One half of your folder of pairs (--pairs DIR: DIR/A/x.png is the input whose target is DIR/B/x.png): the images
    of `side` whose name without extension is also in the other sub-folder, in name order, so index i of A pairs with
    index i of B. Files without a partner are counted and the first few named (once, for A), never used."""
    from PIL import Image

    def names(s):
        d = os.path.join(folder, s)
        if not os.path.isdir(d):
            raise SystemExit(f'{folder} needs the sub-folders A/ (inputs) and B/ (targets) with matching file names; {d} is missing')
        return {os.path.splitext(f)[0]: f for f in sorted(os.listdir(d)) if f.lower().endswith(IMAGE_FILES) and os.path.isfile(os.path.join(d, f))}

    a, b = names('A'), names('B')
    both = sorted(set(a) & set(b))
    if side == 'A':
        unmatched = [f'A/{a[n]}' for n in sorted(set(a) - set(b))] + [f'B/{b[n]}' for n in sorted(set(b) - set(a))]
        if unmatched:
            more = ', ...' if len(unmatched) > 5 else ''
            print(f'{folder}: {len(unmatched)} file(s) without a partner of the same name, left out: {", ".join(unmatched[:5])}{more}', file=sys.stderr)
    if not both:
        raise SystemExit(f'{folder}: no file in A/ has a partner of the same name in B/')
    files = a if side == 'A' else b
    mode = 'RGB' if channels == 3 else 'L'
    pixels = [np.asarray(open_image(os.path.join(folder, side, files[n]), mode).resize((width, height), Image.BILINEAR), dtype=np.uint8).reshape(height, width, channels) for n in both]
    return torch.from_numpy(np.stack(pixels)), None, 0


def load_images(needs, paths):
    """Loads what the design's sources read (graph.IMAGE_SETS); `paths` are --data, --data-a, --data-b, --pairs."""
    out = {}
    for need in needs:
        name = need['name']
        if name == 'mnist':
            out['mnist'] = load_mnist(paths.get('mnist') or os.environ.get('MNIST_DIR', 'data/mnist'))
        elif name in SHAPE_SETS:
            out[name] = coloured_shapes(*SHAPE_SETS[name])
        elif name in ('pairsA', 'pairsB'):
            if not paths.get('pairs'):
                raise SystemExit('this design trains on your own pairs: pass the folder with --pairs DIR (sub-folders A/ and B/ with matching file names)')
            out[name] = load_pair_half(paths['pairs'], name[-1], need['height'], need['width'], need['channels'])
        elif not paths.get(name):
            flag = {'folder': '--data', 'folderA': '--data-a', 'folderB': '--data-b'}[name]
            raise SystemExit(f'this design trains on your own images: pass the folder with {flag} DIR')
        else:
            out[name] = load_folder(paths[name], need['height'], need['width'], need['channels'])
    return out


# The seed and first epoch of every dataset's sampler: train.py sets them from --seed and the resumed step.
SAMPLING = {'seed': 0, 'epoch': 0}


class EpochSampler:
    """Indices into a set of `count` examples, n at a time, epoch after epoch, as torch.utils.data.DistributedSampler
    deals them: each epoch one permutation, the same on every rank (seeded by the run's seed, the stream and the epoch),
    and each rank its own 1/world of it, so under torchrun the ranks together see every example once per epoch. One
    process is world 1. `stream` tells apart two samplers of one set (CycleGAN's domains are drawn unpaired)."""

    def __init__(self, count, stream=0):
        from torch.utils.data import DistributedSampler
        import torch.distributed as dist

        ddp = dist.is_available() and dist.is_initialized()
        rank, world = (dist.get_rank(), dist.get_world_size()) if ddp else (0, 1)
        if count < world:
            raise SystemExit(f'{count} examples cannot be shared among {world} processes')
        self.sampler = DistributedSampler(range(count), num_replicas=world, rank=rank, shuffle=True, seed=SAMPLING['seed'] + 7919 * stream, drop_last=True)
        self.epoch, self.order = SAMPLING['epoch'], iter(())

    def take(self, n):
        out = []
        while len(out) < n:
            i = next(self.order, None)
            if i is None:
                self.sampler.set_epoch(self.epoch)
                self.epoch += 1
                self.order = iter(self.sampler)
            else:
                out.append(i)
        return torch.tensor(out, dtype=torch.int64)
