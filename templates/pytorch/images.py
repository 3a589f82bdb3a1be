"""The image sets a design reads, offline: MNIST from its IDX files, and folders of your own images (sub-folders are
classes). Each set is (pixels uint8 [count, h, w, c], labels int64 [count] or None, number of classes)."""
import os
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


def load_images(needs, paths):
    """Loads what the design's sources read (graph.IMAGE_SETS); `paths` are --data, --data-a, --data-b."""
    out = {}
    for need in needs:
        name = need['name']
        if name == 'mnist':
            out['mnist'] = load_mnist(paths.get('mnist') or os.environ.get('MNIST_DIR', 'data/mnist'))
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
